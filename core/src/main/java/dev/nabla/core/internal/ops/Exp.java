package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/** Elementwise {@code e^x}; FLOAT32 and FLOAT64. The gradient {@code e^x} reuses the output. */
public final class Exp extends Op {
  public Exp() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("exp", Unary.EXP, in[0]);
    ctx.save(out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.EXP, grad, ctx.saved(0))};
  }
}
