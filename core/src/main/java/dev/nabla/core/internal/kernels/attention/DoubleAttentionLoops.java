// GENERATED from FloatAttentionLoops.java by TwinGenerator (FLOAT32 -> FLOAT64 by type substitution).
// Do not edit: edit FloatAttentionLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.attention;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.kernels.ElementwiseKernels;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.LinalgKernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Attention;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.parallel.Parallel;
import java.util.Arrays;

/**
 * Scaled dot-product attention over {@code count} contiguous (batch, head) slices, as {@link
 * LinalgKernels#attention} documents it. The slices are split over the pool's threads; each runs
 * its GEMMs on the given {@link LinalgKernels} (whose own threading then runs inline) with the
 * probabilities written straight into the saved array, so no logits tensor is ever allocated.
 */
public final class DoubleAttentionLoops {
  /** Multiply-adds below which the slices run on the caller's thread. */
  private static final long PARALLEL_MACS = 1L << 18;

  /** Rows per block of a causal slice. */
  private static final int CAUSAL_BLOCK = 32;

  /** The step between the dropout streams of consecutive slices (SplitMix64's own increment). */
  private static final long STREAM = 0x9E3779B97F4A7C15L;

  private DoubleAttentionLoops() {}

  public static void forward(
      LinalgKernels lk,
      ElementwiseKernels ew,
      Attention g,
      double[] q,
      double[] k,
      double[] v,
      double[] mask,
      int[] maskOffs,
      double[] p,
      double[] drop,
      double[] out) {
    int t = g.t(), s = g.s(), d = g.d(), dv = g.dv(), block = rowBlock(g);
    forSlices(
        g,
        (lo, hi) -> {
          double[] pd = drop == null ? null : new double[t * s];
          for (int i = lo; i < hi; i++) {
            int ps = i * t * s;
            // the logits of each block of rows, up to its last live key: P = q·kᵀ
            for (int r0 = 0; r0 < t; r0 += block) {
              int rows = Math.min(block, t - r0), live = live(g, r0 + rows);
              Gemm logits = new Gemm(false, true, rows, live, d, d, d, s, false);
              lk.gemm(logits, q, (i * t + r0) * d, k, i * s * d, p, ps + r0 * s);
            }
            softmaxRows(ew, g, p, ps, mask, mask == null ? 0 : maskOffs[i]);
            double[] weights = p;
            int ws = ps;
            if (drop != null) {
              dropout(g, i, p, ps, drop, pd);
              weights = pd;
              ws = 0;
            }
            // O = P·v, each block of rows over its live keys only
            for (int r0 = 0; r0 < t; r0 += block) {
              int rows = Math.min(block, t - r0), live = live(g, r0 + rows);
              Gemm product = new Gemm(false, false, rows, dv, live, s, dv, dv, false);
              lk.gemm(product, weights, ws + r0 * s, v, i * s * dv, out, (i * t + r0) * dv);
            }
          }
        });
  }

  public static void backward(
      LinalgKernels lk,
      Attention g,
      double[] q,
      double[] k,
      double[] v,
      double[] p,
      double[] drop,
      double[] gOut,
      double[] gq,
      double[] gk,
      double[] gv,
      double[] gLogits) {
    int t = g.t(), s = g.s(), d = g.d(), dv = g.dv(), block = rowBlock(g);
    double scale = g.scale();
    boolean inputs = gq != null || gk != null || gLogits != null;
    forSlices(
        g,
        (lo, hi) -> {
          double[] pd = drop == null ? null : new double[t * s];
          double[] dp = inputs ? new double[t * s] : null;
          for (int i = lo; i < hi; i++) {
            int ps = i * t * s, os = i * t * dv;
            // Pd, the probabilities after dropout
            double[] weights = p;
            int ws = ps;
            if (drop != null) {
              for (int j = 0; j < t * s; j++) {
                pd[j] = p[ps + j] * drop[ps + j];
              }
              weights = pd;
              ws = 0;
            }
            // dV and dK accumulate over the blocks of rows
            if (gv != null) {
              Arrays.fill(gv, i * s * dv, (i + 1) * s * dv, 0.0);
            }
            if (gk != null) {
              Arrays.fill(gk, i * s * d, (i + 1) * s * d, 0.0);
            }
            for (int r0 = 0; r0 < t; r0 += block) {
              int rows = Math.min(block, t - r0), live = live(g, r0 + rows);
              int pr = ps + r0 * s, dr = r0 * s;
              if (gv != null) {
                // dV += Pdᵀ·dO over this block's rows
                Gemm gradV = new Gemm(true, false, live, dv, rows, s, dv, dv, true);
                lk.gemm(gradV, weights, ws + r0 * s, gOut, os + r0 * dv, gv, i * s * dv);
              }
              if (!inputs) {
                continue;
              }
              // dPd = dO·vᵀ, then through the dropout: dP = dPd∘M
              Gemm gradP = new Gemm(false, true, rows, live, dv, dv, dv, s, false);
              lk.gemm(gradP, gOut, os + r0 * dv, v, i * s * dv, dp, dr);
              // through the softmax, row by row: dS = P∘(dP - rowsum(dP∘P))
              for (int r = 0; r < rows; r++) {
                int row = dr + r * s, prow = pr + r * s;
                if (drop != null) {
                  for (int j = 0; j < live; j++) {
                    dp[row + j] *= drop[prow + j];
                  }
                }
                double dot = 0;
                for (int j = 0; j < live; j++) {
                  dot += dp[row + j] * p[prow + j];
                }
                double sum = dot;
                for (int j = 0; j < live; j++) {
                  dp[row + j] = p[prow + j] * (dp[row + j] - sum);
                }
                if (gLogits != null) {
                  System.arraycopy(dp, row, gLogits, prow, live);
                  Arrays.fill(gLogits, prow + live, prow + s, 0.0);
                }
                // the logits are scale·q·kᵀ: dQ = dS·k·scale, dK = dSᵀ·q·scale
                for (int j = 0; j < live; j++) {
                  dp[row + j] *= scale;
                }
              }
              if (gq != null) {
                Gemm gradQ = new Gemm(false, false, rows, d, live, s, d, d, false);
                lk.gemm(gradQ, dp, dr, k, i * s * d, gq, (i * t + r0) * d);
              }
              if (gk != null) {
                Gemm gradK = new Gemm(true, false, live, d, rows, s, d, d, true);
                lk.gemm(gradK, dp, dr, q, (i * t + r0) * d, gk, i * s * d);
              }
            }
          }
        });
  }

