package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.shape.CopyLoops;
import dev.nabla.core.internal.kernels.shape.GatherLoops;
import dev.nabla.core.internal.kernels.shape.IndexLoops;
import dev.nabla.core.internal.kernels.shape.MaxLoops;
import dev.nabla.core.internal.kernels.shape.ScanLoops;
import dev.nabla.core.internal.kernels.shape.SumLoops;

/**
 * Plain-Java reductions and data movement: the reference implementation. The loops live in
 * package-private classes by family: {@link SumLoops}, {@link MaxLoops}, {@link CopyLoops}, {@link
 * GatherLoops}, {@link ScanLoops}.
 */
public class PlainShapeKernels implements ShapeKernels {

  @Override
  public void broadcastTo(Object src, int[] srcShape, Object dst, int[] dstShape) {
    CopyLoops.broadcastTo(src, srcShape, dst, dstShape);
  }

  @Override
  public void sumTo(Object src, int[] srcShape, Object dst, int[] dstShape) {
    // Summing to a shape that broadcasts to srcShape is summing over the leading extra axes and
    // the axes where dstShape has 1 and srcShape does not; the kept elements keep their order.
    int off = srcShape.length - dstShape.length;
    int[] axes = new int[srcShape.length];
    int k = 0;
    for (int i = 0; i < srcShape.length; i++) {
      if (i < off || (dstShape[i - off] == 1 && srcShape[i] != 1)) {
        axes[k++] = i;
      }
    }
    SumLoops.sum(src, srcShape, java.util.Arrays.copyOf(axes, k), dst);
  }

  @Override
  public void sum(Object src, int[] shape, int[] axes, Object dst) {
    SumLoops.sum(src, shape, axes, dst);
  }

  @Override
  public void extremum(boolean min, Object src, int[] shape, int[] axes, Object dst) {
    MaxLoops.max(src, shape, axes, dst, min);
  }

  @Override
  public void maxBackward(Object x, int[] shape, int[] axes, Object max, Object grad, Object dx) {
    MaxLoops.maxBackward(x, shape, axes, max, grad, dx);
  }

  @Override
  public void argExtremum(boolean min, Object src, int outer, int n, int inner, int[] dst) {
    MaxLoops.argmax(src, outer, n, inner, dst, min);
  }

  @Override
  public void permute(Object src, int[] srcShape, int[] axes, Object dst) {
    CopyLoops.permute(src, srcShape, axes, dst);
  }

  @Override
  public void slice(
      Object src, int outer, int srcLen, int inner, int start, int step, int count, Object dst) {
    CopyLoops.slice(src, outer, srcLen, inner, start, step, count, dst);
  }

  @Override
  public void unslice(
      Object src, int outer, int count, int inner, int start, int step, int dstLen, Object dst) {
    CopyLoops.unslice(src, outer, count, inner, start, step, dstLen, dst);
  }

  @Override
  public void concat(Object[] srcs, int[] lengths, int outer, int inner, Object dst) {
    CopyLoops.concat(srcs, lengths, outer, inner, dst);
  }

  @Override
  public int firstOutOfRange(int[] index, int bound) {
    return GatherLoops.firstOutOfRange(index, bound);
  }

  @Override
  public void gather(
      Object src, int[] srcShape, int axis, int[] index, int[] indexShape, Object dst) {
    GatherLoops.gather(src, srcShape, axis, index, indexShape, dst);
  }

  @Override
  public void scatterAdd(
      Object src, int[] indexShape, int axis, int[] index, Object dst, int[] dstShape) {
    GatherLoops.scatterAdd(src, indexShape, axis, index, dst, dstShape);
  }

  @Override
  public void cumsum(Object src, Object dst, int outer, int n, int inner, boolean reverse) {
    ScanLoops.cumsum(src, dst, outer, n, inner, reverse);
  }

  @Override
  public void triangle(
      Object src, int batch, int rows, int cols, int diagonal, boolean upper, Object dst) {
    ScanLoops.triangle(src, batch, rows, cols, diagonal, upper, dst);
  }

  @Override
  public void topk(Object src, int outer, int n, int inner, int k, boolean largest, int[] dst) {
    ScanLoops.topk(src, outer, n, inner, k, largest, dst);
  }

  @Override
  public void indexSelect(Object src, int outer, int n, int inner, int[] index, Object dst) {
    IndexLoops.select(src, outer, n, inner, index, dst);
  }

  @Override
  public void indexAdd(Object src, int outer, int inner, int[] index, Object dst, int n) {
    IndexLoops.add(src, outer, inner, index, dst, n);
  }
}
