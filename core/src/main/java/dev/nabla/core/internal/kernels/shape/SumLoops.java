package dev.nabla.core.internal.kernels.shape;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The sum loops behind {@link PlainShapeKernels}, pass by pass over a {@link ReducePlan}. FLOAT32
 * passes accumulate into double buffers and round once at the end, so a float sum is as accurate as
 * a double one; FLOAT64 contiguous runs are summed pairwise.
 */
public final class SumLoops {
  /**
   * Below this many doubles a contiguous sum is a plain loop; above it, halves are summed pairwise.
   */
  private static final int PAIRWISE_BLOCK = 128;

  private SumLoops() {}

  public static void sum(Object src, int[] shape, int[] axes, Object dst) {
    int n = Odometer.count(shape);
    int outN = java.lang.reflect.Array.getLength(dst);
    if (outN == 0) {
      return;
    }
    if (n == 0) {
      zero(dst);
      return;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    switch (src) {
      case float[] s -> {
        double[] acc = (double[]) passes(p, s, double[]::new, null);
        float[] d = (float[]) dst;
        if (acc == null) {
          System.arraycopy(s, 0, d, 0, outN);
        } else {
          for (int i = 0; i < outN; i++) {
            d[i] = (float) acc[i];
          }
        }
      }
      case double[] s -> {
        if (passes(p, s, double[]::new, dst) == null) {
          System.arraycopy(s, 0, dst, 0, outN);
        }
      }
      case int[] s -> {
        // Accumulated in 64 bits, so a sum that fits INT32 is exact whatever its partial sums do,
        // and one that does not fails instead of wrapping around.
        long[] acc = (long[]) passes(p, s, long[]::new, null);
        int[] d = (int[]) dst;
        if (acc == null) {
          System.arraycopy(s, 0, d, 0, outN);
        } else {
          for (int i = 0; i < outN; i++) {
            if (acc[i] != (int) acc[i]) {
              throw new ArithmeticException(
                  "the sum at output index "
                      + i
                      + " is "
                      + acc[i]
                      + ", outside INT32's range [-2147483648, 2147483647]");
            }
            d[i] = (int) acc[i];
          }
        }
      }
      case long[] s -> {
        // INT64 sums wrap on overflow, as torch's int64 sums do.
        if (passes(p, s, long[]::new, dst) == null) {
          System.arraycopy(s, 0, dst, 0, outN);
        }
      }
      default -> throw ReducePlan.unsupported("sum", src);
    }
  }

  /**
   * One sum pass per reduced group of {@code p}, the last group first, each over the dimensions the
   * passes before it left: from {@code src} into a new (zeroed) array from {@code alloc}, and from
   * there on; the final pass writes into {@code last} instead when it is not null. Returns the
   * final pass's array, or null when no group is reduced.
   */
  private static Object passes(ReducePlan p, Object src, IntFunction<Object> alloc, Object last) {
    int[] cur = p.dims().clone();
    int first = p.firstReduced();
    Object acc = null;
    for (int g = cur.length - 1; g >= 0; g--) {
      if (p.reduced()[g]) {
        int outer = ReducePlan.prefix(cur, g), inner = ReducePlan.suffix(cur, g);
        Object next = g == first && last != null ? last : alloc.apply(outer * inner);
        switch (acc == null ? src : acc) {
          case float[] s -> sumPass(s, (double[]) next, outer, cur[g], inner);
          case double[] s -> sumPass(s, (double[]) next, outer, cur[g], inner);
          case int[] s -> sumPass(s, (long[]) next, outer, cur[g], inner);
          case long[] s -> sumPass(s, (long[]) next, outer, cur[g], inner);
          default -> throw ReducePlan.unsupported("sum", src);
        }
        acc = next;
        cur[g] = 1;
      }
    }
    return acc;
  }

  private static void sumPass(float[] s, double[] d, int outer, int n, int inner) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        d[o] = sumRun(s, o * n, n);
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      for (int r = 0; r < n; r++, sOff += inner) {
        for (int i = 0; i < inner; i++) {
          d[dOff + i] += s[sOff + i];
        }
      }
    }
  }

  private static void sumPass(double[] s, double[] d, int outer, int n, int inner) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        d[o] = pairwise(s, o * n, n);
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      System.arraycopy(s, sOff, d, dOff, inner);
      for (int r = 1; r < n; r++) {
        sOff += inner;
        for (int i = 0; i < inner; i++) {
          d[dOff + i] += s[sOff + i];
        }
      }
    }
  }

  private static void sumPass(int[] s, long[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      for (int r = 0; r < n; r++, sOff += inner) {
        for (int i = 0; i < inner; i++) {
          d[dOff + i] += s[sOff + i];
        }
      }
    }
  }

  // Partial sums of 2^31 ints of 2^31 each stay below 2^62: no long can overflow here.
  private static void sumPass(long[] s, long[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      for (int r = 0; r < n; r++, sOff += inner) {
        for (int i = 0; i < inner; i++) {
          d[dOff + i] += s[sOff + i];
        }
      }
    }
  }

  /** A contiguous float run summed in double; four accumulators keep the adds independent. */
  private static double sumRun(float[] s, int off, int n) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      a0 += s[off + i];
      a1 += s[off + i + 1];
      a2 += s[off + i + 2];
      a3 += s[off + i + 3];
    }
    for (; i < n; i++) {
      a0 += s[off + i];
    }
    return (a0 + a1) + (a2 + a3);
  }

  /** Pairwise summation (as NumPy's): the rounding error grows with log(n) rather than n. */
  private static double pairwise(double[] s, int off, int n) {
    if (n <= PAIRWISE_BLOCK) {
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        a0 += s[off + i];
        a1 += s[off + i + 1];
        a2 += s[off + i + 2];
        a3 += s[off + i + 3];
      }
      for (; i < n; i++) {
        a0 += s[off + i];
      }
      return (a0 + a1) + (a2 + a3);
    }
    int half = (n / 2) & ~7;
    return pairwise(s, off, half) + pairwise(s, off + half, n - half);
  }

  private static void zero(Object dst) {
    switch (dst) {
      case float[] d -> Arrays.fill(d, 0f);
      case double[] d -> Arrays.fill(d, 0d);
      case int[] d -> Arrays.fill(d, 0);
      case long[] d -> Arrays.fill(d, 0L);
      default -> throw ReducePlan.unsupported("sum", dst);
    }
  }
}
