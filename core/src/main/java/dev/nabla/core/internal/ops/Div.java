package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/** Elementwise {@code a / b} (IEEE: x/0 is infinite or NaN), broadcasting; FLOAT32 and FLOAT64. */
public final class Div extends Op {
  public Div() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.binary("div", Binary.DIV, in[0], in[1]);
    ctx.save(in[1], out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor b = ctx.saved(0);
    Tensor out = ctx.saved(1);
    // d/da = 1/b; d/db = -a/b^2 = -(1/b) * (a/b), reusing grad/b and the output a/b.
    Tensor ga = grad.div(b);
    return new Tensor[] {
      ctx.needsInputGrad(0) ? ga : null, ctx.needsInputGrad(1) ? ga.mul(out).neg() : null
    };
  }
}
