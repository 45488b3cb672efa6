package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/**
 * PyTorch's Huber loss of {@code d = x - y}: {@code 0.5 d^2} where {@code |d| < delta}, else {@code
 * delta (|d| - 0.5 delta)}. Its derivative with respect to x is d clamped to {@code [-delta,
 * delta]}; with respect to y, the negative of that.
 */
public final class HuberOp extends ElementwiseLossOp {
  private final double delta;

  public HuberOp(Reduction reduction, double delta) {
    super("HuberLoss", reduction);
    this.delta = delta;
  }

  @Override
  protected void losses(int start, double[] x, double[] y, double[] out, int len) {
    double half = 0.5 * delta;
    for (int i = 0; i < len; i++) {
      double a = Math.abs(x[i] - y[i]);
      out[i] = a < delta ? 0.5 * a * a : delta * (a - half);
    }
  }

  @Override
  protected void derivatives(int start, double[] x, double[] y, double[] dx, double[] dy, int len) {
    if (dx != null) {
      for (int i = 0; i < len; i++) {
        dx[i] = Math.clamp(x[i] - y[i], -delta, delta);
      }
    }
    if (dy != null) {
      for (int i = 0; i < len; i++) {
        dy[i] = Math.clamp(y[i] - x[i], -delta, delta);
      }
    }
  }
}
