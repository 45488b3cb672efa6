package dev.nabla.core.internal.kernels;

import java.util.Arrays;

/**
 * The reduction loops behind {@link PlainShapeKernels}: sum, max and its gradient, argmax.
 *
 * <p>A reduction over several axes first drops size-1 dimensions and merges adjacent dimensions
 * that are both reduced or both kept, so {@code sum(axes = {1, 2})} of {@code [a, b, c, d]} is one
 * pass over {@code [a, b*c, d]}. Each remaining reduced group is one pass over an
 * {@code [outer, n, inner]} view, innermost group first. FLOAT32 passes accumulate into double
 * buffers and round once at the end, so a float sum is as accurate as a double one.
 */
final class ReduceLoops {
  /** Below this many doubles a contiguous sum is a plain loop; above it, halves are summed pairwise. */
  private static final int PAIRWISE_BLOCK = 128;

  private ReduceLoops() {}

  /** Dimensions after dropping size-1 ones and merging neighbours of the same kind. */
  record Plan(int[] dims, boolean[] reduced) {
    static Plan of(int[] shape, int[] axes) {
      boolean[] isReduced = new boolean[shape.length];
      for (int a : axes) {
        isReduced[a] = true;
      }
      int[] dims = new int[shape.length];
      boolean[] red = new boolean[shape.length];
      int m = 0;
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] == 1) {
          continue;
        }
        if (m > 0 && red[m - 1] == isReduced[i]) {
          dims[m - 1] *= shape[i];
        } else {
          dims[m] = shape[i];
          red[m++] = isReduced[i];
        }
      }
      if (m == 0) {
        return new Plan(new int[] {1}, new boolean[] {false});
      }
      return new Plan(Arrays.copyOf(dims, m), Arrays.copyOf(red, m));
    }

    /** Strides into the reduced output: 0 on reduced dimensions, row-major over the kept ones. */
    int[] outStrides() {
      int[] s = new int[dims.length];
      int acc = 1;
      for (int i = dims.length - 1; i >= 0; i--) {
        if (!reduced[i]) {
          s[i] = acc;
          acc *= dims[i];
        }
      }
      return s;
    }
  }

  // ---------------------------------------------------------------- sum

  static void sum(Object src, int[] shape, int[] axes, Object dst) {
    int n = Odometer.count(shape);
    int outN = java.lang.reflect.Array.getLength(dst);
    if (outN == 0) {
      return;
    }
    if (n == 0) {
      zero(dst);
      return;
    }
    Plan p = Plan.of(shape, axes);
    int[] cur = p.dims.clone();
    switch (src) {
      case float[] s -> {
        double[] acc = null;
        for (int g = cur.length - 1; g >= 0; g--) {
          if (p.reduced[g]) {
            int outer = prefix(cur, g), inner = suffix(cur, g);
            double[] next = new double[outer * inner];
            if (acc == null) {
              sumPass(s, next, outer, cur[g], inner);
            } else {
              sumPass(acc, next, outer, cur[g], inner);
            }
            acc = next;
            cur[g] = 1;
          }
        }
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
        double[] acc = s;
        int last = firstReduced(p);
        for (int g = cur.length - 1; g >= 0; g--) {
          if (p.reduced[g]) {
            int outer = prefix(cur, g), inner = suffix(cur, g);
            double[] next = g == last ? (double[]) dst : new double[outer * inner];
            sumPass(acc, next, outer, cur[g], inner);
            acc = next;
            cur[g] = 1;
          }
        }
        if (last < 0) {
          System.arraycopy(s, 0, dst, 0, outN);
        }
      }
      case int[] s -> {
        int[] acc = s;
        int last = firstReduced(p);
        for (int g = cur.length - 1; g >= 0; g--) {
          if (p.reduced[g]) {
            int outer = prefix(cur, g), inner = suffix(cur, g);
            int[] next = g == last ? (int[]) dst : new int[outer * inner];
            sumPass(acc, next, outer, cur[g], inner);
            acc = next;
            cur[g] = 1;
          }
        }
        if (last < 0) {
          System.arraycopy(s, 0, dst, 0, outN);
        }
      }
      default -> throw unsupported(src);
    }
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

  private static void sumPass(int[] s, int[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      if (inner == 1) {
        int acc = 0;
        for (int r = 0; r < n; r++) {
          acc += s[sOff + r];
        }
        d[o] = acc;
        continue;
      }
      System.arraycopy(s, sOff, d, dOff, inner);
      for (int r = 1; r < n; r++) {
        sOff += inner;
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

  // ---------------------------------------------------------------- max

  static void max(Object src, int[] shape, int[] axes, Object dst) {
    int outN = java.lang.reflect.Array.getLength(dst);
    if (outN == 0) {
      return;
    }
    Plan p = Plan.of(shape, axes);
    int[] cur = p.dims.clone();
    int last = firstReduced(p);
    if (last < 0) {
      System.arraycopy(src, 0, dst, 0, outN);
      return;
    }
    Object acc = src;
    for (int g = cur.length - 1; g >= 0; g--) {
      if (p.reduced[g]) {
        int outer = prefix(cur, g), inner = suffix(cur, g);
        Object next = g == last ? dst : java.lang.reflect.Array.newInstance(
            src.getClass().getComponentType(), outer * inner);
        switch (acc) {
          case float[] s -> maxPass(s, (float[]) next, outer, cur[g], inner);
          case double[] s -> maxPass(s, (double[]) next, outer, cur[g], inner);
          case int[] s -> maxPass(s, (int[]) next, outer, cur[g], inner);
          default -> throw unsupported(src);
        }
        acc = next;
        cur[g] = 1;
      }
    }
  }

  // Math.max returns NaN when either argument is NaN, which is the NaN propagation numpy.max has.
  private static void maxPass(float[] s, float[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      if (inner == 1) {
        float m = s[sOff];
        for (int r = 1; r < n; r++) {
          m = Math.max(m, s[sOff + r]);
        }
        d[o] = m;
        continue;
      }
      System.arraycopy(s, sOff, d, dOff, inner);
      for (int r = 1; r < n; r++) {
        sOff += inner;
        for (int i = 0; i < inner; i++) {
          d[dOff + i] = Math.max(d[dOff + i], s[sOff + i]);
        }
      }
    }
  }

  private static void maxPass(double[] s, double[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      if (inner == 1) {
        double m = s[sOff];
        for (int r = 1; r < n; r++) {
          m = Math.max(m, s[sOff + r]);
        }
        d[o] = m;
        continue;
      }
      System.arraycopy(s, sOff, d, dOff, inner);
      for (int r = 1; r < n; r++) {
        sOff += inner;
        for (int i = 0; i < inner; i++) {
          d[dOff + i] = Math.max(d[dOff + i], s[sOff + i]);
        }
      }
    }
  }

  private static void maxPass(int[] s, int[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      if (inner == 1) {
        int m = s[sOff];
        for (int r = 1; r < n; r++) {
          m = Math.max(m, s[sOff + r]);
        }
        d[o] = m;
        continue;
      }
      System.arraycopy(s, sOff, d, dOff, inner);
      for (int r = 1; r < n; r++) {
        sOff += inner;
        for (int i = 0; i < inner; i++) {
          d[dOff + i] = Math.max(d[dOff + i], s[sOff + i]);
        }
      }
    }
  }

  // ---------------------------------------------------------------- max backward

  static void maxBackward(Object x, int[] shape, int[] axes, Object max, Object grad, Object dx) {
    int n = Odometer.count(shape);
    if (n == 0) {
      return;
    }
    Plan p = Plan.of(shape, axes);
    int rank = p.dims.length;
    int len = p.dims[rank - 1];
    int[] os = p.outStrides();
    int step = os[rank - 1];
    int[] outerDims = Odometer.head(p.dims, rank - 1);
    int[] outerStrides = Odometer.head(os, rank - 1);
    int rows = n / len;
    int[] ties = new int[java.lang.reflect.Array.getLength(max)];
    switch (x) {
      case float[] xs -> {
        float[] m = (float[]) max, g = (float[]) grad, d = (float[]) dx;
        Odometer w = new Odometer(outerDims, outerStrides);
        for (int row = 0, i = 0; row < rows; row++) {
          for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
            if (xs[i] == m[o] || (xs[i] != xs[i] && m[o] != m[o])) {
              ties[o]++;
            }
          }
        }
        w = new Odometer(outerDims, outerStrides);
        for (int row = 0, i = 0; row < rows; row++) {
          for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
            if (xs[i] == m[o] || (xs[i] != xs[i] && m[o] != m[o])) {
              d[i] = g[o] / ties[o];
            }
          }
        }
      }
      case double[] xs -> {
        double[] m = (double[]) max, g = (double[]) grad, d = (double[]) dx;
        Odometer w = new Odometer(outerDims, outerStrides);
        for (int row = 0, i = 0; row < rows; row++) {
          for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
            if (xs[i] == m[o] || (xs[i] != xs[i] && m[o] != m[o])) {
              ties[o]++;
            }
          }
        }
        w = new Odometer(outerDims, outerStrides);
        for (int row = 0, i = 0; row < rows; row++) {
          for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
            if (xs[i] == m[o] || (xs[i] != xs[i] && m[o] != m[o])) {
              d[i] = g[o] / ties[o];
            }
          }
        }
      }
      default -> throw unsupported(x);
    }
  }

  // ---------------------------------------------------------------- argmax

  static void argmax(Object src, int outer, int n, int inner, int[] dst) {
    switch (src) {
      case float[] s -> {
        for (int o = 0; o < outer; o++) {
          for (int i = 0; i < inner; i++) {
            int base = o * n * inner + i, best = 0;
            float bv = s[base];
            for (int k = 1; k < n && bv == bv; k++) {
              float v = s[base + k * inner];
              if (v > bv || v != v) {
                bv = v;
                best = k;
              }
            }
            dst[o * inner + i] = best;
          }
        }
      }
      case double[] s -> {
        for (int o = 0; o < outer; o++) {
          for (int i = 0; i < inner; i++) {
            int base = o * n * inner + i, best = 0;
            double bv = s[base];
            for (int k = 1; k < n && bv == bv; k++) {
              double v = s[base + k * inner];
              if (v > bv || v != v) {
                bv = v;
                best = k;
              }
            }
            dst[o * inner + i] = best;
          }
        }
      }
      case int[] s -> {
        for (int o = 0; o < outer; o++) {
          for (int i = 0; i < inner; i++) {
            int base = o * n * inner + i, best = 0;
            int bv = s[base];
            for (int k = 1; k < n; k++) {
              int v = s[base + k * inner];
              if (v > bv) {
                bv = v;
                best = k;
              }
            }
            dst[o * inner + i] = best;
          }
        }
      }
      default -> throw unsupported(src);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static int firstReduced(Plan p) {
    for (int g = 0; g < p.reduced.length; g++) {
      if (p.reduced[g]) {
        return g;
      }
    }
    return -1;
  }

  private static int prefix(int[] dims, int end) {
    int n = 1;
    for (int i = 0; i < end; i++) {
      n *= dims[i];
    }
    return n;
  }

  private static int suffix(int[] dims, int start) {
    int n = 1;
    for (int i = start + 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  private static void zero(Object dst) {
    switch (dst) {
      case float[] d -> Arrays.fill(d, 0f);
      case double[] d -> Arrays.fill(d, 0d);
      case int[] d -> Arrays.fill(d, 0);
      default -> throw unsupported(dst);
    }
  }

  static IllegalArgumentException unsupported(Object array) {
    return new IllegalArgumentException(
        "unsupported array type " + (array == null ? "null" : array.getClass().getSimpleName())
            + "; expected float[], double[] or int[]");
  }
}
