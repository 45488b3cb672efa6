package dev.nabla.onnx.internal.proto;

/**
 * {@code TensorShapeProto.Dimension}: a fixed size ({@code hasValue}), a symbolic name ({@code
 * param} not empty), or neither (unknown).
 */
public record Dimension(boolean hasValue, long value, String param) {
  public static final int DIM_VALUE = 1;
  public static final int DIM_PARAM = 2;
  public static final int DENOTATION = 3;
}
