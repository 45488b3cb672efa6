package dev.nabla.core;

/**
 * The element type of a tensor.
 *
 * <p>{@link #FLOAT32} is the default and the fast path. {@link #FLOAT64} is supported by every
 * differentiable op (and is what {@link GradCheck} runs in). {@link #INT32} and {@link #INT64} hold
 * indices and class labels, {@link #BOOL} the results of comparisons and masks; none of the three
 * is differentiable.
 */
public enum DType {
  /** 32-bit IEEE 754 floating point: the default. */
  FLOAT32(4),
  /** 64-bit IEEE 754 floating point. */
  FLOAT64(8),
  /** 32-bit signed integers: indices and labels, never differentiable. */
  INT32(4),
  /** 64-bit signed integers (PyTorch's default integer type, {@code torch.long}). */
  INT64(8),
  /** Booleans: comparison results and masks, stored one per byte. */
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether this is INT32 or INT64. */
  public boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  /** Whether values of this type can carry gradients (FLOAT32 and FLOAT64). */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }
}