  /**
   * Rows per block: with {@code causal}, a block of rows needs the keys up to its last row only, so
   * the products skip most of the hidden upper triangle; otherwise every row needs every key and
   * the slice is one block.
   */
  private static int rowBlock(Attention g) {
    return g.causal() ? CAUSAL_BLOCK : Math.max(1, g.t());
  }

  /** The keys rows {@code [0, end)} may attend to: all, or with {@code causal} keys 0 .. end-1. */
  private static int live(Attention g, int end) {
    return g.causal() ? Math.min(g.s(), end) : g.s();
  }

  /** Runs {@code body} over contiguous ranges of slices, one range per task. */
  private static void forSlices(Attention g, SliceRange body) {
    int count = g.count();
    long macs = (long) count * g.t() * g.s() * (g.d() + g.dv());
    int tasks = Parallel.tasks(macs, PARALLEL_MACS, count);
    Parallel.forEach(
        tasks,
        task ->
            body.run(Parallel.split(count, tasks, task), Parallel.split(count, tasks, task + 1)));
  }

  /** A range {@code [lo, hi)} of slices. */
  private interface SliceRange {
    void run(int lo, int hi);
  }

  /**
   * Turns the t×s raw products at {@code ps} into probabilities in place: scale, add the mask, hide
   * the keys after the query when causal, and softmax each row (its maximum subtracted first). A
   * row with no finite logit becomes all zeros.
   */
  private static void softmaxRows(
      ElementwiseKernels ew, Attention g, double[] p, int ps, double[] mask, int ms) {
    int t = g.t(), s = g.s();
    double scale = g.scale();
    for (int r = 0; r < t; r++) {
      int row = ps + r * s;
      int live = g.causal() ? Math.min(s, r + 1) : s;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < live; j++) {
        double x = p[row + j] * scale;
        if (mask != null) {
          x += mask[ms + r * s + j];
        }
        p[row + j] = x;
        max = Math.max(max, x);
      }
      Arrays.fill(p, row + live, row + s, 0.0);
      if (max == Double.NEGATIVE_INFINITY) {
        Arrays.fill(p, row, row + live, 0.0);
        continue;
      }
      for (int j = row; j < row + live; j++) {
        p[j] -= max;
      }
      ew.unary(Unary.EXP, p, p, row, live);
      double sum = 0;
      for (int j = row; j < row + live; j++) {
        sum += p[j];
      }
      double inv = (1 / sum);
      for (int j = row; j < row + live; j++) {
        p[j] *= inv;
      }
    }
  }

  /**
   * Draws slice {@code i}'s dropout multipliers into {@code drop} and writes the dropped
   * probabilities into {@code pd}.
   */
  private static void dropout(Attention g, int i, double[] p, int ps, double[] drop, double[] pd) {
    int n = g.t() * g.s();
    double rate = g.dropoutP();
    double keep = (rate < 1 ? 1 / (1 - rate) : 0);
    // element j is dropped when its 53-bit uniform is below rate·2^53, as Dropout's masks decide
    long threshold = (long) Math.ceil(rate * 0x1.0p53);
    Rng rng = new Rng(new Rng(g.seed() + i * STREAM).nextLong());
    for (int j = 0; j < n; j++) {
      long u = rng.nextLong() >>> 11;
      double m = u < threshold ? 0.0 : keep;
      drop[ps + j] = m;
      pd[j] = p[ps + j] * m;
    }
  }
}
