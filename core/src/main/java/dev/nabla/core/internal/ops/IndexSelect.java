package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * {@code torch.index_select(input, axis, index)}: the slices of the input at the 1-d INT32 or INT64
 * {@code index} along one axis, in index order (repeats allowed). One row copy per index. The
 * gradient adds each output slice back into the input slice it came from, so repeated indices
 * accumulate.
 */
public final class IndexSelect extends Op {
  private final int axis;

  public IndexSelect(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0], index = in[1];
    int[] idx = Indices.ints("indexSelect", "index", index);
    if (index.rank() != 1) {
      throw new IllegalArgumentException(
          "indexSelect: index must be 1-d, got shape " + Arrays.toString(index.shape()));
    }
    int[] xs = x.shape();
    int a = Shapes.axis("indexSelect", axis, xs);
    int bad = Kernels.shape().firstOutOfRange(idx, xs[a]);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "indexSelect: index value "
              + Indices.value(index, bad)
              + " at position "
              + bad
              + " is out of range for axis "
              + a
              + " of input shape "
              + Arrays.toString(xs)
              + (xs[a] == 0
                  ? " (the axis is empty: no index is valid)"
                  : " (expected 0 to " + (xs[a] - 1) + ")"));
    }
    int[] os = xs.clone();
    os[a] = idx.length;
    Tensor out = TensorAccess.empty(x.dtype(), Shapes.result("indexSelect", os, xs));
    Kernels.shape()
        .indexSelect(
            TensorAccess.data(x), outer(xs, a), xs[a], inner(xs, a), idx, TensorAccess.data(out));
    ctx.save(index.dtype() == DType.INT32 ? index : TensorAccess.wrap(idx, idx.length));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] xs = ctx.inputShape(0);
    int a = Shapes.axis("indexSelect", axis, xs);
    Tensor dx = TensorAccess.empty(grad.dtype(), xs);
    Kernels.shape()
        .indexAdd(
            TensorAccess.data(grad),
            outer(xs, a),
            inner(xs, a),
            TensorAccess.ints(ctx.saved(0)),
            TensorAccess.data(dx),
            xs[a]);
    return new Tensor[] {dx, null};
  }

  static int outer(int[] shape, int axis) {
    int n = 1;
    for (int i = 0; i < axis; i++) {
      n *= shape[i];
    }
    return n;
  }

  static int inner(int[] shape, int axis) {
    int n = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }
}
