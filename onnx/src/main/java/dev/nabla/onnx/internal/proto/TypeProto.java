package dev.nabla.onnx.internal.proto;

import java.util.List;

/**
 * {@code TypeProto}: which kind of value ({@link Kind}); for tensors (and sparse tensors) the
 * element type and, when known, the shape ({@code shape == null}: unknown rank); for sequences and
 * optionals the element's type.
 */
public record TypeProto(Kind kind, int elemType, List<Dimension> shape, TypeProto element) {
  public static final int TENSOR_TYPE = 1;
  public static final int SEQUENCE_TYPE = 4;
  public static final int MAP_TYPE = 5;
  public static final int SPARSE_TENSOR_TYPE = 8;
  public static final int OPTIONAL_TYPE = 9;
  public static final int DENOTATION = 6;

  /** In {@code TypeProto.Tensor}, {@code .Sequence}, {@code .Optional}: the element type. */
  public static final int ELEM_TYPE = 1;

  /** In {@code TypeProto.Tensor}: the shape. */
  public static final int SHAPE = 2;

  /** In {@code TensorShapeProto}: its dimensions. */
  public static final int DIM = 1;

  /** Which field of the {@code value} oneof is set. */
  public enum Kind {
    NONE,
    TENSOR,
    SEQUENCE,
    MAP,
    SPARSE_TENSOR,
    OPTIONAL
  }

  public TypeProto {
    shape = shape == null ? null : List.copyOf(shape);
  }

  /** A dense tensor of {@code elemType} with the given dimensions (null: unknown rank). */
  public static TypeProto tensor(int elemType, List<Dimension> shape) {
    return new TypeProto(Kind.TENSOR, elemType, shape, null);
  }
}
