package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/** {@code (x - y)^2}, with derivatives {@code 2(x - y)} and {@code -2(x - y)}: MSELoss. */
public final class SquaredErrorOp extends ElementwiseLossOp {
  public SquaredErrorOp(Reduction reduction) {
    super("MSELoss", reduction);
  }

  @Override
  protected void losses(double[] x, double[] y, double[] out) {
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - y[i];
      out[i] = d * d;
    }
  }

  @Override
  protected void derivatives(double[] x, double[] y, double[] dx, double[] dy) {
    double[] slope = dx != null ? dx : new double[x.length];
    for (int i = 0; i < x.length; i++) {
      slope[i] = 2 * (x[i] - y[i]);
    }
    if (dy != null) {
      for (int i = 0; i < x.length; i++) {
        dy[i] = -slope[i];
      }
    }
  }
}
