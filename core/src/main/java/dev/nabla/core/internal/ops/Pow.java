package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/**
 * Elementwise {@code a^b} (as {@link Math#pow}), broadcasting; FLOAT32 and FLOAT64. As in PyTorch
 * and JAX, the gradient with respect to the base is 0 where {@code b = 0}, and the one with respect
 * to the exponent, {@code a^b ln(a)}, is 0 where {@code a = 0} (and NaN where {@code a < 0}).
 */
public final class Pow extends Op {
  public Pow() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor out = Elementwise.binary("pow", Binary.POW, in[0], in[1]);
    ctx.save(in[0], in[1], out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor out = ctx.saved(2);
    // d/da = b * a^(b-1), not b * out / a, which would be 0/0 at a = 0. Where b = 0 it is 0, also
    // at a = 0: the exponent there is raised back to 0 so that 0 * 0^-1 = 0 * inf never happens.
    Tensor ga = null;
    if (ctx.needsInputGrad(0)) {
      Tensor safeExponent = b.sub(1).add(b.eq(0).to(b.dtype()));
      ga = grad.mul(b).mul(a.pow(safeExponent));
    }
    // d/db = a^b * ln(a) is NaN for a < 0: computed only when asked for, so that x.pow(2) of a
    // negative x, whose exponent is a constant, has a finite gradient. At a = 0 it is 0 (the limit
    // of a^b ln a for b > 0), not 0 * -inf: ln is taken of 1 there instead, as JAX does.
    Tensor gb = null;
    if (ctx.needsInputGrad(1)) {
      Tensor safeA = a.add(a.eq(0).to(a.dtype()));
      gb = grad.mul(out).mul(safeA.log());
    }
    return new Tensor[] {ga, gb};
  }
}
