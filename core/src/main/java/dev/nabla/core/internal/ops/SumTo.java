package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Sums the broadcast dimensions of a tensor away to reach a shape that broadcasts to it: how the
 * gradient of a broadcast input is reduced back to the input's shape.
 */
public final class SumTo extends Op {
  private final int[] shape;

  public SumTo(int[] shape) {
    this.shape = Shapes.checked("sumTo", shape);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    int[] from = in[0].shape();
    if (!Shapes.broadcastsTo(shape, from)) {
      throw new IllegalArgumentException(
          "sumTo: shape "
              + Arrays.toString(from)
              + " cannot be summed to "
              + Arrays.toString(shape)
              + ", which does not broadcast to it");
    }
    Tensor out = TensorAccess.empty(in[0].dtype(), shape);
    try {
      Kernels.shape().sumTo(TensorAccess.data(in[0]), from, TensorAccess.data(out), shape);
    } catch (ArithmeticException e) {
      throw Sum.intOverflow(
          "sumTo",
          "summing an INT32 tensor of shape "
              + Arrays.toString(from)
              + " to shape "
              + Arrays.toString(shape),
          e);
    }
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.broadcastTo(ctx.inputShape(0))};
  }
}
