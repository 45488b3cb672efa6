package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.kernels.LinalgKernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * FLOAT32 convolution as a few large GEMMs instead of one small GEMM per image.
 *
 * <p>The batch is split over the kernel pool, and each task unfolds a chunk of its images side by
 * side into one im2col matrix {@code col [C·kh·kw, chunk·OH·OW]}, so the weights are packed once
 * per chunk rather than once per image, and every GEMM is wide enough to run near the machine's
 * peak:
 *
 * <ul>
 *   <li>forward: {@code Y [O, chunk·OH·OW] = W [O, C·kh·kw] · col}, then each image's rows are
 *       copied into NCHW order;
 *   <li>weight gradient: {@code dW += dY [O, chunk·OH·OW] · colᵀ}, with dY gathered into that
 *       layout first;
 *   <li>input gradient: {@code dcol = Wᵀ · dY}, folded back onto the images (col2im).
 * </ul>
 *
 * The matrices are per-thread scratch, reused across calls; a chunk is capped so they stay a few
 * megabytes however large the batch.
 */
public final class BatchedConv {
  /** Upper bound on the floats of one im2col chunk (16 MiB). */
  private static final int MAX_CHUNK_FLOATS = 1 << 22;

  private BatchedConv() {}

  private static int chunk(Conv2dGeometry g) {
    long perImage = (long) g.patchSize() * g.outH() * g.outW();
    return (int) Math.max(1, Math.min(g.batch(), MAX_CHUNK_FLOATS / Math.max(1, perImage)));
  }

  public static void forward(
      LinalgKernels k, Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    int tasks = g.tasks(), chunk = chunk(g);
    Parallel.forEach(
        tasks,
        t -> {
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n0 = Parallel.split(g.batch(), tasks, t); n0 < end; n0 += chunk) {
            int cnt = Math.min(chunk, end - n0), ld = cnt * ohw;
            float[] col = Scratch.floats(0, patch * ld);
            float[] out = Scratch.floats(1, o * ld);
            for (int j = 0; j < cnt; j++) {
              FloatIm2col.im2col(x, (n0 + j) * image, g, col, j * ohw, ld);
            }
            k.gemm(
                new Gemm(false, false, o, ld, patch, patch, ld, ld, false), w, 0, col, 0, out, 0);
            for (int j = 0; j < cnt; j++) {
              int yOff = (n0 + j) * o * ohw;
              for (int oc = 0; oc < o; oc++) {
                int src = oc * ld + j * ohw, dst = yOff + oc * ohw;
                if (bias == null) {
                  System.arraycopy(out, src, y, dst, ohw);
                } else {
                  float b = bias[oc];
                  for (int i = 0; i < ohw; i++) {
                    y[dst + i] = out[src + i] + b;
                  }
                }
              }
            }
          }
        });
  }

  public static void backward(
      LinalgKernels k,
      Conv2dGeometry g,
      float[] x,
      float[] w,
      float[] gy,
      float[] gx,
      float[] gw,
      float[] gb) {
    int o = g.outChannels(), patch = g.patchSize(), ohw = g.outH() * g.outW();
    int image = g.inChannels() * g.height() * g.width();
    int tasks = g.tasks(), chunk = chunk(g);
    // Each task sums its images' weight gradients privately; the partials are added at the end,
    // in task order, so the result does not depend on scheduling.
    float[][] partialGw = new float[tasks][];
    Parallel.forEach(
        tasks,
        t -> {
          float[] myGw = gw == null ? null : t == 0 ? gw : new float[gw.length];
          partialGw[t] = myGw;
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n0 = Parallel.split(g.batch(), tasks, t); n0 < end; n0 += chunk) {
            int cnt = Math.min(chunk, end - n0), ld = cnt * ohw;
            float[] dy = Scratch.floats(1, o * ld);
            for (int j = 0; j < cnt; j++) {
              for (int oc = 0; oc < o; oc++) {
                System.arraycopy(gy, ((n0 + j) * o + oc) * ohw, dy, oc * ld + j * ohw, ohw);
              }
            }
            if (myGw != null) {
              float[] col = Scratch.floats(0, patch * ld);
              for (int j = 0; j < cnt; j++) {
                FloatIm2col.im2col(x, (n0 + j) * image, g, col, j * ohw, ld);
              }
              // dW [O, C·kh·kw] += dY [O, chunk·OH·OW] · colᵀ
              k.gemm(
                  new Gemm(false, true, o, patch, ld, ld, ld, patch, true), dy, 0, col, 0, myGw, 0);
            }
            if (gx != null) {
              float[] dcol = Scratch.floats(2, patch * ld);
              // dcol [C·kh·kw, chunk·OH·OW] = Wᵀ · dY, folded back onto the pixels it came from
              k.gemm(
                  new Gemm(true, false, patch, ld, o, patch, ld, ld, false), w, 0, dy, 0, dcol, 0);
              for (int j = 0; j < cnt; j++) {
                FloatIm2col.col2im(dcol, j * ohw, ld, g, gx, (n0 + j) * image);
              }
            }
          }
        });
    if (gw != null) {
      for (int t = 1; t < tasks; t++) {
        float[] p = partialGw[t];
        for (int i = 0; i < gw.length; i++) {
          gw[i] += p[i];
        }
      }
    }
    if (gb != null) {
      FloatConvLoops.biasGradient(g, gy, gb);
    }
  }
}
