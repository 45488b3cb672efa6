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
 * Picks values along one axis at INT32 or INT64 indices, as {@code torch.gather}: applied to {@code
 * (input, index)}, where {@code index} has the input's rank and is no larger than it on every other
 * axis; the output has the index's shape and, for axis 1 of a 3-d input, {@code out[i][j][k] =
 * input[i][index[i][j][k]][k]}. Every index must lie in {@code [0, input.dim(axis))}.
 *
 * <p>The gradient of the input adds each output gradient back where it was read from (so an index
 * used twice receives the sum of both gradients); the index gets none.
 */
public final class Gather extends Op {
  private final int axis;

  public Gather(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    if (in.length != 2) {
      throw new IllegalArgumentException(
          "gather: expected two tensors (input, index), got " + in.length);
    }
    Tensor x = in[0];
    Tensor index = in[1];
    int[] idx = Indices.ints("gather", "index", index);
    int[] xs = x.shape();
    int[] is = index.shape();
    int a = Shapes.axis("gather", axis, xs);
    if (is.length != xs.length) {
      throw new IllegalArgumentException(
          "gather: index has shape "
              + Arrays.toString(is)
              + " of rank "
              + is.length
              + ", input has shape "
              + Arrays.toString(xs)
              + " of rank "
              + xs.length
              + " (expected the same rank)");
    }
    for (int d = 0; d < xs.length; d++) {
      if (d != a && is[d] > xs[d]) {
        throw new IllegalArgumentException(
            "gather: index shape "
                + Arrays.toString(is)
                + " is larger than input shape "
                + Arrays.toString(xs)
                + " on axis "
                + d
                + " (expected index size <= input size on "
                + "every axis but the gather axis "
                + a
                + ")");
      }
    }
    int bad = Kernels.shape().firstOutOfRange(idx, xs[a]);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "gather: index value "
              + Indices.value(index, bad)
              + " at position "
              + Arrays.toString(unravel(bad, is))
              + " is out of range for axis "
              + a
              + " of input shape "
              + Arrays.toString(xs)
              + (xs[a] == 0
                  ? " (the axis is empty: no index is valid)"
                  : " (expected 0 to " + (xs[a] - 1) + ")"));
    }
    Tensor out = TensorAccess.empty(x.dtype(), is);
    Kernels.shape().gather(TensorAccess.data(x), xs, a, idx, is, TensorAccess.data(out));
    // backward reads the index as INT32: an INT64 one is saved as its converted copy
    ctx.save(index.dtype() == DType.INT32 ? index : TensorAccess.wrap(idx, is));
    return out;
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] pos = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      pos[d] = flat % shape[d];
      flat /= shape[d];
    }
    return pos;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor index = ctx.saved(0);
    int[] xs = ctx.inputShape(0);
    int a = Shapes.axis("gather", axis, xs);
    Tensor dx = TensorAccess.empty(grad.dtype(), xs);
    Kernels.shape()
        .scatterAdd(
            TensorAccess.data(grad),
            index.shape(),
            a,
            TensorAccess.ints(index),
            TensorAccess.data(dx),
            xs);
    return new Tensor[] {dx, null};
  }
}
