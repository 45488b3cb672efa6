package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Repeats size-1 dimensions (and prepends new ones) to reach a target shape; backward sums back.
 */
public final class BroadcastTo extends Op {
  private final int[] shape;

  public BroadcastTo(int[] shape) {
    this.shape = Shapes.dims("broadcastTo", shape);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    int[] from = in[0].shape();
    if (!Shapes.broadcastsTo(from, shape)) {
      throw new IllegalArgumentException(
          "broadcastTo: shape "
              + Arrays.toString(from)
              + " cannot be broadcast to "
              + Arrays.toString(shape));
    }
    Tensor out = TensorAccess.empty(in[0].dtype(), Shapes.result("broadcastTo", shape, from));
    Kernels.shape().broadcastTo(TensorAccess.data(in[0]), from, TensorAccess.data(out), shape);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.sumTo(ctx.inputShape(0))};
  }
}
