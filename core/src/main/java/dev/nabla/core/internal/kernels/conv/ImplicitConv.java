package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.Lanes;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.kernels.VectorShapeKernels;
import dev.nabla.core.internal.kernels.elementwise.VectorFloatLoops;
import dev.nabla.core.internal.kernels.gemm.VectorGemm;
import dev.nabla.core.internal.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 stride-1 convolution as implicit GEMMs on {@link VectorGemm}: no im2col matrix is built.
 *
 * <p>With stride 1, output pixel (oy, ox) reads input pixel (oy + ki·dh, ox + kj·dw), dh and dw the
 * dilations (1 unless dilated). Index the outputs on a <em>wide</em> grid, {@code j = oy·Wp + ox},
 * whose rows are as long as the (padded) input's rows Wp, so the dw·(kw - 1) positions past each
 * output row are computed and dropped. Then the input under kernel tap (c, ki, kj) for every output
 * j is {@code xp[c·Hp·Wp + ki·dh·Wp + kj·dw + j]}: row (c, ki, kj) of the im2col matrix is a window
 * into the image itself, and a table of C·kh·kw offsets replaces the copy. The GEMM packs those
 * windows into its panels as it would pack any B, so a 3×3 convolution reads its input once per tap
 * row instead of writing and re-reading a 9× larger matrix. Per image:
 *
 * <ul>
 *   <li>forward: {@code Ywide [O, n] = W [O, C·kh·kw] · X̃}, then each output row is copied out;
 *   <li>weight gradient: {@code dW += dYwide · X̃ᵀ}, or {@code dWᵀ += X̃ · dYwideᵀ} when the patch
 *       has more rows than there are output channels, so the GEMM packs the smaller operand (dYwide
 *       holds zeros in the dropped positions, so they add nothing); a thin patch (up to {@value
 *       #THIN_PATCH} rows, a one-channel input's 9 taps) sums dot products in vector lanes instead;
 *   <li>input gradient: {@code dcol [C·kh·kw, wide] = Wᵀ · dYwide}; row (c, ki, kj) of it lands on
 *       the (padded) input as one contiguous run starting at the tap's offset, so col2im is one
 *       vector add per row.
 * </ul>
 *
 * Padding is applied by copying each image into a zero-bordered scratch buffer. Images are split
 * over the kernel pool; weight-gradient partials are summed in task order, so results do not depend
 * on scheduling.
 */
public final class ImplicitConv {
  private static final VectorSpecies<Float> S = Lanes.S;

  /** Patches up to this many rows (C·kh·kw) sum their weight gradient as dot products. */
  private static final int THIN_PATCH = 32;

  private ImplicitConv() {}

  /** Sizes of the padded input and its wide output grid. */
  private record Plan(Conv2dGeometry g, int hp, int wp, int wide, int[] taps) {
    static Plan of(Conv2dGeometry g) {
      int hp = g.height() + 2 * g.padH(), wp = g.width() + 2 * g.padW();
      int dh = g.dilationH(), dw = g.dilationW();
      int kh = g.kernelH(), kw = g.kernelW();
      int[] taps = new int[g.patchSize()];
      for (int c = 0, q = 0; c < g.inChannels(); c++) {
        for (int ki = 0; ki < kh; ki++) {
          for (int kj = 0; kj < kw; kj++, q++) {
            taps[q] = (c * hp + ki * dh) * wp + kj * dw;
          }
        }
      }
      return new Plan(g, hp, wp, (g.outH() - 1) * wp + g.outW(), taps);
    }

    int image() {
      return g.inChannels() * g.height() * g.width();
    }

    /**
     * Image {@code n} as the (padded) array the taps index, with its base offset in {@code
     * base[0]}: the input itself without padding, else a zero-bordered copy in scratch slot 0.
     */
    float[] input(float[] x, int n, int[] base) {
      int ph = g.padH(), pw = g.padW();
      if (ph == 0 && pw == 0) {
        base[0] = n * image();
        return x;
      }
      int h = g.height(), w = g.width();
      float[] xp = Scratch.floats(0, g.inChannels() * hp * wp);
      Arrays.fill(xp, 0, g.inChannels() * hp * wp, 0f);
      for (int c = 0; c < g.inChannels(); c++) {
        for (int iy = 0; iy < h; iy++) {
          System.arraycopy(x, n * image() + (c * h + iy) * w, xp, (c * hp + iy + ph) * wp + pw, w);
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

  /**
   * {@code y = conv(x, w) + bias}, or {@code max(·, 0)} of it when {@code relu} (applied as each
   * output row is copied off the wide grid: no pass of its own).
   */
  public static void forward(
      Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean relu) {
    forward(g, x, w, bias, y, relu, null);
  }

  /**
   * {@code maxPool2d(relu(conv(x, w) + bias), 2, 2, 0)} when {@code argmax} is given: the 2×2
   * windows are pooled straight off each image's wide grid (still in cache), so the full-size
   * convolution output is never written. {@code y} is the pooled [N, O, OH/2, OW/2] and {@code
   * argmax} receives, per pooled value, the flat index into the (unwritten) [N, O, OH, OW]
   * convolution output of its window's first maximum, as {@link FloatPoolLoops#maxPool} gives it.
   * Without {@code argmax} this is {@link #forward(Conv2dGeometry, float[], float[], float[],
   * float[], boolean)}.
   */
  public static void forward(
      Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean relu, int[] argmax) {
    Plan plan = Plan.of(g);
    int o = g.outChannels(), patch = g.patchSize(), oh = g.outH(), ow = g.outW();
    int wide = plan.wide(), wp = plan.wp();
    int[] wRows = rows(o, patch);
    int tasks = g.tasks();
    Parallel.forEach(
        tasks,
        t -> {
          int[] tab = new int[patch];
          int[] base = new int[1];
          float[] yw = Scratch.floats(1, o * wide);
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
            float[] src = plan.input(x, n, base);
            int yOff = n * o * oh * ow;
            for (int q = 0; q < patch; q++) {
              tab[q] = base[0] + plan.taps()[q];
            }
            if (bias != null) {
              // start each row at its bias, so the GEMM accumulates onto it
              for (int oc = 0; oc < o; oc++) {
                Arrays.fill(yw, oc * wide, (oc + 1) * wide, bias[oc]);
              }
            }
            VectorGemm.sgemmIndexed(
                o, wide, patch, w, wRows, false, src, tab, yw, 0, wide, bias != null);
            if (argmax != null) {
              poolReluRows(yw, wide, wp, o, oh, ow, n, y, argmax);
              continue;
            }
            for (int oc = 0; oc < o; oc++) {
              copyRows(
                  yw,
                  oc * wide,
                  wp,
                  y,
                  yOff + oc * oh * ow,
                  ow,
                  oh,
                  ow,
                  yOff + o * oh * ow,
                  relu,
                  null,
                  0);
            }
          }
        });
  }

  /**
   * Adds the gradients of {@link #forward} from {@code gy} into {@code gx}, {@code gw} and {@code
   * gb} (each may be null). With {@code reluOut}, the output of a forward with {@code relu}, the
   * gradient is first masked to where {@code reluOut > 0}, as it is copied onto the wide grid.
   */
  public static void backward(
      Conv2dGeometry g,
      float[] x,
      float[] w,
      float[] gy,
      float[] reluOut,
      float[] gx,
      float[] gw,
      float[] gb) {
    backward(g, x, w, gy, reluOut, null, gx, gw, gb);
  }

  /**
   * As above; with {@code argmax} (from the pooled {@link #forward}), {@code gy} is the gradient of
   * the pooled output and {@code reluOut} the pooled output itself: each pooled gradient lands on
   * its window's maximum on the wide grid, where that maximum is positive (the ReLU's mask), and
   * every other position is zero.
   */
  public static void backward(
      Conv2dGeometry g,
      float[] x,
      float[] w,
      float[] gy,
      float[] reluOut,
      int[] argmax,
      float[] gx,
      float[] gw,
      float[] gb) {
    Plan plan = Plan.of(g);
    int c = g.inChannels(),
        o = g.outChannels(),
        patch = g.patchSize(),
        oh = g.outH(),
        ow = g.outW();
    int kh = g.kernelH(), kw = g.kernelW(), kk = kh * kw, h = g.height(), wd = g.width();
    int ph = g.padH(), pw = g.padW(), hp = plan.hp(), wp = plan.wp(), wide = plan.wide();
    // A thin patch (a one-channel input's 9 taps) makes a weight-gradient GEMM with a side too
    // short to fill the micro-kernel, and packing its transposed operand costs as much as the
    // product: it is summed as dot products in vector lanes instead (1.25 -> 0.6 ms for the MNIST
    // CNN's first layer at batch 128). Otherwise the GEMM packs its B operand, so dW's orientation
    // makes B the side with fewer rows.
    boolean thin = patch <= THIN_PATCH;
    boolean transposed = !thin && patch > o;
    int[] gyRows = rows(o, wide);
    int tasks = g.tasks();
    float[][] partialGw = new float[tasks][];
    // the bias gradient per image, summed in image order below: the same bits for any thread count
    double[] imageGb = gb == null ? null : new double[g.batch() * o];
    Parallel.forEach(
        tasks,
        t -> {
          float[] myGw = gw == null ? null : new float[o * patch];
          partialGw[t] = myGw;
          int[] tab = new int[patch];
          int[] base = new int[1];
          float[] lanes = thin && gw != null ? new float[o * patch * S.length()] : null;
          int end = Parallel.split(g.batch(), tasks, t + 1);
          for (int n = Parallel.split(g.batch(), tasks, t); n < end; n++) {
            boolean wideGy =
                gw != null
                    || gx != null
                    || (imageGb != null && (reluOut != null || argmax != null));
            float[] gyw = wideGy ? Scratch.floats(1, o * wide + S.length()) : null;
            if (gyw != null && argmax != null) {
              unpoolRows(gy, reluOut, argmax, n, o, oh, ow, wp, wide, gyw);
            } else if (gyw != null) {
              // dY on the wide grid (masked by the ReLU's output when fused), zero in the dropped
              // positions so that they add nothing
              for (int oc = 0; oc < o; oc++) {
                int from = (n * o + oc) * oh * ow;
                copyRows(
                    gy, from, ow, gyw, oc * wide, wp, oh, ow, gyw.length, false, reluOut, from);
              }
            }
            if (imageGb != null) {
              for (int oc = 0; oc < o; oc++) {
                imageGb[n * o + oc] =
                    reluOut == null && argmax == null
                        ? VectorShapeKernels.sumRun(gy, (n * o + oc) * oh * ow, oh * ow)
                        : VectorShapeKernels.sumRun(gyw, oc * wide, wide);
              }
            }
            if (myGw != null) {
              float[] src = plan.input(x, n, base);
              for (int q = 0; q < patch; q++) {
                tab[q] = base[0] + plan.taps()[q];
              }
              if (thin) {
                weightGradDots(gyw, wide, o, src, tab, patch, lanes);
              } else if (transposed) {
                // dWᵀ [C·kh·kw, O] += X̃ [C·kh·kw, wide] · dYwideᵀ
                VectorGemm.sgemmIndexed(
                    patch, o, wide, src, tab, true, gyw, gyRows, myGw, 0, o, true);
              } else {
                // dW [O, C·kh·kw] += dYwide [O, wide] · X̃ᵀ
                VectorGemm.sgemmIndexed(
                    o, patch, wide, gyw, gyRows, true, src, tab, myGw, 0, patch, true);
              }
            }
            if (gx != null) {
              // dcol [C·kh·kw, wide] = Wᵀ · dYwide; row (c, ki, kj) lands on the (padded) input as
              // one
              // contiguous run starting at its tap, so col2im is a vector add per row
              float[] dst = gx;
              int dBase = n * c * h * wd;
              if (ph > 0 || pw > 0) {
                dst = Scratch.floats(3, c * hp * wp);
                Arrays.fill(dst, 0, c * hp * wp, 0f);
                dBase = 0;
              }
              float[] dcol = Scratch.floats(2, patch * wide);
              VectorGemm.sgemm(
                  new Gemm(true, false, patch, wide, o, patch, wide, wide, false),
                  w,
                  0,
                  gyw,
                  0,
                  dcol,
                  0);
              for (int q = 0; q < patch; q++) {
                VectorFloatLoops.vv(
                    Binary.ADD,
                    dst,
                    dBase + plan.taps()[q],
                    dcol,
                    q * wide,
                    dst,
                    dBase + plan.taps()[q],
                    wide);
              }
              if (ph > 0 || pw > 0) {
                for (int ci = 0; ci < c; ci++) {
                  for (int iy = 0; iy < h; iy++) {
                    int to = n * c * h * wd + (ci * h + iy) * wd;
                    VectorFloatLoops.vv(
                        Binary.ADD, gx, to, dst, (ci * hp + iy + ph) * wp + pw, gx, to, wd);
                  }
                }
              }
            }
          }
          if (lanes != null) {
            int l = S.length();
            for (int i = 0; i < o * patch; i++) {
              myGw[i] += Lanes.sumLanes(FloatVector.fromArray(S, lanes, i * l));
            }
          }
        });
    if (gb != null) {
      for (int oc = 0; oc < o; oc++) {
        double s = 0;
        for (int n = 0; n < g.batch(); n++) {
          s += imageGb[n * o + oc];
        }
        gb[oc] += (float) s;
      }
    }
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
    }
  }

  /**
   * The 2×2, stride-2 max pool of {@code relu(yw)} for image {@code n}: {@code yw} holds {@code o}
   * rows of {@code wide} values on a grid of row length {@code wp}, the output is {@code oh × ow};
   * the pooled values go to {@code y} [N, O, oh/2, ow/2] and the flat [N, O, oh, ow] index of each
   * window's first maximum ({@link Pool2x2#firstMax}) to {@code argmax}.
   */
  private static void poolReluRows(
      float[] yw, int wide, int wp, int o, int oh, int ow, int n, float[] y, int[] argmax) {
    int ph = oh / 2, pw = ow / 2;
    for (int oc = 0; oc < o; oc++) {
      int out = (n * o + oc) * ph * pw, full = (n * o + oc) * oh * ow;
      for (int py = 0; py < ph; py++) {
        int row = oc * wide + 2 * py * wp, frow = full + 2 * py * ow;
        for (int px = 0; px < pw; px++, out++) {
          int i = row + 2 * px;
          float a = Math.max(yw[i], 0f), b = Math.max(yw[i + 1], 0f);
          float c = Math.max(yw[i + wp], 0f), d = Math.max(yw[i + wp + 1], 0f);
          int k = Pool2x2.firstMax(a, b, c, d);
          int down = k >> 1, dx = k & 1;
          // the maximum itself, without a data-dependent branch (a NaN stays a NaN)
          y[out] = Math.max(Math.max(a, b), Math.max(c, d));
          argmax[out] = frow + 2 * px + down * ow + dx;
        }
      }
    }
  }

  /**
   * The gradient of {@link #poolReluRows} for image {@code n} on the wide grid: zeros, and each
   * pooled gradient {@code gy} at its window's maximum when the pooled value is positive.
   */
  private static void unpoolRows(
      float[] gy,
      float[] pooled,
      int[] argmax,
      int n,
      int o,
      int oh,
      int ow,
      int wp,
      int wide,
      float[] gyw) {
    int ph = oh / 2, pw = ow / 2;
    Arrays.fill(gyw, 0, o * wide + S.length(), 0f);
    for (int oc = 0; oc < o; oc++) {
      int out = (n * o + oc) * ph * pw, full = (n * o + oc) * oh * ow;
      for (int py = 0; py < ph; py++) {
        int row = oc * wide + 2 * py * wp, frow = full + 2 * py * ow;
        for (int px = 0; px < pw; px++, out++) {
          if (pooled[out] > 0f) {
            int d = argmax[out] - (frow + 2 * px);
            gyw[row + 2 * px + (d >= ow ? wp + d - ow : d)] = gy[out];
          }
        }
      }
    }
  }

  /**
   * Copies {@code rows} runs of {@code len} floats, run r from {@code src[s + r·ss]} to {@code
   * dst[d + r·ds]}, in whole vectors: a run's last vector writes zeros past its end (up to the next
   * vector boundary), which the next run, copied after it, overwrites where the two overlap; so the
   * {@code ds - len} positions between runs end up zero. Nothing is written at or past {@code
   * limit}. With {@code relu} each value becomes {@code max(v, 0)}; with a {@code mask} (laid out
   * as {@code src}, run r at {@code mask[m + r·ss]}) values where the mask is not positive become 0
   * (a ReLU's gradient).
   */
  private static void copyRows(
      float[] src,
      int s,
      int ss,
      float[] dst,
      int d,
      int ds,
      int rows,
      int len,
      int limit,
      boolean relu,
      float[] mask,
      int m) {
    int l = S.length();
    int full = len / l * l;
    var tail = S.indexInRange(full, len);
    for (int r = 0; r < rows; r++, s += ss, d += ds, m += ss) {
      for (int i = 0; i < full; i += l) {
        FloatVector v = FloatVector.fromArray(S, src, s + i);
        if (relu) {
          v = v.max(0f);
        }
        if (mask != null) {
          v =
              v.blend(
                  0f, FloatVector.fromArray(S, mask, m + i).compare(VectorOperators.GT, 0f).not());
        }
        v.intoArray(dst, d + i);
      }
      if (full < len) {
        if (d + full + l <= limit && s + full + l <= src.length) {
          FloatVector v = FloatVector.fromArray(S, src, s + full, tail);
          if (relu) {
            v = v.max(0f);
          }
          if (mask != null) {
            v =
                v.blend(
                    0f,
                    FloatVector.fromArray(S, mask, m + full, tail)
                        .compare(VectorOperators.GT, 0f)
                        .not());
          }
          v.intoArray(dst, d + full);
          for (int i = full + l; i < ds && d + i < limit; i++) {
            dst[d + i] = 0f; // a gap wider than the vector's spill (kernels wider than a vector)
          }
        } else {
          for (int i = full; i < len; i++) {
            float v = src[s + i];
            if (relu) {
              v = Math.max(v, 0f);
            }
            if (mask != null && !(mask[m + i] > 0f)) {
              v = 0f;
            }
            dst[d + i] = v;
          }
          for (int i = len; i < ds && d + i < limit; i++) {
            dst[d + i] = 0f;
          }
        }
      } else {
        for (int i = len; i < ds && d + i < limit; i++) {
          dst[d + i] = 0f;
        }
      }
    }
  }

  /**
   * For a thin patch: {@code lanes[(oc·patch + q)·L + i] += } lane i of the dot product of dY's
   * wide row oc with the input's window for tap q, in blocks of 4 channels × 3 taps (12
   * accumulators, 7 loads per 12 FMAs); the last partial vector is done in scalars, into lane 0.
   */
  private static void weightGradDots(
      float[] gyw, int wide, int o, float[] x, int[] tab, int patch, float[] lanes) {
    int l = S.length(), full = wide / l * l;
    for (int oc = 0; oc < o; oc++) {
      int q = 0;
      if (oc % 4 == 0 && oc + 4 <= o) {
        for (; q + 3 <= patch; q += 3) {
          dots4x3(
              gyw,
              oc * wide,
              wide,
              full,
              x,
              tab[q],
              tab[q + 1],
              tab[q + 2],
              lanes,
              (oc * patch + q) * l,
              patch * l);
        }
        for (int r = 0; r < 4; r++) {
          for (int qq = q; qq < patch; qq++) {
            dot1(gyw, (oc + r) * wide, wide, full, x, tab[qq], lanes, ((oc + r) * patch + qq) * l);
          }
        }
        oc += 3;
        continue;
      }
      for (; q < patch; q++) {
        dot1(gyw, oc * wide, wide, full, x, tab[q], lanes, (oc * patch + q) * l);
      }
    }
  }

  private static void dots4x3(
      float[] g,
      int g0,
      int ld,
      int full,
      float[] x,
      int x0,
      int x1,
      int x2,
      float[] lanes,
      int out,
      int outLd) {
    FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z;
    FloatVector a20 = z, a21 = z, a22 = z, a30 = z, a31 = z, a32 = z;
    int g1 = g0 + ld, g2 = g1 + ld, g3 = g2 + ld;
    int l = S.length();
    for (int j = 0; j < full; j += l) {
      FloatVector v0 = FloatVector.fromArray(S, x, x0 + j);
      FloatVector v1 = FloatVector.fromArray(S, x, x1 + j);
      FloatVector v2 = FloatVector.fromArray(S, x, x2 + j);
      FloatVector y = FloatVector.fromArray(S, g, g0 + j);
      a00 = y.fma(v0, a00);
      a01 = y.fma(v1, a01);
      a02 = y.fma(v2, a02);
      y = FloatVector.fromArray(S, g, g1 + j);
      a10 = y.fma(v0, a10);
      a11 = y.fma(v1, a11);
      a12 = y.fma(v2, a12);
      y = FloatVector.fromArray(S, g, g2 + j);
      a20 = y.fma(v0, a20);
      a21 = y.fma(v1, a21);
      a22 = y.fma(v2, a22);
      y = FloatVector.fromArray(S, g, g3 + j);
      a30 = y.fma(v0, a30);
      a31 = y.fma(v1, a31);
      a32 = y.fma(v2, a32);
    }
    a00.add(FloatVector.fromArray(S, lanes, out)).intoArray(lanes, out);
    a01.add(FloatVector.fromArray(S, lanes, out + l)).intoArray(lanes, out + l);
    a02.add(FloatVector.fromArray(S, lanes, out + 2 * l)).intoArray(lanes, out + 2 * l);
    out += outLd;
    a10.add(FloatVector.fromArray(S, lanes, out)).intoArray(lanes, out);
    a11.add(FloatVector.fromArray(S, lanes, out + l)).intoArray(lanes, out + l);
    a12.add(FloatVector.fromArray(S, lanes, out + 2 * l)).intoArray(lanes, out + 2 * l);
    out += outLd;
    a20.add(FloatVector.fromArray(S, lanes, out)).intoArray(lanes, out);
    a21.add(FloatVector.fromArray(S, lanes, out + l)).intoArray(lanes, out + l);
    a22.add(FloatVector.fromArray(S, lanes, out + 2 * l)).intoArray(lanes, out + 2 * l);
    out += outLd;
    a30.add(FloatVector.fromArray(S, lanes, out)).intoArray(lanes, out);
    a31.add(FloatVector.fromArray(S, lanes, out + l)).intoArray(lanes, out + l);
    a32.add(FloatVector.fromArray(S, lanes, out + 2 * l)).intoArray(lanes, out + 2 * l);
    // the last partial vector, in scalars
    out -= 3 * outLd;
    for (int r = 0; r < 4; r++) {
      int gr = g0 + r * ld;
      for (int j = full; j < ld; j++) {
        float y = g[gr + j];
        lanes[out + r * outLd] += y * x[x0 + j];
        lanes[out + r * outLd + l] += y * x[x1 + j];
        lanes[out + r * outLd + 2 * l] += y * x[x2 + j];
      }
    }
  }

  private static void dot1(
      float[] g, int g0, int ld, int full, float[] x, int x0, float[] lanes, int out) {
    FloatVector a = FloatVector.zero(S);
    int l = S.length();
    for (int j = 0; j < full; j += l) {
      a = FloatVector.fromArray(S, g, g0 + j).fma(FloatVector.fromArray(S, x, x0 + j), a);
    }
    a.add(FloatVector.fromArray(S, lanes, out)).intoArray(lanes, out);
    for (int j = full; j < ld; j++) {
      lanes[out] += g[g0 + j] * x[x0 + j];
    }
  }
}
