package dev.nabla.onnx.internal.proto;

/** {@code OperatorSetIdProto}: an operator set (the empty domain is the default ONNX one). */
public record OperatorSetId(String domain, long version) {
  public static final int DOMAIN = 1;
  public static final int VERSION = 2;
}
