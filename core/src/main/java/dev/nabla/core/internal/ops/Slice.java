package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * Elements {@code start, start+step, ...} below {@code end} along one axis, with Python's slice
 * semantics ({@code x[start:end:step]}): a negative bound counts from the end, bounds beyond the
 * axis are clipped to it, and an empty range gives a size-0 axis. The step must be positive. The
 * gradient is the output gradient written into zeros at the sliced positions.
 */
public final class Slice extends Op {
  private final int axis;
  private final int start;
  private final int end;
  private final int step;

  public Slice(int axis, int start, int end, int step) {
    if (step <= 0) {
      throw new IllegalArgumentException(
          "slice: step must be positive, got " + step + " (reversed slices are not supported)");
    }
    this.axis = axis;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  /** Where the slice falls along an axis of one length: first index, count, and the block view. */
  private record Range(int axis, int outer, int len, int inner, int first, int count) {}

  private Range range(int[] shape) {
    int a = Shapes.axis("slice", axis, shape);
    int len = shape[a];
    int from = clip(start, len);
    int to = clip(end, len);
    int count = to > from ? (to - from - 1) / step + 1 : 0;
    int outer = 1, inner = 1;
    for (int i = 0; i < a; i++) {
      outer *= shape[i];
    }
    for (int i = a + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    return new Range(a, outer, len, inner, from, count);
  }

  /** Python's rule for a slice bound with a positive step. */
  private static int clip(int bound, int len) {
    if (bound < 0) {
      return Math.max(0, bound + len);
    }
    return Math.min(bound, len);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] shape = x.shape();
    Range r = range(shape);
    int[] outShape = shape.clone();
    outShape[r.axis] = r.count;
    Tensor out = TensorAccess.empty(x.dtype(), outShape);
    Kernels.shape()
        .slice(
            TensorAccess.data(x),
            r.outer,
            r.len,
            r.inner,
            r.first,
            step,
            r.count,
            TensorAccess.data(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] shape = ctx.inputShape(0);
    Range r = range(shape);
    Tensor dx = TensorAccess.empty(grad.dtype(), shape);
    Kernels.shape()
        .unslice(
            TensorAccess.data(grad),
            r.outer,
            r.count,
            r.inner,
            r.first,
            step,
            r.len,
            TensorAccess.data(dx));
    return new Tensor[] {dx};
  }
}
