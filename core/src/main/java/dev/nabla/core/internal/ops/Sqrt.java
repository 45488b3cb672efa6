package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/** Elementwise square root; FLOAT32 and FLOAT64. The gradient {@code 0.5 / y} reuses the output. */
public final class Sqrt extends Op {
  public Sqrt() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("sqrt", Unary.SQRT, in[0]);
    ctx.save(out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.SQRT, grad, ctx.saved(0))};
  }
}
