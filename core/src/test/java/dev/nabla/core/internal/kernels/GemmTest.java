package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The GEMM kernel in every layout, against a naive triple loop written here. */
class GemmTest {
  private final LinalgKernels kernels = new PlainLinalgKernels();

  /** Shapes (m, n, k) covering vectors, 0-size dims, odd sizes and sizes past the cache blocks. */
  private static final int[][] SHAPES = {
    {1, 1, 1},
    {1, 7, 5},
    {7, 1, 5},
    {5, 3, 1},
    {3, 5, 0},
    {0, 4, 3},
    {4, 0, 3},
    {6, 9, 11},
    {13, 4, 17},
    {5, 530, 140},
    {3, 2, 300},
  };

  /** Element (r, c) of op(X) for X stored row-major at off with leading dimension ld. */
  private static double at(double[] x, int off, int ld, boolean trans, int r, int c) {
    return trans ? x[off + c * ld + r] : x[off + r * ld + c];
  }

  private static double[] random(Random rnd, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }

  @Test
  void everyLayoutMatchesNaiveProductWithOffsetsLeadingDimensionsAndAccumulation() {
    Random rnd = new Random(7);
    for (int[] s : SHAPES) {
      int m = s[0], n = s[1], k = s[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          for (boolean acc : new boolean[] {false, true}) {
            // Stored A is m×k (k×m transposed) with 2 spare columns, at offset 3; likewise B and C.
            int aRows = ta ? k : m, aCols = ta ? m : k, lda = aCols + 2;
            int bRows = tb ? n : k, bCols = tb ? k : n, ldb = bCols + 2;
            int ldc = n + 2;
            double[] a = random(rnd, 3 + aRows * lda);
            double[] b = random(rnd, 3 + bRows * ldb);
            double[] c = random(rnd, 3 + m * ldc);
            double[] expected = c.clone();
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                  sum += at(a, 3, lda, ta, i, p) * at(b, 3, ldb, tb, p, j);
                }
                expected[3 + i * ldc + j] = (acc ? expected[3 + i * ldc + j] : 0) + sum;
              }
            }
            float[] af = toFloat(a), bf = toFloat(b), cf = toFloat(c);
            kernels.gemm(new Gemm(ta, tb, m, n, k, lda, ldb, ldc, acc), a, 3, b, 3, c, 3);
            kernels.gemm(new Gemm(ta, tb, m, n, k, lda, ldb, ldc, acc), af, 3, bf, 3, cf, 3);
            String what =
                "m="
                    + m
                    + " n="
                    + n
                    + " k="
                    + k
                    + " transA="
                    + ta
                    + " transB="
                    + tb
                    + " accumulate="
                    + acc;
            for (int i = 0; i < c.length; i++) {
              // Entries outside C (offset, spare columns) must be left alone.
              assertThat(c[i]).as(what + " at " + i).isCloseTo(expected[i], within(1e-10));
              assertThat((double) cf[i])
                  .as(what + " (float) at " + i)
                  .isCloseTo(expected[i], within(1e-3 * Math.max(1, Math.sqrt(k))));
            }
          }
        }
      }
    }
  }

  @Test
  void batchedGemmRunsOneProductPerOffsetTriple() {
    double[] a = {1, 2, 3, 4}; // two 1×2 rows: [1, 2] and [3, 4]
    double[] b = {10, 20}; // one 2×1 column, shared by both products
    double[] c = new double[2];
    kernels.gemmBatched(
        new Gemm(false, false, 1, 1, 2, 2, 1, 1, false),
        2,
        a,
        new int[] {0, 2},
        b,
        new int[] {0, 0},
        c,
        new int[] {0, 1});
    assertThat(c).containsExactly(50, 110);
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
