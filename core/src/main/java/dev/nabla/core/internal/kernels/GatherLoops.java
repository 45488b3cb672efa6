package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.Shapes;

/**
 * The indexing loops behind {@link PlainShapeKernels}: gather and its reverse, scatter-add. Both
 * walk the index tensor in row-major order; the source offset of an index position is its offset in
 * the source with the gathered axis's stride replaced by {@code index value * stride}.
 */
final class GatherLoops {
  private GatherLoops() {}

  static int firstOutOfRange(int[] index, int bound) {
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= bound) {
        return i;
      }
    }
    return -1;
  }

  /** Strides of the data tensor with the gathered axis's stride zeroed, and that axis's stride. */
  private record Walk(Odometer rows, int len, int step, int axisStride) {
    static Walk of(int[] dataShape, int axis, int[] indexShape) {
      int rank = indexShape.length;
      int[] ds = Shapes.strides(dataShape);
      int axisStride = ds[axis];
      ds[axis] = 0;
      return new Walk(
          new Odometer(Odometer.head(indexShape, rank - 1), Odometer.head(ds, rank - 1)),
          indexShape[rank - 1],
          ds[rank - 1],
          axisStride);
    }
  }

  static void gather(
      Object src, int[] srcShape, int axis, int[] index, int[] indexShape, Object dst) {
    int n = index.length;
    if (n == 0) {
      return;
    }
    Walk w = Walk.of(srcShape, axis, indexShape);
    int len = w.len, step = w.step, as = w.axisStride;
    int rows = n / len;
    switch (src) {
      case float[] s -> {
        float[] d = (float[]) dst;
        for (int r = 0, p = 0; r < rows; r++) {
          for (int k = 0, base = w.rows.next(); k < len; k++, p++, base += step) {
            d[p] = s[base + index[p] * as];
          }
        }
      }
      case double[] s -> {
        double[] d = (double[]) dst;
        for (int r = 0, p = 0; r < rows; r++) {
          for (int k = 0, base = w.rows.next(); k < len; k++, p++, base += step) {
            d[p] = s[base + index[p] * as];
          }
        }
      }
      case int[] s -> {
        int[] d = (int[]) dst;
        for (int r = 0, p = 0; r < rows; r++) {
          for (int k = 0, base = w.rows.next(); k < len; k++, p++, base += step) {
            d[p] = s[base + index[p] * as];
          }
        }
      }
      default -> throw ReducePlan.unsupported(src);
    }
  }

  static void scatterAdd(
      Object src, int[] indexShape, int axis, int[] index, Object dst, int[] dstShape) {
    int n = index.length;
    if (n == 0) {
      return;
    }
    Walk w = Walk.of(dstShape, axis, indexShape);
    int len = w.len, step = w.step, as = w.axisStride;
    int rows = n / len;
    switch (src) {
      case float[] s -> {
        float[] d = (float[]) dst;
        for (int r = 0, p = 0; r < rows; r++) {
          for (int k = 0, base = w.rows.next(); k < len; k++, p++, base += step) {
            d[base + index[p] * as] += s[p];
          }
        }
      }
      case double[] s -> {
        double[] d = (double[]) dst;
        for (int r = 0, p = 0; r < rows; r++) {
          for (int k = 0, base = w.rows.next(); k < len; k++, p++, base += step) {
            d[base + index[p] * as] += s[p];
          }
        }
      }
      default -> throw ReducePlan.unsupported(src);
    }
  }
}
