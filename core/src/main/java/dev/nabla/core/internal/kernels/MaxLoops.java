package dev.nabla.core.internal.kernels;

/**
 * The max, max-gradient and argmax loops behind {@link PlainShapeKernels}. Max runs pass by pass
 * over a {@link ReducePlan}; its gradient walks the input twice (count the ties of each maximum,
 * then hand out the shares), tracking the output position with an {@link Odometer}; argmax
 * reduces a single axis.
 */
final class MaxLoops {
  private MaxLoops() {}

  static void max(Object src, int[] shape, int[] axes, Object dst) {
    int outN = java.lang.reflect.Array.getLength(dst);
    if (outN == 0) {
      return;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    int[] cur = p.dims().clone();
    int last = p.firstReduced();
    if (last < 0) {
      System.arraycopy(src, 0, dst, 0, outN);
      return;
    }
    Object acc = src;
    for (int g = cur.length - 1; g >= 0; g--) {
      if (p.reduced()[g]) {
        int outer = ReducePlan.prefix(cur, g), inner = ReducePlan.suffix(cur, g);
        Object next = g == last ? dst : java.lang.reflect.Array.newInstance(
            src.getClass().getComponentType(), outer * inner);
        switch (acc) {
          case float[] s -> maxPass(s, (float[]) next, outer, cur[g], inner);
          case double[] s -> maxPass(s, (double[]) next, outer, cur[g], inner);
          case int[] s -> maxPass(s, (int[]) next, outer, cur[g], inner);
          default -> throw ReducePlan.unsupported(src);
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
    ReducePlan p = ReducePlan.of(shape, axes);
    int rank = p.dims().length;
    int len = p.dims()[rank - 1];
    int[] os = p.outStrides();
    int step = os[rank - 1];
    int[] outerDims = Odometer.head(p.dims(), rank - 1);
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
      default -> throw ReducePlan.unsupported(x);
    }
  }

  // ---------------------------------------------------------------- argmax

  static void argmax(Object src, int outer, int n, int inner, int[] dst) {
    switch (src) {
      case float[] s -> argmax(s, outer, n, inner, dst);
      case double[] s -> argmax(s, outer, n, inner, dst);
      case int[] s -> argmax(s, outer, n, inner, dst);
      default -> throw ReducePlan.unsupported(src);
    }
  }

  // A contiguous run (inner == 1) is scanned directly and stops at the first NaN. With inner > 1
  // the rows are walked in memory order, keeping the best value seen so far per column in a
  // buffer, rather than striding down each column; "v > best" never holds once best is NaN, and
  // "v != v && best == best" catches the first NaN: so the first NaN wins either way.
  private static void argmax(float[] s, int outer, int n, int inner, int[] dst) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n, at = 0;
        float b = s[base];
        for (int k = 1; k < n && b == b; k++) {
          float v = s[base + k];
          if (v > b || v != v) {
            b = v;
            at = k;
          }
        }
        dst[o] = at;
      }
      return;
    }
    float[] best = new float[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner, dOff = o * inner;
      System.arraycopy(s, base, best, 0, inner);
      java.util.Arrays.fill(dst, dOff, dOff + inner, 0);
      for (int k = 1; k < n; k++) {
        int row = base + k * inner;
        for (int i = 0; i < inner; i++) {
          float v = s[row + i], b = best[i];
          if (v > b || (v != v && b == b)) {
            best[i] = v;
            dst[dOff + i] = k;
          }
        }
      }
    }
  }

  private static void argmax(double[] s, int outer, int n, int inner, int[] dst) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n, at = 0;
        double b = s[base];
        for (int k = 1; k < n && b == b; k++) {
          double v = s[base + k];
          if (v > b || v != v) {
            b = v;
            at = k;
          }
        }
        dst[o] = at;
      }
      return;
    }
    double[] best = new double[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner, dOff = o * inner;
      System.arraycopy(s, base, best, 0, inner);
      java.util.Arrays.fill(dst, dOff, dOff + inner, 0);
      for (int k = 1; k < n; k++) {
        int row = base + k * inner;
        for (int i = 0; i < inner; i++) {
          double v = s[row + i], b = best[i];
          if (v > b || (v != v && b == b)) {
            best[i] = v;
            dst[dOff + i] = k;
          }
        }
      }
    }
  }

  private static void argmax(int[] s, int outer, int n, int inner, int[] dst) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n, at = 0;
        for (int k = 1; k < n; k++) {
          if (s[base + k] > s[base + at]) {
            at = k;
          }
        }
        dst[o] = at;
      }
      return;
    }
    int[] best = new int[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner, dOff = o * inner;
      System.arraycopy(s, base, best, 0, inner);
      java.util.Arrays.fill(dst, dOff, dOff + inner, 0);
      for (int k = 1; k < n; k++) {
        int row = base + k * inner;
        for (int i = 0; i < inner; i++) {
          if (s[row + i] > best[i]) {
            best[i] = s[row + i];
            dst[dOff + i] = k;
          }
        }
      }
    }
  }
}
