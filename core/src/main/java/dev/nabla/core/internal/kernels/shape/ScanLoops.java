package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.kernels.PlainShapeKernels;

/**
 * The scans behind {@link PlainShapeKernels} along the middle axis of an array viewed as {@code
 * [outer, n, inner]}: the cumulative sum (typed loops in {@link FloatScanLoops} and its generated
 * twin), the triangle masks of {@code triu} and {@code tril} and the ranking of {@code topk} (both
 * free of per-type loops).
 */
public final class ScanLoops {
  private ScanLoops() {}

  public static void cumsum(Object src, Object dst, int outer, int n, int inner, boolean reverse) {
    switch (src) {
      case float[] s -> FloatScanLoops.cumsum(s, (float[]) dst, outer, n, inner, reverse);
      case double[] s -> DoubleScanLoops.cumsum(s, (double[]) dst, outer, n, inner, reverse);
      default -> throw ReducePlan.unsupported("cumsum", src);
    }
  }

  /**
   * Copies into the zeroed {@code dst} the elements of each of {@code batch} row-major {@code rows
   * x cols} matrices of {@code src} that lie on or above ({@code upper}) or on or below the
   * diagonal {@code diagonal}: column {@code j} of row {@code i} when {@code j - i >= diagonal}
   * (upper) or {@code j - i <= diagonal} (lower). Each kept part of a row is one contiguous run.
   */
  public static void triangle(
      Object src, int batch, int rows, int cols, int diagonal, boolean upper, Object dst) {
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < rows; i++) {
        long edge = (long) i + diagonal; // the column on the diagonal, possibly off the matrix
        int from = upper ? Math.clamp(edge, 0, cols) : 0;
        int to = upper ? cols : Math.clamp(edge + 1, 0, cols);
        int row = (b * rows + i) * cols;
        if (to > from) {
          System.arraycopy(src, row + from, dst, row + from, to - from);
        }
      }
    }
  }

  /**
   * For {@code src} viewed as {@code [outer, n, inner]}, writes into {@code dst} (viewed as {@code
   * [outer, k, inner]}) the positions along the middle axis of the {@code k} largest ({@code
   * largest}) or smallest elements of each column, largest (smallest) first. Equal values come
   * lowest position first, -0.0 equals 0.0, and NaN ranks above every number (first among the
   * largest, never among the smallest while numbers remain), as {@code torch.topk}.
   */
  public static void topk(
      Object src, int outer, int n, int inner, int k, boolean largest, int[] dst) {
    double[] v = new double[n];
    Integer[] order = new Integer[n];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        switch (src) {
          case float[] s -> {
            for (int j = 0; j < n; j++) {
              v[j] = s[base + j * inner];
            }
          }
          case double[] s -> {
            for (int j = 0; j < n; j++) {
              v[j] = s[base + j * inner];
            }
          }
          default -> throw ReducePlan.unsupported("topk", src);
        }
        for (int j = 0; j < n; j++) {
          order[j] = j;
        }
        // Arrays.sort on objects is a stable merge sort: equal values keep their index order.
        java.util.Arrays.sort(
            order, largest ? (a, b) -> ascending(v[b], v[a]) : (a, b) -> ascending(v[a], v[b]));
        int out = o * k * inner + i;
        for (int j = 0; j < k; j++) {
          dst[out + j * inner] = order[j];
        }
      }
    }
  }

  /** Ascending order with NaN above everything and -0.0 equal to 0.0 (unlike Double.compare). */
  private static int ascending(double a, double b) {
    boolean an = Double.isNaN(a), bn = Double.isNaN(b);
    if (an || bn) {
      return an == bn ? 0 : an ? 1 : -1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
