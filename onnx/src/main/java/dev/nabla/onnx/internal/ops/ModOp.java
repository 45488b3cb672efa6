package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * ONNX's Mod of FLOAT32 or FLOAT64 tensors, broadcasting: {@code a - b q}, computed exactly (as C's
 * {@code fmod}), with {@code q = trunc(a / b)} when {@code fmod} (the remainder has the dividend's
 * sign, {@code torch.fmod}) and {@code q = floor(a / b)} otherwise (the divisor's sign, Python's
 * {@code %}, {@code torch.remainder}). Its gradients are those of {@code a - b q} with {@code q}
 * piecewise constant, as PyTorch's: {@code 1} for {@code a} and {@code -q} for {@code b}.
 */
public final class ModOp extends Op {
  private final boolean fmod;

  public ModOp(boolean fmod) {
    this.fmod = fmod;
  }

  @Override
  public String name() {
    return "Mod";
  }

  /** The remainder of one pair. */
  static double mod(double x, double y, boolean fmod) {
    double m = x % y;
    return !fmod && m != 0 && (m < 0) != (y < 0) ? m + y : m;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Direct.requireSameDType("Mod", in[0], in[1]);
    ctx.save(in[0], in[1]);
    return Direct.zip("Mod", in[0], in[1], (x, y) -> mod(x, y, fmod));
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor gb = null;
    if (ctx.needsInputGrad(1)) {
      Tensor a = ctx.saved(0), b = ctx.saved(1);
      // the quotient a / b rounded as the remainder rounds it: toward zero for fmod, else down
      Tensor q =
          Direct.zip(
              "Mod",
              a,
              b,
              (x, y) -> {
                double t = x / y;
                return fmod ? (t < 0 ? Math.ceil(t) : Math.floor(t)) : Math.floor(t);
              });
      gb = grad.mul(q).neg();
    }
    return new Tensor[] {ctx.needsInputGrad(0) ? grad : null, gb};
  }
}
