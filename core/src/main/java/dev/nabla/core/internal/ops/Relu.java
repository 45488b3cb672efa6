package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/**
 * Elementwise {@code max(x, 0)} (NaN stays NaN); FLOAT32, FLOAT64 and INT32. The gradient is 1
 * where {@code x > 0}, else 0 (0 at 0).
 */
public final class Relu extends Op {
  public Relu() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("relu", Unary.RELU, in[0]);
    ctx.save(in[0]);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.RELU, grad, ctx.saved(0))};
  }
}
