package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;

/**
 * Elementwise logistic sigmoid {@code 1 / (1 + e^-x)}; FLOAT32 and FLOAT64. The gradient {@code y
 * (1 - y)} reuses the output.
 */
public final class Sigmoid extends Op {
  public Sigmoid() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.unary("sigmoid", Unary.SIGMOID, in[0]);
    ctx.save(out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {Elementwise.unaryBackward(UnaryGrad.SIGMOID, grad, ctx.saved(0))};
  }
}
