// GENERATED from FloatConvLoops.java by TwinGenerator (FLOAT32 -> FLOAT64 by type substitution).
// Do not edit: edit FloatConvLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.kernels.LinalgKernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.parallel.Parallel;
import java.util.Arrays;

/**
 * FLOAT64 2-d convolution as im2col + GEMM, one image at a time: each image is unfolded into a
 * matrix whose columns are the receptive fields of the output pixels, so the convolution of the
 * whole image is one matrix product with the weights viewed as [O, C·kh·kw]. The GEMM comes from
 * the {@link LinalgKernels} passed in, so a faster GEMM speeds convolution up without touching this
 * class.
 */
public final class DoubleConvLoops {
  private DoubleConvLoops() {}

  public static void forward(
      LinalgKernels k, Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The batch is split over the pool; each thread reuses its own im2col buffer across calls.
    Parallel.forEach(
        tasks,
        t -> {
          double[] col = pointwise ? x : Scratch.doubles(0, patch * ohw);
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
            int yOff = n * o * ohw;
            if (!pointwise) {
              DoubleIm2col.im2col(x, n * image, g, col);
            }
            if (bias != null) {
              // Start each output row at its bias, so the GEMM accumulates onto it: no extra pass.
              for (int oc = 0; oc < o; oc++) {
                Arrays.fill(y, yOff + oc * ohw, yOff + (oc + 1) * ohw, bias[oc]);
              }
            }
            // Y_n [O, OH·OW] = W [O, C·kh·kw] · col [C·kh·kw, OH·OW]
            k.gemm(
                new Gemm(false, false, o, ohw, patch, patch, ohw, ohw, bias != null),
                w,
                0,
                col,
                pointwise ? n * image : 0,
                y,
                yOff);
          }
        });
  }

  public static void backward(
      LinalgKernels k,
      Conv2dGeometry g,
      double[] x,
      double[] w,
      double[] gy,
      double[] gx,
      double[] gw,
      double[] gb) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The weight gradient is summed transposed, dWᵀ [C·kh·kw, O] += col_n · dY_nᵀ: that way the
    // large col_n is the GEMM's A, read in place, and only the small dY_n is packed transposed.
    double[][] partialGwT = new double[tasks][];
    Parallel.forEach(
        tasks,
        t -> {
          double[] col = gw == null || pointwise ? null : Scratch.doubles(0, patch * ohw);
          double[] dcol = gx == null || pointwise ? null : Scratch.doubles(1, patch * ohw);
          double[] myGwT = gw == null ? null : new double[patch * o];
          partialGwT[t] = myGwT;
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
            int gyOff = n * o * ohw;
            if (gw != null) {
              if (!pointwise) {
                DoubleIm2col.im2col(x, n * image, g, col);
              }
              k.gemm(
                  new Gemm(false, true, patch, o, ohw, ohw, ohw, o, true),
                  pointwise ? x : col,
                  pointwise ? n * image : 0,
                  gy,
                  gyOff,
                  myGwT,
                  0);
            }
            if (gx != null) {
              // dcol [C·kh·kw, OH·OW] = Wᵀ · dY_n, folded back onto the image positions it came
              // from.
              if (pointwise) {
                k.gemm(
                    new Gemm(true, false, patch, ohw, o, patch, ohw, ohw, true),
                    w,
                    0,
                    gy,
                    gyOff,
                    gx,
                    n * image);
              } else {
                k.gemm(
                    new Gemm(true, false, patch, ohw, o, patch, ohw, ohw, false),
                    w,
                    0,
                    gy,
                    gyOff,
                    dcol,
                    0);
                DoubleIm2col.col2im(dcol, g, gx, n * image);
              }
            }
          }
        });
    if (gw != null) {
      // partials are added in task order, so the result does not depend on scheduling
      for (int t = 0; t < tasks; t++) {
        double[] p = partialGwT[t];
        for (int oc = 0; oc < o; oc++) {
          for (int q = 0; q < patch; q++) {
            gw[oc * patch + q] += p[q * o + oc];
          }
        }
      }
    }
    if (gb != null) {
      biasGradient(g, gy, gb);
    }
  }

  /** Adds to {@code gb} [O] the sums of {@code gy} [N, O, OH, OW] over images and positions. */
  static void biasGradient(Conv2dGeometry g, double[] gy, double[] gb) {
    int o = g.outChannels(), ohw = g.outH() * g.outW();
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
