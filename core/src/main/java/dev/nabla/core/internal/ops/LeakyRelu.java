package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * Elementwise {@code x > 0 ? x : slope * x}; FLOAT32 and FLOAT64. The gradient is 1 where {@code x
 * > 0}, else {@code slope} (the left derivative at 0, as PyTorch).
 */
public final class LeakyRelu extends Op {
  private final double negativeSlope;

  public LeakyRelu(double negativeSlope) {
    if (!Double.isFinite(negativeSlope)) {
      throw new IllegalArgumentException(
          "leakyRelu: expected a finite negative slope, got " + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("leakyRelu", x);
    Tensor out = TensorAccess.empty(x.dtype(), x.shape());
    int n = x.size();
    Kernels.elementwise()
        .leakyRelu(TensorAccess.data(x), negativeSlope, TensorAccess.data(out), 0, n);
    ctx.save(x);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor out = TensorAccess.empty(grad.dtype(), grad.shape());
    int n = grad.size();
    Kernels.elementwise()
        .leakyReluBackward(
            TensorAccess.data(grad),
            TensorAccess.data(x),
            negativeSlope,
            TensorAccess.data(out),
            0,
            n);
    return new Tensor[] {out};
  }
}
