package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/**
 * Binary cross-entropy of probabilities x against targets y, as PyTorch computes it: {@code -(y
 * log(x) + (1 - y) log(1 - x))} with each logarithm clamped to at least -100, so x = 0 or 1 gives a
 * finite loss. The input derivative is PyTorch's {@code (x - y) / max(x (1 - x), 1e-12)}, finite at
 * 0 and 1 too; the target derivative {@code log(1 - x) - log(x)} (clamped logs) is exact, the loss
 * being linear in y.
 */
public final class BinaryCrossEntropyOp extends ElementwiseLossOp {
  /** The smallest value a logarithm contributes (PyTorch's clamp). */
  static final double LOG_FLOOR = -100;

  /** Floor of {@code x (1 - x)} in the input derivative (PyTorch's EPSILON). */
  static final double DENOMINATOR_FLOOR = 1e-12;

  public BinaryCrossEntropyOp(Reduction reduction) {
    super("BCELoss", reduction);
  }

  @Override
  protected void losses(int start, double[] x, double[] y, double[] out, int len) {
    for (int i = 0; i < len; i++) {
      double logX = Math.max(Math.log(x[i]), LOG_FLOOR);
      double log1mX = Math.max(Math.log1p(-x[i]), LOG_FLOOR);
      out[i] = -(y[i] * logX + (1 - y[i]) * log1mX);
    }
  }

  @Override
  protected void derivatives(int start, double[] x, double[] y, double[] dx, double[] dy, int len) {
    if (dx != null) {
      for (int i = 0; i < len; i++) {
        dx[i] = (x[i] - y[i]) / Math.max(x[i] * (1 - x[i]), DENOMINATOR_FLOOR);
      }
    }
    if (dy != null) {
      for (int i = 0; i < len; i++) {
        dy[i] = Math.max(Math.log1p(-x[i]), LOG_FLOOR) - Math.max(Math.log(x[i]), LOG_FLOOR);
      }
    }
  }
}
