package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 stride-1 convolution as implicit GEMMs on {@link VectorGemm}: no im2col matrix is built.
 *
 * <p>With stride 1, output pixel (oy, ox) reads input pixel (oy + ki, ox + kj). Index the outputs on
 * a <em>wide</em> grid, {@code j = oy·Wp + ox}, whose rows are as long as the (padded) input's rows
 * Wp, so the kw - 1 positions past each output row are computed and dropped. Then the input under
 * kernel tap (c, ki, kj) for every output j is {@code xp[c·Hp·Wp + ki·Wp + kj + j]}: row (c, ki, kj)
 * of the im2col matrix is a window into the image itself, and a table of C·kh·kw offsets replaces
 * the copy. The GEMM packs those windows into its panels as it would pack any B, so a 3×3
 * convolution reads its input once per tap row instead of writing and re-reading a 9× larger
 * matrix. Per image:
 * <ul>
 *   <li>forward: {@code Ywide [O, n] = W [O, C·kh·kw] · X̃}, then each output row is copied out;
 *   <li>weight gradient: {@code dW += dYwide · X̃ᵀ}, or {@code dWᵀ += X̃ · dYwideᵀ} when the patch
 *       has more rows than there are output channels, so the GEMM packs the smaller operand (dYwide
 *       holds zeros in the dropped positions, so they add nothing);
 *   <li>input gradient: the full correlation of dY, zero-padded by kh - 1 and kw - 1, with the
 *       flipped weights, {@code dXwide [C, n'] = W' [C, O·kh·kw] · G̃}, the same construction
 *       again, its rows (minus the padding) added onto dX.
 * </ul>
 * Padding is applied by copying each image into a zero-bordered scratch buffer. Images are split
 * over the kernel pool; weight-gradient partials are summed in task order, so results do not depend
 * on scheduling.
 */
final class ImplicitConv {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Below this many multiply-adds per call a second thread does not pay for itself. */
  private static final long PARALLEL_MACS = 1L << 21;

  private ImplicitConv() {}

  /** Whether this implementation handles the geometry: stride 1 and a kernel wider than 1×1. */
  static boolean applies(Conv2dGeometry g) {
    return g.stride() == 1 && !g.isPointwise();
  }

  private static int tasks(Conv2dGeometry g) {
    long macs = (long) g.batch() * g.outChannels() * g.patchSize() * g.outH() * g.outW();
    return macs < PARALLEL_MACS ? 1 : Math.min(Parallel.threads(), g.batch());
  }

  private static int split(int units, int parts, int p) {
    return (int) ((long) units * p / parts);
  }

  /** Sizes of the padded input and its wide output grid. */
  private record Plan(Conv2dGeometry g, int hp, int wp, int wide, int[] taps) {
    static Plan of(Conv2dGeometry g) {
      int hp = g.height() + 2 * g.padding(), wp = g.width() + 2 * g.padding();
      int kh = g.kernelH(), kw = g.kernelW();
      int[] taps = new int[g.patchSize()];
      for (int c = 0, q = 0; c < g.inChannels(); c++) {
        for (int ki = 0; ki < kh; ki++) {
          for (int kj = 0; kj < kw; kj++, q++) {
            taps[q] = (c * hp + ki) * wp + kj;
          }
        }
      }
      return new Plan(g, hp, wp, (g.outH() - 1) * wp + g.outW(), taps);
    }

    int image() {
      return g.inChannels() * g.height() * g.width();
    }

    /**
     * Image {@code n} as the (padded) array the taps index, with its base offset in {@code base[0]}:
     * the input itself without padding, else a zero-bordered copy in scratch slot 0.
     */
    float[] input(float[] x, int n, int[] base) {
      int p = g.padding();
      if (p == 0) {
        base[0] = n * image();
        return x;
      }
      int h = g.height(), w = g.width();
      float[] xp = Scratch.floats(0, g.inChannels() * hp * wp);
      Arrays.fill(xp, 0, g.inChannels() * hp * wp, 0f);
      for (int c = 0; c < g.inChannels(); c++) {
        for (int iy = 0; iy < h; iy++) {
          System.arraycopy(x, n * image() + (c * h + iy) * w, xp, (c * hp + iy + p) * wp + p, w);
        }
      }
      base[0] = 0;
      return xp;
    }
  }

  private static int[] rows(int count, int stride) {
    int[] r = new int[count];
    for (int i = 0; i < count; i++) {
      r[i] = i * stride;
    }
    return r;
  }

  static void forward(Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    Plan plan = Plan.of(g);
    int o = g.outChannels(), patch = g.patchSize(), oh = g.outH(), ow = g.outW();
    int wide = plan.wide(), wp = plan.wp();
    int[] wRows = rows(o, patch);
    int tasks = tasks(g);
    Parallel.forEach(tasks, t -> {
      int[] tab = new int[patch];
      int[] base = new int[1];
      float[] yw = Scratch.floats(1, o * wide);
      for (int n = split(g.batch(), tasks, t); n < split(g.batch(), tasks, t + 1); n++) {
        float[] src = plan.input(x, n, base);
        for (int q = 0; q < patch; q++) {
          tab[q] = base[0] + plan.taps()[q];
        }
        if (bias != null) {
          // start each row at its bias, so the GEMM accumulates onto it
          for (int oc = 0; oc < o; oc++) {
            Arrays.fill(yw, oc * wide, (oc + 1) * wide, bias[oc]);
          }
        }
        VectorGemm.sgemmIndexed(o, wide, patch, w, wRows, false, src, tab, yw, 0, wide, bias != null);
        for (int oc = 0; oc < o; oc++) {
          for (int oy = 0; oy < oh; oy++) {
            copy(yw, oc * wide + oy * wp, y, ((n * o + oc) * oh + oy) * ow, ow);
          }
        }
      }
    });
  }

  static void backward(Conv2dGeometry g, float[] x, float[] w, float[] gy, float[] gx,
      float[] gw, float[] gb) {
    Plan plan = Plan.of(g);
    int c = g.inChannels(), o = g.outChannels(), patch = g.patchSize(), oh = g.outH(), ow = g.outW();
    int kh = g.kernelH(), kw = g.kernelW(), kk = kh * kw, h = g.height(), wd = g.width();
    int p = g.padding(), hp = plan.hp(), wp = plan.wp(), wide = plan.wide();
    // dW orientation: the GEMM packs its B operand, so make B the side with fewer rows
    boolean transposed = patch > o;
    int[] gyRows = rows(o, wide);
    int tasks = tasks(g);
    float[][] partialGw = new float[tasks][];
    double[][] partialGb = new double[tasks][];
    Parallel.forEach(tasks, t -> {
      float[] myGw = gw == null ? null : new float[o * patch];
      double[] myGb = gb == null ? null : new double[o];
      partialGw[t] = myGw;
      partialGb[t] = myGb;
      int[] tab = new int[patch];
      int[] base = new int[1];
      for (int n = split(g.batch(), tasks, t); n < split(g.batch(), tasks, t + 1); n++) {
        float[] gyw = gw == null && gx == null ? null : Scratch.floats(1, o * wide);
        if (gyw != null) {
          // dY on the wide grid, zero in the dropped positions so that they add nothing
          for (int oc = 0; oc < o; oc++) {
            for (int oy = 0; oy < oh; oy++) {
              int dst = oc * wide + oy * wp;
              copy(gy, ((n * o + oc) * oh + oy) * ow, gyw, dst, ow);
              if (oy < oh - 1) {
                Arrays.fill(gyw, dst + ow, dst + wp, 0f);
              }
            }
          }
        }
        if (myGb != null) {
          for (int oc = 0; oc < o; oc++) {
            myGb[oc] += sum(gy, (n * o + oc) * oh * ow, oh * ow);
          }
        }
        if (myGw != null) {
          float[] src = plan.input(x, n, base);
          for (int q = 0; q < patch; q++) {
            tab[q] = base[0] + plan.taps()[q];
          }
          if (transposed) {
            // dWᵀ [C·kh·kw, O] += X̃ [C·kh·kw, wide] · dYwideᵀ
            VectorGemm.sgemmIndexed(patch, o, wide, src, tab, true, gyw, gyRows, myGw, 0, o, true);
          } else {
            // dW [O, C·kh·kw] += dYwide [O, wide] · X̃ᵀ
            VectorGemm.sgemmIndexed(o, patch, wide, gyw, gyRows, true, src, tab, myGw, 0, patch, true);
          }
        }
        if (gx != null) {
          // dcol [C·kh·kw, wide] = Wᵀ · dYwide; row (c, ki, kj) lands on the (padded) input as one
          // contiguous run starting at its tap, so col2im is a vector add per row
          float[] dcol = Scratch.floats(2, patch * wide);
          VectorGemm.sgemm(true, false, patch, wide, o, w, 0, patch, gyw, 0, wide, dcol, 0, wide,
              false);
          float[] dst = gx;
          int dBase = n * c * h * wd;
          if (p > 0) {
            dst = Scratch.floats(3, c * hp * wp);
            Arrays.fill(dst, 0, c * hp * wp, 0f);
            dBase = 0;
          }
          for (int q = 0; q < patch; q++) {
            addInto(dcol, q * wide, dst, dBase + plan.taps()[q], wide);
          }
          if (p > 0) {
            for (int ci = 0; ci < c; ci++) {
              for (int iy = 0; iy < h; iy++) {
                addInto(dst, (ci * hp + iy + p) * wp + p, gx, n * c * h * wd + (ci * h + iy) * wd, wd);
              }
            }
          }
        }
      }
    });
    for (int t = 0; t < tasks; t++) {
      if (gw != null) {
        float[] part = partialGw[t];
        if (transposed) {
          for (int oc = 0; oc < o; oc++) {
            for (int q = 0; q < patch; q++) {
              gw[oc * patch + q] += part[q * o + oc];
            }
          }
        } else {
          for (int i = 0; i < gw.length; i++) {
            gw[i] += part[i];
          }
        }
      }
      if (gb != null) {
        for (int oc = 0; oc < o; oc++) {
          gb[oc] += (float) partialGb[t][oc];
        }
      }
    }
  }

  /** {@code dst[d .. d+len) = src[s .. s+len)}: vectors with a masked tail, for short runs. */
  private static void copy(float[] src, int s, float[] dst, int d, int len) {
    int l = S.length(), i = 0;
    for (; i + l <= len; i += l) {
      FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
    }
    if (i < len) {
      if (s + i + l <= src.length && d + i + l <= dst.length) {
        var m = S.indexInRange(i, len);
        FloatVector.fromArray(S, src, s + i, m).intoArray(dst, d + i, m);
      } else {
        System.arraycopy(src, s + i, dst, d + i, len - i);
      }
    }
  }

  /** {@code dst[d .. d+len) += src[s .. s+len)}, as {@link #copy}. */
  private static void addInto(float[] src, int s, float[] dst, int d, int len) {
    int l = S.length(), i = 0;
    for (; i + l <= len; i += l) {
      FloatVector.fromArray(S, src, s + i).add(FloatVector.fromArray(S, dst, d + i))
          .intoArray(dst, d + i);
    }
    if (i < len) {
      if (s + i + l <= src.length && d + i + l <= dst.length) {
        var m = S.indexInRange(i, len);
        FloatVector.fromArray(S, src, s + i, m).add(FloatVector.fromArray(S, dst, d + i, m))
            .intoArray(dst, d + i, m);
      } else {
        for (; i < len; i++) {
          dst[d + i] += src[s + i];
        }
      }
    }
  }

  /** The sum of {@code a[off .. off+len)}: vector lanes in float, reduced in double. */
  private static double sum(float[] a, int off, int len) {
    int l = S.length();
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i + l <= len; i += l) {
      acc = acc.add(FloatVector.fromArray(S, a, off + i));
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      s += a[off + i];
    }
    return s;
  }
}
