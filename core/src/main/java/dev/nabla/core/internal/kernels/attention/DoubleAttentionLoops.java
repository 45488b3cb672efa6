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
    int t = g.t(), s = g.s(), d = g.d(), dv = g.dv();
    Gemm logits = new Gemm(false, true, t, s, d, d, d, s, false);
    Gemm product = new Gemm(false, false, t, dv, s, s, dv, dv, false);
    forSlices(
        g,
        (lo, hi) -> {
          double[] pd = drop == null ? null : new double[t * s];
          for (int i = lo; i < hi; i++) {
            int ps = i * t * s;
            lk.gemm(logits, q, i * t * d, k, i * s * d, p, ps);
            softmaxRows(ew, g, p, ps, mask, mask == null ? 0 : maskOffs[i]);
            if (drop == null) {
              lk.gemm(product, p, ps, v, i * s * dv, out, i * t * dv);
            } else {
              dropout(g, i, p, ps, drop, pd);
              lk.gemm(product, pd, 0, v, i * s * dv, out, i * t * dv);
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
    int t = g.t(), s = g.s(), d = g.d(), dv = g.dv();
    double scale = g.scale();
    Gemm gradV = new Gemm(true, false, s, dv, t, s, dv, dv, false);
    Gemm gradP = new Gemm(false, true, t, s, dv, dv, dv, s, false);
    Gemm gradQ = new Gemm(false, false, t, d, s, s, d, d, false);
    Gemm gradK = new Gemm(true, false, s, d, t, s, d, d, false);
    boolean inputs = gq != null || gk != null || gLogits != null;
    forSlices(
        g,
        (lo, hi) -> {
          double[] pd = drop == null ? null : new double[t * s];
          double[] dp = inputs ? new double[t * s] : null;
          for (int i = lo; i < hi; i++) {
            int ps = i * t * s, os = i * t * dv;
            if (gv != null) {
              // dV = Pdᵀ·dO, with Pd the probabilities after dropout
              if (drop == null) {
                lk.gemm(gradV, p, ps, gOut, os, gv, i * s * dv);
              } else {
                for (int j = 0; j < t * s; j++) {
                  pd[j] = p[ps + j] * drop[ps + j];
                }
                lk.gemm(gradV, pd, 0, gOut, os, gv, i * s * dv);
              }
            }
            if (!inputs) {
              continue;
            }
            // dPd = dO·vᵀ, then through the dropout: dP = dPd∘M
            lk.gemm(gradP, gOut, os, v, i * s * dv, dp, 0);
            if (drop != null) {
              for (int j = 0; j < t * s; j++) {
                dp[j] *= drop[ps + j];
              }
            }
            // through the softmax, row by row: dS = P∘(dP - rowsum(dP∘P))
            for (int r = 0; r < t; r++) {
              int row = r * s;
              double dot = 0;
              for (int j = row; j < row + s; j++) {
                dot += dp[j] * p[ps + j];
              }
              double sum = dot;
              for (int j = row; j < row + s; j++) {
                dp[j] = p[ps + j] * (dp[j] - sum);
              }
            }
            if (gLogits != null) {
              System.arraycopy(dp, 0, gLogits, ps, t * s);
            }
            // the logits are scale·q·kᵀ: dQ = dS·k·scale, dK = dSᵀ·q·scale
            for (int j = 0; j < t * s; j++) {
              dp[j] *= scale;
            }
            if (gq != null) {
              lk.gemm(gradQ, dp, 0, k, i * s * d, gq, i * t * d);
            }
            if (gk != null) {
              lk.gemm(gradK, dp, 0, q, i * t * d, gk, i * s * d);
            }
          }
        });
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
