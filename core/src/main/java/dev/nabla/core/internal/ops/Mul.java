package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/** Elementwise {@code a * b}, broadcasting; FLOAT32, FLOAT64 and INT32. */
public final class Mul extends Op {
  public Mul() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return Elementwise.binary("mul", Binary.MUL, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    return new Tensor[] {
      ctx.needsInputGrad(0) ? grad.mul(b) : null, ctx.needsInputGrad(1) ? grad.mul(a) : null
    };
  }
}
