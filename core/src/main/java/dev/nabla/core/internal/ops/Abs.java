package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/** Elementwise absolute value; FLOAT32, FLOAT64 and INT32. The gradient is sign(x), 0 at 0. */
public final class Abs extends Op {
  public Abs() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("abs", Unary.ABS, in[0]);
    ctx.save(in[0]);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.ABS, grad, ctx.saved(0))};
  }
}
