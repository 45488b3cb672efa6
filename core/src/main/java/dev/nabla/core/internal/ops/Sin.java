package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;

/** Elementwise {@code sin x} ({@code torch.sin}); FLOAT32 and FLOAT64. The gradient is cos x. */
public final class Sin extends Op {
  public Sin() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    ctx.save(in[0]);
    return Elementwise.unary("sin", Unary.SIN, in[0]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.mul(ctx.saved(0).cos())};
  }
}
