package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * {@code torch.var} (or with {@code std}, {@code torch.std}) over some axes, which follow {@link
 * Sum}'s rules (null: all, empty: none): {@code sum((x - mean)^2) / max(0, N - correction)} with N
 * the number of elements each result reduces. Two passes, the mean first, so that a large common
 * offset costs no precision (one pass of {@code E[x^2] - E[x]^2} would cancel it away). FLOAT32 and
 * FLOAT64.
 *
 * <p>As PyTorch 1.13: the divisor never goes below 0, so {@code correction >= N} gives inf (NaN
 * where the squares sum to 0); the gradient {@code 2 (x - mean) / (N - correction)} uses the
 * divisor unclamped, and std's gradient {@code grad / (2 std)} is 0 where std is 0.
 */
public final class Variance extends Op {
  private final int[] axes;
  private final double correction;
  private final boolean keepDims;
  private final boolean std;

  /** Variance (or standard deviation, if {@code std}) over {@code axes}. */
  public Variance(int[] axes, double correction, boolean keepDims, boolean std) {
    this.axes = axes == null ? null : axes.clone();
    this.correction = correction;
    this.keepDims = keepDims;
    this.std = std;
  }

  @Override
  public String name() {
    return std ? "std" : "var";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating(name(), x);
    if (!Double.isFinite(correction)) {
      throw new IllegalArgumentException(
          name() + ": correction must be a finite number, got " + correction);
    }
    Reduction r = Reduction.of(name(), x.shape(), axes, keepDims);
    int n = r.reducedCount();
    Tensor centered = x.sub(x.sum(r.axes(), true).div(n));
    Tensor out = centered.mul(centered).sum(r.axes(), keepDims).div(Math.max(0, n - correction));
    if (std) {
      out = out.sqrt();
    }
    ctx.save(centered, out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor centered = ctx.saved(0);
    Reduction r = Reduction.of(name(), centered.shape(), axes, keepDims);
    Tensor g = grad.reshape(r.keptShape());
    if (std) {
      // d std = d var / (2 std), and 0 where std is 0: mask the gradient and the divisor there
      Tensor s = ctx.saved(1).reshape(r.keptShape());
      Tensor positive = s.gt(0).to(s.dtype());
      g = g.mul(positive).div(s.mul(2).sub(positive).add(1));
    }
    double divisor = r.reducedCount() - correction;
    return new Tensor[] {centered.mul(g).mul(2 / divisor)};
  }
}
