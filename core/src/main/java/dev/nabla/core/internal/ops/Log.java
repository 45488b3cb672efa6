package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/** Elementwise natural logarithm; FLOAT32 and FLOAT64. The gradient is {@code 1/x}. */
public final class Log extends Op {
  public Log() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("log", Unary.LOG, in[0]);
    ctx.save(in[0]);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.LOG, grad, ctx.saved(0))};
  }
}
