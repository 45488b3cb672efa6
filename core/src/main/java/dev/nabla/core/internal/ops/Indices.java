package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;

/**
 * Index tensors as the kernels take them: INT32 or INT64 (PyTorch's index dtype), read as an {@code
 * int[]}. An INT32 index is its own storage; an INT64 one is converted, each value outside the int
 * range becoming -1, so that the op's range check rejects it, and {@link #value} gives the original
 * value for the message.
 */
public final class Indices {
  private Indices() {}

  /** Whether {@code index} has an index dtype, INT32 or INT64. */
  public static boolean isIndex(Tensor index) {
    return index.dtype() == DType.INT32 || index.dtype() == DType.INT64;
  }

  /**
   * The values of {@code index} ({@code name} in the message of op {@code op}) as ints; throws when
   * it is neither INT32 nor INT64.
   */
  public static int[] ints(String op, String name, Tensor index) {
    if (!isIndex(index)) {
      throw new IllegalArgumentException(
          op + ": " + name + " must be INT32 or INT64, got " + index.dtype());
    }
    if (index.dtype() == DType.INT32) {
      return TensorAccess.ints(index);
    }
    long[] v = TensorAccess.longs(index);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] == (int) v[i] ? (int) v[i] : -1;
    }
    return out;
  }

  /** Element {@code i} of an INT32 or INT64 index, as given. */
  public static long value(Tensor index, int i) {
    return index.dtype() == DType.INT64
        ? TensorAccess.longs(index)[i]
        : TensorAccess.ints(index)[i];
  }
}
