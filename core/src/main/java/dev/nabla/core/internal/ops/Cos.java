package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;

/** Elementwise {@code cos x} ({@code torch.cos}); FLOAT32 and FLOAT64. The gradient is -sin x. */
public final class Cos extends Op {
  public Cos() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    ctx.save(in[0]);
    return Elementwise.unary("cos", Unary.COS, in[0]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.mul(ctx.saved(0).sin().neg())};
  }
}
