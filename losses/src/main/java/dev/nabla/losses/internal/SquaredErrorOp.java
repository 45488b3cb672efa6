package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/** {@code (x - y)^2}, with derivatives {@code 2(x - y)} and {@code -2(x - y)}: MSELoss. */
public final class SquaredErrorOp extends ElementwiseLossOp {
  public SquaredErrorOp(Reduction reduction) {
    super("MSELoss", reduction);
  }

  @Override
  protected void losses(int start, double[] x, double[] y, double[] out, int len) {
    for (int i = 0; i < len; i++) {
      double d = x[i] - y[i];
      out[i] = d * d;
    }
  }

  @Override
  protected void derivatives(int start, double[] x, double[] y, double[] dx, double[] dy, int len) {
    if (dx != null) {
      for (int i = 0; i < len; i++) {
        dx[i] = 2 * (x[i] - y[i]);
      }
    }
    if (dy != null) {
      for (int i = 0; i < len; i++) {
        dy[i] = 2 * (y[i] - x[i]);
      }
    }
  }
}
