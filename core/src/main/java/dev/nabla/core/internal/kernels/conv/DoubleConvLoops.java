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
 * whole image is one matrix product with the weights viewed as [O, C·kh·kw]. With groups, each
 * group's channel slice of the image, its rows of the weights and its output channels are
 * contiguous, so each group is one such product on offsets into the same arrays, without copies.
 * The GEMM comes from the {@link LinalgKernels} passed in, so a faster GEMM speeds convolution up
 * without touching this class.
 */
public final class DoubleConvLoops {
  private DoubleConvLoops() {}

  public static void forward(
      LinalgKernels k, Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    int groups = g.groups(), og = g.groupOutChannels();
    int groupImage = g.groupInChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The batch is split over the pool; each thread reuses its own im2col buffer across calls.
    Parallel.forEach(
        tasks,
        t -> {
          double[] col = pointwise ? x : Scratch.doubles(0, patch * ohw);
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
            // each group is one GEMM on its slice of channels, read in place
            for (int j = 0; j < groups; j++) {
              int xOff = n * image + j * groupImage, yOff = (n * o + j * og) * ohw;
              if (!pointwise) {
                DoubleIm2col.im2col(x, xOff, g, col);
              }
              if (bias != null) {
                // Start each output row at its bias, so the GEMM accumulates onto it.
                for (int oc = 0; oc < og; oc++) {
                  Arrays.fill(y, yOff + oc * ohw, yOff + (oc + 1) * ohw, bias[j * og + oc]);
                }
              }
              // Y_n,j [O/g, OH·OW] = W_j [O/g, C/g·kh·kw] · col [C/g·kh·kw, OH·OW]
              k.gemm(
                  new Gemm(false, false, og, ohw, patch, patch, ohw, ohw, bias != null),
                  w,
                  j * og * patch,
                  col,
                  pointwise ? xOff : 0,
                  y,
                  yOff);
            }
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
    int groups = g.groups(), og = g.groupOutChannels();
    int groupImage = g.groupInChannels() * g.height() * g.width();
    boolean pointwise = g.isPointwise();
    int tasks = g.tasks();
    // The weight gradient is summed transposed, per group dW_jᵀ [C/g·kh·kw, O/g] += col · dY_jᵀ:
    // that way the large col is the GEMM's A, read in place, and only the small dY is packed.
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
            for (int j = 0; j < groups; j++) {
              int xOff = n * image + j * groupImage, gyOff = (n * o + j * og) * ohw;
              int wOff = j * og * patch;
              if (gw != null) {
                if (!pointwise) {
                  DoubleIm2col.im2col(x, xOff, g, col);
                }
                k.gemm(
                    new Gemm(false, true, patch, og, ohw, ohw, ohw, og, true),
                    pointwise ? x : col,
                    pointwise ? xOff : 0,
                    gy,
                    gyOff,
                    myGwT,
                    wOff);
              }
              if (gx != null) {
                // dcol [C/g·kh·kw, OH·OW] = W_jᵀ · dY_n,j, folded back onto the image positions
                // it came from.
                if (pointwise) {
                  k.gemm(
                      new Gemm(true, false, patch, ohw, og, patch, ohw, ohw, true),
                      w,
                      wOff,
                      gy,
                      gyOff,
                      gx,
                      xOff);
                } else {
                  k.gemm(
                      new Gemm(true, false, patch, ohw, og, patch, ohw, ohw, false),
                      w,
                      wOff,
                      gy,
                      gyOff,
                      dcol,
                      0);
                  DoubleIm2col.col2im(dcol, g, gx, xOff);
                }
              }
            }
          }
        });
    if (gw != null) {
      // partials are added in task order, so the result does not depend on scheduling
      for (int t = 0; t < tasks; t++) {
        double[] p = partialGwT[t];
        for (int j = 0; j < groups; j++) {
          int off = j * og * patch;
          for (int oc = 0; oc < og; oc++) {
            for (int q = 0; q < patch; q++) {
              gw[off + oc * patch + q] += p[off + q * og + oc];
            }
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
