package dev.nabla.losses.internal;

import java.util.Arrays;

/**
 * The loops of {@link ClassIndexLossOp} over an input seen as {@code [n, classes, inner]} (classes
 * on the middle axis, stride {@code inner}) and per-position arrays of length {@code n * inner}:
 * one variant per floating-point dtype. Sums accumulate in double.
 */
final class ClassIndexKernels {
  private ClassIndexKernels() {}

  /**
   * {@code p = softmax(x)} along the class axis and {@code lse = log(sum_c e^x)} per position, with
   * the maximum factored out: every exponent is at most 0, so no logit overflows.
   */
  static void softmax(float[] x, float[] p, double[] lse, int n, int classes, int inner) {
    if (inner == 1) {
      // [N, C], the common case: each row is contiguous.
      for (int b = 0, row = 0; b < n; b++, row += classes) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = row; c < row + classes; c++) {
          m = Math.max(m, x[c]);
        }
        double s = 0;
        for (int c = row; c < row + classes; c++) {
          float e = (float) Math.exp(x[c] - m);
          p[c] = e;
          s += e;
        }
        lse[b] = m + Math.log(s);
        float scale = (float) (1 / s);
        for (int c = row; c < row + classes; c++) {
          p[c] *= scale;
        }
      }
      return;
    }
    // [N, C, d1, ...]: walk each class's contiguous block of positions, keeping a running maximum
    // and sum per position, so memory is read in order.
    float[] m = new float[inner];
    double[] s = new double[inner];
    for (int b = 0; b < n; b++) {
      int sample = b * classes * inner;
      Arrays.fill(m, Float.NEGATIVE_INFINITY);
      Arrays.fill(s, 0);
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          m[k] = Math.max(m[k], x[block + k]);
        }
      }
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          float e = (float) Math.exp(x[block + k] - m[k]);
          p[block + k] = e;
          s[k] += e;
        }
      }
      for (int k = 0; k < inner; k++) {
        lse[b * inner + k] = m[k] + Math.log(s[k]);
        s[k] = 1 / s[k];
      }
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          p[block + k] *= (float) s[k];
        }
      }
    }
  }

  static void softmax(double[] x, double[] p, double[] lse, int n, int classes, int inner) {
    if (inner == 1) {
      for (int b = 0, row = 0; b < n; b++, row += classes) {
        double m = Double.NEGATIVE_INFINITY;
        for (int c = row; c < row + classes; c++) {
          m = Math.max(m, x[c]);
        }
        double s = 0;
        for (int c = row; c < row + classes; c++) {
          double e = Math.exp(x[c] - m);
          p[c] = e;
          s += e;
        }
        lse[b] = m + Math.log(s);
        double scale = 1 / s;
        for (int c = row; c < row + classes; c++) {
          p[c] *= scale;
        }
      }
      return;
    }
    double[] m = new double[inner];
    double[] s = new double[inner];
    for (int b = 0; b < n; b++) {
      int sample = b * classes * inner;
      Arrays.fill(m, Double.NEGATIVE_INFINITY);
      Arrays.fill(s, 0);
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          m[k] = Math.max(m[k], x[block + k]);
        }
      }
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          double e = Math.exp(x[block + k] - m[k]);
          p[block + k] = e;
          s[k] += e;
        }
      }
      for (int k = 0; k < inner; k++) {
        lse[b * inner + k] = m[k] + Math.log(s[k]);
        s[k] = 1 / s[k];
      }
      for (int c = 0, block = sample; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          p[block + k] *= s[k];
        }
      }
    }
  }

  /** {@code out[pos] = x[b, t[pos], k]} at every position not ignored, 0 at the ignored ones. */
  static void pick(
      float[] x, int[] t, int ignoreIndex, double[] out, int n, int classes, int inner) {
    for (int b = 0, pos = 0; b < n; b++) {
      for (int k = 0; k < inner; k++, pos++) {
        out[pos] = t[pos] == ignoreIndex ? 0 : x[(b * classes + t[pos]) * inner + k];
      }
    }
  }

  static void pick(
      double[] x, int[] t, int ignoreIndex, double[] out, int n, int classes, int inner) {
    for (int b = 0, pos = 0; b < n; b++) {
      for (int k = 0; k < inner; k++, pos++) {
        out[pos] = t[pos] == ignoreIndex ? 0 : x[(b * classes + t[pos]) * inner + k];
      }
    }
  }

  /** {@code dx = g[pos] * p} over every class of every position (g is 0 where ignored). */
  static void scaleRows(float[] p, double[] g, float[] dx, int n, int classes, int inner) {
    for (int b = 0; b < n; b++) {
      for (int c = 0, block = b * classes * inner; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          dx[block + k] = (float) (g[b * inner + k] * p[block + k]);
        }
      }
    }
  }

  static void scaleRows(double[] p, double[] g, double[] dx, int n, int classes, int inner) {
    for (int b = 0; b < n; b++) {
      for (int c = 0, block = b * classes * inner; c < classes; c++, block += inner) {
        for (int k = 0; k < inner; k++) {
          dx[block + k] = g[b * inner + k] * p[block + k];
        }
      }
    }
  }

  /** {@code dx[b, t[pos], k] -= g[pos]} at every position not ignored: the one-hot term. */
  static void subtractAtTargets(
      int[] t, int ignoreIndex, double[] g, float[] dx, int n, int classes, int inner) {
    for (int b = 0, pos = 0; b < n; b++) {
      for (int k = 0; k < inner; k++, pos++) {
        if (t[pos] != ignoreIndex) {
          dx[(b * classes + t[pos]) * inner + k] -= (float) g[pos];
        }
      }
    }
  }

  static void subtractAtTargets(
      int[] t, int ignoreIndex, double[] g, double[] dx, int n, int classes, int inner) {
    for (int b = 0, pos = 0; b < n; b++) {
      for (int k = 0; k < inner; k++, pos++) {
        if (t[pos] != ignoreIndex) {
          dx[(b * classes + t[pos]) * inner + k] -= g[pos];
        }
      }
    }
  }
}
