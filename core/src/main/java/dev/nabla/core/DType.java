package dev.nabla.core;

/**
 * The element type of a tensor.
 *
 * <p>{@link #FLOAT32} is the default and the fast path. {@link #FLOAT64} is supported by every
 * differentiable op (and is what {@link GradCheck} runs in). {@link #INT32} holds indices and class
 * labels and is never differentiable.
 */
public enum DType {
  /** 32-bit IEEE 754 floating point: the default. */
  FLOAT32(4),
  /** 64-bit IEEE 754 floating point. */
  FLOAT64(8),
  /** 32-bit signed integers: indices and labels, never differentiable. */
  INT32(4);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether values of this type can carry gradients. */
  public boolean isFloatingPoint() {
    return this != INT32;
  }
}
