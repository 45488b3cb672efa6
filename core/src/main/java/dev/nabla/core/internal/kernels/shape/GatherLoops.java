package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.Shapes;

/**
 * The indexing loops behind {@link PlainShapeKernels}: gather and its reverse, scatter-add. Both
 * walk the index tensor in row-major order; the source offset of an index position is its offset in
 * the source with the gathered axis's stride replaced by {@code index value * stride}.
 */
public final class GatherLoops {
  private GatherLoops() {}

  public static int firstOutOfRange(int[] index, int bound) {
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

  public static void gather(
      Object src, int[] srcShape, int axis, int[] index, int[] indexShape, Object dst) {
    walk(false, src, srcShape, axis, index, indexShape, dst);
  }

  public static void scatterAdd(
      Object src, int[] indexShape, int axis, int[] index, Object dst, int[] dstShape) {
    walk(true, src, dstShape, axis, index, indexShape, dst);
  }

  /**
   * Gathers from {@code src} (shape {@code dataShape}), or with {@code add} scatter-adds into dst.
   */
  private static void walk(
      boolean add,
      Object src,
      int[] dataShape,
      int axis,
      int[] index,
      int[] indexShape,
      Object dst) {
    if (index.length == 0) {
      return;
    }
    Walk w = Walk.of(dataShape, axis, indexShape);
    int rows = index.length / w.len, len = w.len, step = w.step, as = w.axisStride;
    switch (src) {
      case float[] s when add ->
          FloatCopyLoops.scatterAdd(s, (float[]) dst, index, rows, len, step, as, w.rows);
      case double[] s when add ->
          DoubleCopyLoops.scatterAdd(s, (double[]) dst, index, rows, len, step, as, w.rows);
      case float[] s -> FloatCopyLoops.gather(s, (float[]) dst, index, rows, len, step, as, w.rows);
      case double[] s ->
          DoubleCopyLoops.gather(s, (double[]) dst, index, rows, len, step, as, w.rows);
      case int[] s when !add ->
          IntCopyLoops.gather(s, (int[]) dst, index, rows, len, step, as, w.rows);
      case long[] s when !add ->
          LongCopyLoops.gather(s, (long[]) dst, index, rows, len, step, as, w.rows);
      case boolean[] s when !add ->
          BooleanCopyLoops.gather(s, (boolean[]) dst, index, rows, len, step, as, w.rows);
      default -> throw ReducePlan.unsupported(add ? "scatterAdd" : "gather", src);
    }
  }
}
