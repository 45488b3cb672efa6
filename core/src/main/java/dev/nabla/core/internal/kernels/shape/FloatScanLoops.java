package dev.nabla.core.internal.kernels.shape;

import java.util.Arrays;

/**
 * The FLOAT32 cumulative-sum loop behind {@link ScanLoops}, which dispatches on the array type here
 * or to the generated FLOAT64 twin.
 */
final class FloatScanLoops {
  private FloatScanLoops() {}

  /**
   * For {@code s} viewed as {@code [outer, n, inner]}, {@code d[o][k][i] = sum of s[o][j][i]} over
   * {@code j <= k}, or with {@code reverse} over {@code j >= k}. The rows are walked in memory
   * order with one running sum per column, accumulated in double (FLOAT32 results are rounded once,
   * from the double sum).
   */
  static void cumsum(float[] s, float[] d, int outer, int n, int inner, boolean reverse) {
    double[] acc = new double[inner];
    for (int o = 0; o < outer; o++) {
      Arrays.fill(acc, 0);
      for (int step = 0; step < n; step++) {
        int row = (o * n + (reverse ? n - 1 - step : step)) * inner;
        for (int i = 0; i < inner; i++) {
          acc[i] += s[row + i];
          d[row + i] = (float) acc[i];
        }
      }
    }
  }
}
