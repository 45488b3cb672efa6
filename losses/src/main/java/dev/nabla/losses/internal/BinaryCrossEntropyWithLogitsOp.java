package dev.nabla.losses.internal;

import dev.nabla.losses.Reduction;

/**
 * Binary cross-entropy of {@code sigmoid(x)} against y, computed from the logit x without forming
 * the sigmoid: with {@code sp(z) = log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)}, the loss is {@code
 * (1 - y) x + w sp(-x)} where {@code w = 1 + (posWeight - 1) y}. Without a positive weight that is
 * the familiar {@code max(x, 0) - x y + log(1 + e^-|x|)}. Every term stays finite for any finite x
 * (no exp of a positive number, no log of 0).
 *
 * <p>Derivatives: {@code (1 - y) - w sigmoid(-x)} for x ({@code sigmoid(x) - y} without weight,
 * exact at x = 0 too) and {@code -x + (posWeight - 1) sp(-x)} for y.
 */
public final class BinaryCrossEntropyWithLogitsOp extends ElementwiseLossOp {
  /** posWeight broadcast to the input's shape, or null for a weight of 1 everywhere. */
  private final double[] posWeight;

  public BinaryCrossEntropyWithLogitsOp(Reduction reduction, double[] posWeight) {
    super("BCEWithLogitsLoss", reduction);
    this.posWeight = posWeight;
  }

  /** {@code log(1 + e^z)}, stably. */
  private static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** {@code 1 / (1 + e^-z)}, stably (the exponent is never positive). */
  private static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  protected void losses(int start, double[] x, double[] y, double[] out, int len) {
    if (posWeight == null) {
      // The same value as the weighted form with w = 1, written so that no two large terms cancel.
      for (int i = 0; i < len; i++) {
        out[i] = Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
      }
    } else {
      for (int i = 0; i < len; i++) {
        double w = 1 + (posWeight[start + i] - 1) * y[i];
        out[i] = (1 - y[i]) * x[i] + w * softplus(-x[i]);
      }
    }
  }

  @Override
  protected void derivatives(int start, double[] x, double[] y, double[] dx, double[] dy, int len) {
    if (dx != null) {
      if (posWeight == null) {
        for (int i = 0; i < len; i++) {
          dx[i] = sigmoid(x[i]) - y[i];
        }
      } else {
        for (int i = 0; i < len; i++) {
          double w = 1 + (posWeight[start + i] - 1) * y[i];
          dx[i] = (1 - y[i]) - w * sigmoid(-x[i]);
        }
      }
    }
    if (dy != null) {
      if (posWeight == null) {
        for (int i = 0; i < len; i++) {
          dy[i] = -x[i];
        }
      } else {
        for (int i = 0; i < len; i++) {
          dy[i] = -x[i] + (posWeight[start + i] - 1) * softplus(-x[i]);
        }
      }
    }
  }
}
