package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/** Elementwise hyperbolic tangent; FLOAT32 and FLOAT64. The gradient 1 - y^2 reuses the output. */
public final class Tanh extends Op {
  public Tanh() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("tanh", Unary.TANH, in[0]);
    ctx.save(out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.TANH, grad, ctx.saved(0))};
  }
}
