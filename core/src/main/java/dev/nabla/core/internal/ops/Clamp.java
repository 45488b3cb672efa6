package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * {@code torch.clamp}: {@code min(max(x, lo), hi)}, FLOAT32 and FLOAT64. Math.max and Math.min keep
 * a NaN (element or bound), and {@code lo > hi} gives {@code hi} everywhere, as PyTorch. The
 * gradient passes where {@code lo <= x <= hi} (bounds included, so never where x is NaN) and is 0
 * elsewhere.
 */
public final class Clamp extends Op {
  private final double lo;
  private final double hi;

  /** Clamps to {@code [lo, hi]}; an infinite bound leaves that side open. */
  public Clamp(double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public String name() {
    return "clamp";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("clamp", x);
    ctx.save(x);
    return x.maximum(lo).minimum(hi);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor inside = x.ge(lo).logicalAnd(x.le(hi)).to(grad.dtype());
    return new Tensor[] {grad.mul(inside)};
  }
}
