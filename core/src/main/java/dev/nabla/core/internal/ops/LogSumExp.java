package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * {@code torch.logsumexp} over some axes ({@link Sum}'s rules: null all, empty none): {@code m +
 * log(sum(exp(x - m)))} with m the maximum, so nothing overflows. An infinite m is clamped to the
 * dtype's largest finite value first, so that a slice of -inf gives -inf (not {@code -inf - -inf =
 * NaN}) and one holding +inf gives +inf, as PyTorch; a NaN gives NaN. Summing over no elements
 * gives -inf. FLOAT32 and FLOAT64. The gradient is {@code grad * exp(x - out)}, the softmax.
 */
public final class LogSumExp extends Op {
  private final int[] axes;
  private final boolean keepDims;

  public LogSumExp(int[] axes, boolean keepDims) {
    this.axes = axes == null ? null : axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  public String name() {
    return "logsumexp";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("logsumexp", x);
    Reduction r = Reduction.of("logsumexp", x.shape(), axes, keepDims);
    Tensor kept;
    if (r.reducedCount() == 0) {
      kept = Tensor.full(x.dtype(), Double.NEGATIVE_INFINITY, r.keptShape());
    } else {
      double big = x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
      Tensor m = x.max(r.axes(), true).clamp(-big, big);
      kept = x.sub(m).exp().sum(r.axes(), true).log().add(m);
    }
    ctx.save(x, kept);
    return kept.reshape(r.outShape());
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0), kept = ctx.saved(1);
    return new Tensor[] {grad.reshape(kept.shape()).mul(x.sub(kept).exp())};
  }
}
