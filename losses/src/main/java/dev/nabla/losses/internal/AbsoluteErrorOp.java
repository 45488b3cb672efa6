package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/**
 * {@code |x - y|}, with derivatives {@code sign(x - y)} and {@code -sign(x - y)}, where sign(0) = 0
 * as in PyTorch: L1Loss.
 */
public final class AbsoluteErrorOp extends ElementwiseLossOp {
  public AbsoluteErrorOp(Reduction reduction) {
    super("L1Loss", reduction);
  }

  @Override
  protected void losses(double[] x, double[] y, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.abs(x[i] - y[i]);
    }
  }

  @Override
  protected void derivatives(double[] x, double[] y, double[] dx, double[] dy) {
    double[] slope = dx != null ? dx : new double[x.length];
    for (int i = 0; i < x.length; i++) {
      slope[i] = Math.signum(x[i] - y[i]);
    }
    if (dy != null) {
      for (int i = 0; i < x.length; i++) {
        dy[i] = -slope[i];
      }
    }
  }
}
