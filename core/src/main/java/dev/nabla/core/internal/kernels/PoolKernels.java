package dev.nabla.core.internal.kernels;

/**
 * Max and average pooling with a square window over planes of row-major {@code [planes, H, W]}
 * arrays (NCHW with N·C planes), and their backward passes. Windows are clipped to the image, so
 * padding is never materialised.
 */
final class PoolKernels {
  private PoolKernels() {}

  static void maxPool(Pool2dGeometry g, float[] x, float[] y, int[] argmax) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          // Padding is -infinity, so only the window's part inside the image competes; it is never
          // empty (padding <= kernel / 2). Strict > keeps the first of equal maxima; a NaN wins,
          // as in PyTorch.
          int best = xOff + yLo * w + xLo;
          float bestValue = x[best];
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              float v = x[i];
              if (v > bestValue || Float.isNaN(v)) {
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

  static void maxPoolBackward(float[] gy, int[] argmax, float[] gx) {
    for (int i = 0; i < gy.length; i++) {
      gx[argmax[i]] += gy[i];
    }
  }

  static void avgPool(Pool2dGeometry g, float[] x, float[] y) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    // Padded zeros count in the divisor (count_include_pad): always k·k, since in floor mode no
    // window reaches past the padding.
    float scale = 1f / (k * k);
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          float sum = 0;
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

  static void avgPoolBackward(Pool2dGeometry g, float[] gy, float[] gx) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    float scale = 1f / (k * k);
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          float share = gy[out] * scale;
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              gx[i] += share;
            }
          }
        }
      }
    }
  }

  static void maxPool(Pool2dGeometry g, double[] x, double[] y, int[] argmax) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
    int out = 0;
    for (int plane = 0, xOff = 0; plane < g.planes(); plane++, xOff += h * w) {
      for (int oy = 0; oy < oh; oy++) {
        int yLo = Math.max(0, oy * s - p), yHi = Math.min(h, oy * s - p + k);
        for (int ox = 0; ox < ow; ox++, out++) {
          int xLo = Math.max(0, ox * s - p), xHi = Math.min(w, ox * s - p + k);
          int best = xOff + yLo * w + xLo;
          double bestValue = x[best];
          for (int iy = yLo; iy < yHi; iy++) {
            for (int i = xOff + iy * w + xLo, end = xOff + iy * w + xHi; i < end; i++) {
              double v = x[i];
              if (v > bestValue || Double.isNaN(v)) {
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

  static void maxPoolBackward(double[] gy, int[] argmax, double[] gx) {
    for (int i = 0; i < gy.length; i++) {
      gx[argmax[i]] += gy[i];
    }
  }

  static void avgPool(Pool2dGeometry g, double[] x, double[] y) {
    int h = g.height(), w = g.width(), k = g.kernel(), s = g.stride(), p = g.padding();
    int oh = g.outH(), ow = g.outW();
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

  static void avgPoolBackward(Pool2dGeometry g, double[] gy, double[] gx) {
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
