// GENERATED from FloatCopyLoops.java by TwinGenerator (FLOAT32 -> BOOL by type substitution).
// Do not edit: edit FloatCopyLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.shape;

import java.util.Arrays;

/**
 * The BOOL strided copies of {@link CopyLoops}, which plans each copy and dispatches on the
 * array type here or to the generated twins; contiguous runs need no typed code.
 */
final class BooleanCopyLoops {
  /** Tile edge of the cache-blocked transpose: a 32x32 tile of doubles is 8 KiB, well inside L1. */
  private static final int TILE = 32;

  private BooleanCopyLoops() {}

  /**
   * Fills {@code blocks} runs of {@code reps} elements of {@code d}, each with the next element.
   */
  static void fillRuns(boolean[] s, boolean[] d, int blocks, int reps, Odometer w) {
    for (int b = 0; b < blocks; b++) {
      Arrays.fill(d, b * reps, (b + 1) * reps, s[w.next()]);
    }
  }

  /**
   * Writes {@code rows} rows of {@code len} elements, each read from {@code s} by {@code stride}.
   */
  static void walkRows(boolean[] s, boolean[] d, int rows, int len, int stride, Odometer w) {
    for (int r = 0, o = 0; r < rows; r++) {
      for (int k = 0, i = w.next(); k < len; k++, i += stride) {
        d[o++] = s[i];
      }
    }
  }

  /**
   * {@code torch.gather}'s loop over {@code rows} rows of {@code len} index positions: position
   * {@code p} reads {@code s} at its row's base (from {@code w}) plus {@code k * step} plus {@code
   * index[p] * axisStride}.
   */
  static void gather(
      boolean[] s, boolean[] d, int[] index, int rows, int len, int step, int axisStride, Odometer w) {
    for (int r = 0, p = 0; r < rows; r++) {
      for (int k = 0, base = w.next(); k < len; k++, p++, base += step) {
        d[p] = s[base + index[p] * axisStride];
      }
    }
  }

  /** {@code d[dOff + c*rows + r] = s[sOff + r*cols + c]}, tile by tile. */
  static void transpose(boolean[] s, int sOff, int rows, int cols, boolean[] d, int dOff) {
    for (int r0 = 0; r0 < rows; r0 += TILE) {
      int r1 = Math.min(rows, r0 + TILE);
      for (int c0 = 0; c0 < cols; c0 += TILE) {
        int c1 = Math.min(cols, c0 + TILE);
        for (int c = c0; c < c1; c++) {
          int o = dOff + c * rows;
          for (int r = r0; r < r1; r++) {
            d[o + r] = s[sOff + r * cols + c];
          }
        }
      }
    }
  }

  /** The one-element rows of a strided copy, as {@link CopyLoops} plans it. */
  static void strided(
      boolean[] s,
      int sLen,
      int sStart,
      int sStep,
      boolean[] d,
      int dLen,
      int dStart,
      int dStep,
      int outer,
      int rows) {
    for (int o = 0; o < outer; o++) {
      for (int k = 0, si = o * sLen + sStart, di = o * dLen + dStart;
          k < rows;
          k++, si += sStep, di += dStep) {
        d[di] = s[si];
      }
    }
  }
}
