package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.parallel.Parallel;
import java.util.Arrays;

/**
 * 2-d convolution as im2col + GEMM: each image is unfolded into a matrix whose columns are the
 * receptive fields of the output pixels, so the convolution of the whole image is one matrix
 * product with the weights viewed as [O, C·kh·kw]. The GEMM comes from the {@link LinalgKernels}
 * passed in, so a faster GEMM speeds convolution up without touching this class.
 */
final class ConvLoops {
  private ConvLoops() {}

  static void forward(
      LinalgKernels k, Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The batch is split over the pool; each thread reuses its own im2col buffer across calls.
    Parallel.forEach(tasks, t -> {
      float[] col = pointwise ? x : Scratch.floats(0, patch * ohw);
      int end = Parallel.split(g.batch(), tasks, t + 1);
      for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
        int yOff = n * o * ohw;
        if (!pointwise) {
          im2col(x, n * image, g, col);
        }
        if (bias != null) {
          // Start each output row at its bias, so the GEMM accumulates onto it: no extra pass.
          for (int oc = 0; oc < o; oc++) {
            Arrays.fill(y, yOff + oc * ohw, yOff + (oc + 1) * ohw, bias[oc]);
          }
        }
        // Y_n [O, OH·OW] = W [O, C·kh·kw] · col [C·kh·kw, OH·OW]
        k.gemm(false, false, o, ohw, patch, w, 0, patch, col, pointwise ? n * image : 0, ohw,
            y, yOff, ohw, bias != null);
      }
    });
  }

  static void backward(
      LinalgKernels k, Conv2dGeometry g, float[] x, float[] w, float[] gy,
      float[] gx, float[] gw, float[] gb) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The weight gradient is summed transposed, dWᵀ [C·kh·kw, O] += col_n · dY_nᵀ: that way the
    // large col_n is the GEMM's A, read in place, and only the small dY_n is packed transposed.
    float[][] partialGwT = new float[tasks][];
    Parallel.forEach(tasks, t -> {
      float[] col = gw == null || pointwise ? null : Scratch.floats(0, patch * ohw);
      float[] dcol = gx == null || pointwise ? null : Scratch.floats(1, patch * ohw);
      float[] myGwT = gw == null ? null : new float[patch * o];
      partialGwT[t] = myGwT;
      int end = Parallel.split(g.batch(), tasks, t + 1);
      for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
        int gyOff = n * o * ohw;
        if (gw != null) {
          if (!pointwise) {
            im2col(x, n * image, g, col);
          }
          k.gemm(false, true, patch, o, ohw, pointwise ? x : col, pointwise ? n * image : 0, ohw,
              gy, gyOff, ohw, myGwT, 0, o, true);
        }
        if (gx != null) {
          // dcol [C·kh·kw, OH·OW] = Wᵀ · dY_n, folded back onto the image positions it came from.
          if (pointwise) {
            k.gemm(
                true, false, patch, ohw, o, w, 0, patch, gy, gyOff, ohw, gx, n * image, ohw, true);
          } else {
            k.gemm(true, false, patch, ohw, o, w, 0, patch, gy, gyOff, ohw, dcol, 0, ohw, false);
            col2im(dcol, g, gx, n * image);
          }
        }
      }
    });
    if (gw != null) {
      // partials are added in task order, so the result does not depend on scheduling
      for (int t = 0; t < tasks; t++) {
        float[] p = partialGwT[t];
        for (int oc = 0; oc < o; oc++) {
          for (int q = 0; q < patch; q++) {
            gw[oc * patch + q] += p[q * o + oc];
          }
        }
      }
    }
    if (gb != null) {
      for (int n = 0; n < g.batch(); n++) {
        for (int oc = 0; oc < o; oc++) {
          int off = (n * o + oc) * ohw;
          double s = 0;
          for (int i = off; i < off + ohw; i++) {
            s += gy[i];
          }
          gb[oc] += (float) s;
        }
      }
    }
  }

  /** Unfolds one image into {@code col} ([C·kh·kw, OH·OW]); see {@link BatchedConv#im2col}. */
  static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] col) {
    BatchedConv.im2col(x, xOff, g, col, 0, g.outH() * g.outW());
  }

  /** The adjoint of {@link #im2col(float[], int, Conv2dGeometry, float[])}. */
  static void col2im(float[] col, Conv2dGeometry g, float[] x, int xOff) {
    BatchedConv.col2im(col, 0, g.outH() * g.outW(), g, x, xOff);
  }


  static void forward(
      LinalgKernels k, Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    // One im2col buffer for the whole batch: im2col rewrites every entry, zeros included.
    double[] col = pointwise ? x : new double[patch * ohw];
    for (int n = 0; n < g.batch(); n++) {
      int yOff = n * o * ohw;
      if (!pointwise) {
        im2col(x, n * image, g, col);
      }
      if (bias != null) {
        // Start each output row at its bias, so the GEMM accumulates onto it: no extra pass.
        for (int oc = 0; oc < o; oc++) {
          Arrays.fill(y, yOff + oc * ohw, yOff + (oc + 1) * ohw, bias[oc]);
        }
      }
      // Y_n [O, OH·OW] = W [O, C·kh·kw] · col [C·kh·kw, OH·OW]
      k.gemm(false, false, o, ohw, patch, w, 0, patch, col, pointwise ? n * image : 0, ohw,
          y, yOff, ohw, bias != null);
    }
  }

  static void backward(
      LinalgKernels k, Conv2dGeometry g, double[] x, double[] w, double[] gy,
      double[] gx, double[] gw, double[] gb) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    double[] col = gw == null || pointwise ? null : new double[patch * ohw];
    double[] dcol = gx == null || pointwise ? null : new double[patch * ohw];
    for (int n = 0; n < g.batch(); n++) {
      int gyOff = n * o * ohw;
      if (gw != null) {
        // dW [O, C·kh·kw] += dY_n [O, OH·OW] · col_nᵀ
        if (!pointwise) {
          im2col(x, n * image, g, col);
        }
        k.gemm(false, true, o, patch, ohw, gy, gyOff, ohw, pointwise ? x : col,
            pointwise ? n * image : 0, ohw, gw, 0, patch, true);
      }
      if (gx != null) {
        // dcol [C·kh·kw, OH·OW] = Wᵀ · dY_n, folded back onto the image positions it came from.
        if (pointwise) {
          k.gemm(true, false, patch, ohw, o, w, 0, patch, gy, gyOff, ohw, gx, n * image, ohw, true);
        } else {
          k.gemm(true, false, patch, ohw, o, w, 0, patch, gy, gyOff, ohw, dcol, 0, ohw, false);
          col2im(dcol, g, gx, n * image);
        }
      }
    }
    if (gb != null) {
      for (int n = 0; n < g.batch(); n++) {
        for (int oc = 0; oc < o; oc++) {
          int off = (n * o + oc) * ohw;
          double s = 0;
          for (int i = off; i < off + ohw; i++) {
            s += gy[i];
          }
          gb[oc] += s;
        }
      }
    }
  }

  static void im2col(double[] x, int xOff, Conv2dGeometry g, double[] col) {
    int h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
    int s = g.stride(), p = g.padding(), oh = g.outH(), ow = g.outW();
    int dst = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int oxLo = validLo(kj, s, p, ow), oxHi = validHi(kj, s, p, w, ow, oxLo);
          for (int oy = 0; oy < oh; oy++, dst += ow) {
            int iy = oy * s - p + ki;
            if (iy < 0 || iy >= h) {
              Arrays.fill(col, dst, dst + ow, 0.0);
              continue;
            }
            Arrays.fill(col, dst, dst + oxLo, 0.0);
            int src = xOff + (c * h + iy) * w + oxLo * s - p + kj;
            if (s == 1) {
              System.arraycopy(x, src, col, dst + oxLo, oxHi - oxLo);
            } else {
              for (int ox = oxLo; ox < oxHi; ox++, src += s) {
                col[dst + ox] = x[src];
              }
            }
            Arrays.fill(col, dst + oxHi, dst + ow, 0.0);
          }
        }
      }
    }
  }

  static void col2im(double[] col, Conv2dGeometry g, double[] x, int xOff) {
    int h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
    int s = g.stride(), p = g.padding(), oh = g.outH(), ow = g.outW();
    int src = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int oxLo = validLo(kj, s, p, ow), oxHi = validHi(kj, s, p, w, ow, oxLo);
          for (int oy = 0; oy < oh; oy++, src += ow) {
            int iy = oy * s - p + ki;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int dst = xOff + (c * h + iy) * w + oxLo * s - p + kj;
            for (int ox = oxLo; ox < oxHi; ox++, dst += s) {
              x[dst] += col[src + ox];
            }
          }
        }
      }
    }
  }

  /** First output column whose input column {@code ox·s - p + kj} is not left of the image. */
  private static int validLo(int kj, int s, int p, int ow) {
    return Math.min(ow, Math.ceilDiv(Math.max(0, p - kj), s));
  }

  /** End (exclusive) of the output columns whose input column is left of the image's right edge. */
  private static int validHi(int kj, int s, int p, int w, int ow, int lo) {
    return Math.max(lo, Math.min(ow, Math.ceilDiv(w + p - kj, s)));
  }
}
