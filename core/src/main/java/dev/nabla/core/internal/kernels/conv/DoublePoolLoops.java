// GENERATED from FloatPoolLoops.java by TwinGenerator (FLOAT32 -> FLOAT64 by type substitution).
// Do not edit: edit FloatPoolLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.parallel.Parallel;

/**
 * Max and average pooling with a square window over planes of row-major {@code [planes, H, W]}
 * arrays (NCHW with N·C planes), and their backward passes. Windows are clipped to the image, so
 * padding is never materialised.
 */
public final class DoublePoolLoops {
  private DoublePoolLoops() {}

  /** Planes per parallel task: pooling is memory-bound, so split only batches of real size. */
  private static final int PARALLEL_ELEMENTS = 1 << 16;

  public static void maxPool(Pool2dGeometry g, double[] x, double[] y, int[] argmax) {
    int planes = g.planes();
    long elements = (long) planes * g.height() * g.width();
    int tasks = Parallel.tasks(elements, PARALLEL_ELEMENTS, planes);
    Parallel.forEach(
        tasks,
        t ->
            maxPool(
                g,
                x,
                y,
                argmax,
                Parallel.split(planes, tasks, t),
                Parallel.split(planes, tasks, t + 1)));
  }

  private static void maxPool(
      Pool2dGeometry g, double[] x, double[] y, int[] argmax, int p0, int p1) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    if (k == 2 && s == 2 && p == 0) {
      maxPool2x2(x, y, argmax, h, w, oh, ow, p0, p1);
      return;
    }
    int out = p0 * oh * ow;
    for (int plane = p0, xOff = p0 * h * w; plane < p1; plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          // Padding is -infinity, so only the window's part inside the image competes; it is never
          // empty (padding <= kernel / 2). Strict > keeps the first of equal maxima; a NaN wins,
          // as in PyTorch.
          int best = xOff + yLo * w + xLo;
          double bestValue = x[best];
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              double v = x[i];
              // v > best, or v is the first NaN (a NaN best stays): two compares, no call
              if (!(v <= bestValue) && !Double.isNaN(bestValue)) {
                bestValue = v;
                best = i;
              }
            }
          }
          y[out] = bestValue;
          argmax[out] = best;
        }
      }
    }
  }

  /**
   * The CNN's 2x2, stride-2 window without branches: on real data every comparison is a coin toss,
   * and mispredicted branches made the plain loop 5x slower. The index of the larger of two values
   * comes from the sign bit of their difference ({@code + 0.0} turns {@code -0.0} into {@code +0.0},
   * so equal values keep the first, as the general loop does); a NaN anywhere in the window (rare)
   * takes the general scan, where the first NaN wins.
   */
  private static void maxPool2x2(
      double[] x, double[] y, int[] argmax, int h, int w, int oh, int ow, int p0, int p1) {
    int out = p0 * oh * ow;
    for (int plane = p0, xOff = p0 * h * w; plane < p1; plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int row = xOff + 2 * oy * w;
        for (int ox = 0; ox < ow; ox++, out++) {
          int i = row + 2 * ox;
          double a = x[i], b = x[i + 1], c = x[i + w], d = x[i + w + 1];
          double ab = Math.max(a, b), cd = Math.max(c, d);
          int iab = i + SignBit.of((a - b) + 0.0);
          int icd = i + w + SignBit.of((c - d) + 0.0);
          int best = iab + ((icd - iab) & -SignBit.of((ab - cd) + 0.0));
          double m = Math.max(ab, cd);
          if (Double.isNaN(m)) {
            best = firstMaxOrNaN(x, i, w);
          }
          y[out] = x[best];
          argmax[out] = best;
        }
      }
    }
  }

  /** The general rule on one 2x2 window: the first maximum, or the first NaN. */
  private static int firstMaxOrNaN(double[] x, int i, int w) {
    int[] order = {i, i + 1, i + w, i + w + 1};
    int best = i;
    for (int j : order) {
      double v = x[j], bv = x[best];
      if (!(v <= bv) && !Double.isNaN(bv)) {
        best = j;
      }
    }
    return best;
  }

  public static void maxPoolBackward(double[] gy, int[] argmax, double[] gx) {
    for (int i = 0; i < gy.length; i++) {
      gx[argmax[i]] += gy[i];
    }
  }

  public static void avgPool(Pool2dGeometry g, double[] x, double[] y) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    // Padded zeros count in the divisor (count_include_pad): always k·k, since in floor mode no
    // window reaches past the padding.
    double scale = 1.0 / (k * k);
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          double sum = 0;
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              sum += x[i];
            }
          }
          y[out] = sum * scale;
        }
      }
    }
  }

  public static void avgPoolBackward(Pool2dGeometry g, double[] gy, double[] gx) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    double scale = 1.0 / (k * k);
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          double share = gy[out] * scale;
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              gx[i] += share;
            }
          }
        }
      }
    }
  }
}
