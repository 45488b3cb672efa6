package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.parallel.Parallel;

/**
 * {@code index_select} and its reverse, the row loops behind {@code indexSelect} and {@code
 * embedding}: one {@link System#arraycopy} of {@code inner} elements per selected row, which works
 * on every primitive array type; large selections are split over the threads by row. The reverse
 * adds rows and so has one loop per floating-point type.
 */
public final class IndexLoops {
  /** Elements below which a selection runs on the caller's thread only. */
  private static final long PARALLEL_ELEMENTS = 1 << 16;

  private IndexLoops() {}

  /**
   * For {@code src} viewed as {@code [outer, n, inner]}, writes row {@code index[j]} of each outer
   * block into row {@code j} of {@code dst}, viewed as {@code [outer, index.length, inner]}.
   */
  public static void select(Object src, int outer, int n, int inner, int[] index, Object dst) {
    int k = index.length;
    int rows = outer * k;
    if (rows == 0 || inner == 0) {
      return;
    }
    int tasks = Parallel.tasks((long) rows * inner, PARALLEL_ELEMENTS, rows);
    Parallel.forEach(
        tasks,
        t -> {
          for (int r = Parallel.split(rows, tasks, t), end = Parallel.split(rows, tasks, t + 1);
              r < end;
              r++) {
            int o = r / k, j = r % k;
            System.arraycopy(src, (o * n + index[j]) * inner, dst, r * inner, inner);
          }
        });
  }

  /**
   * The reverse of {@link #select}: adds row {@code j} of {@code src}, viewed as {@code [outer,
   * index.length, inner]}, into row {@code index[j]} of {@code dst}, viewed as {@code [outer, n,
   * inner]}; repeated indices accumulate. Floating-point arrays only; runs on one thread, so the
   * sums are in index order.
   */
  public static void add(Object src, int outer, int inner, int[] index, Object dst, int n) {
    int k = index.length;
    switch (src) {
      case float[] s -> {
        float[] d = (float[]) dst;
        for (int o = 0; o < outer; o++) {
          for (int j = 0; j < k; j++) {
            int si = (o * k + j) * inner, di = (o * n + index[j]) * inner;
            for (int i = 0; i < inner; i++) {
              d[di + i] += s[si + i];
            }
          }
        }
      }
      case double[] s -> {
        double[] d = (double[]) dst;
        for (int o = 0; o < outer; o++) {
          for (int j = 0; j < k; j++) {
            int si = (o * k + j) * inner, di = (o * n + index[j]) * inner;
            for (int i = 0; i < inner; i++) {
              d[di + i] += s[si + i];
            }
          }
        }
      }
      default -> throw ReducePlan.unsupported("indexAdd", src);
    }
  }
}
