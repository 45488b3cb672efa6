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
  protected void losses(int start, double[] x, double[] y, double[] out, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = Math.abs(x[i] - y[i]);
    }
  }

  @Override
  protected void derivatives(int start, double[] x, double[] y, double[] dx, double[] dy, int len) {
    if (dx != null) {
      for (int i = 0; i < len; i++) {
        dx[i] = Math.signum(x[i] - y[i]);
      }
    }
    if (dy != null) {
      for (int i = 0; i < len; i++) {
        dy[i] = Math.signum(y[i] - x[i]);
      }
    }
  }
}
