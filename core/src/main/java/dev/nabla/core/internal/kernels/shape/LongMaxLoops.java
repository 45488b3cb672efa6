// GENERATED from FloatMaxLoops.java by TwinGenerator (FLOAT32 -> INT64 by type substitution).
// Do not edit: edit FloatMaxLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.shape;

import java.util.Arrays;

/**
 * The INT64 max, max-gradient and argmax loops behind {@link MaxLoops}, which plans the passes
 * and dispatches on the array type.
 */
final class LongMaxLoops {
  private LongMaxLoops() {}

  // Math.max returns NaN when either argument is NaN, which is the NaN propagation numpy.max has.
  static void maxPass(long[] s, long[] d, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int dOff = o * inner, sOff = o * n * inner;
      if (inner == 1) {
        long m = s[sOff];
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

  /**
   * The gradient of max for one dtype, as {@link MaxLoops#maxBackward} plans it: first counts each
   * maximum's ties, then gives every tie its share of the gradient.
   */
  static void maxBackward(long[] xs, long[] m, long[] g, long[] d, MaxLoops.Rows walk) {
    int[] ties = new int[m.length];
    int rows = walk.rows(), len = walk.len(), step = walk.step();
    Odometer w = walk.odometer();
    for (int row = 0, i = 0; row < rows; row++) {
      for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
        if (xs[i] == m[o]) {
          ties[o]++;
        }
      }
    }
    w = walk.odometer();
    for (int row = 0, i = 0; row < rows; row++) {
      for (int k = 0, o = w.next(); k < len; k++, i++, o += step) {
        if (xs[i] == m[o]) {
          d[i] = g[o] / ties[o];
        }
      }
    }
  }

  // A contiguous run (inner == 1) is scanned directly and stops at the first NaN. With inner > 1
  // the rows are walked in memory order, keeping the best value seen so far per column in a
  // buffer, rather than striding down each column; "v > best" never holds once best is NaN, and
  // "isNaN(v) && !isNaN(best)" catches the first NaN: so the first NaN wins either way.
  static void argmax(long[] s, int outer, int n, int inner, int[] dst) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        int base = o * n, at = 0;
        long b = s[base];
        for (int k = 1; k < n; k++) {
          long v = s[base + k];
          if (v > b) {
            b = v;
            at = k;
          }
        }
        dst[o] = at;
      }
      return;
    }
    long[] best = new long[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner, dOff = o * inner;
      System.arraycopy(s, base, best, 0, inner);
      Arrays.fill(dst, dOff, dOff + inner, 0);
      for (int k = 1; k < n; k++) {
        int row = base + k * inner;
        for (int i = 0; i < inner; i++) {
          long v = s[row + i], b = best[i];
          if (v > b) {
            best[i] = v;
            dst[dOff + i] = k;
          }
        }
      }
    }
  }
}
