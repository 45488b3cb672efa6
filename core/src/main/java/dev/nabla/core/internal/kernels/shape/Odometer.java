package dev.nabla.core.internal.kernels.shape;

/**
 * Walks the positions of a row-major index space (the outer dimensions of a loop nest) and yields,
 * for each, the offset {@code sum(index[d] * strides[d])} into another array. The kernels run their
 * innermost dimension as a plain typed loop and call {@link #next()} once per row, so strided and
 * broadcast access costs one small monomorphic call per row rather than per element.
 */
final class Odometer {
  private final int[] dims;
  private final int[] strides;
  private final int[] index;
  private int offset;

  /**
   * Iterates {@code dims} (any rank, 0 included: then there is one position), with {@code strides}.
   */
  Odometer(int[] dims, int[] strides) {
    this.dims = dims;
    this.strides = strides;
    this.index = new int[dims.length];
  }

  /** The offset of the current position; then moves to the next position (row-major). */
  int next() {
    int current = offset;
    for (int d = dims.length - 1; d >= 0; d--) {
      offset += strides[d];
      if (++index[d] < dims[d]) {
        break;
      }
      offset -= strides[d] * dims[d];
      index[d] = 0;
    }
    return current;
  }

  /** Number of positions: the product of the dimensions. */
  static int count(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** The first {@code n} entries of {@code a}. */
  static int[] head(int[] a, int n) {
    return java.util.Arrays.copyOf(a, n);
  }
}
