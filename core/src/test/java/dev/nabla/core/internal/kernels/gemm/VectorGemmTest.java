package dev.nabla.core.internal.kernels.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.TestRng;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vector API GEMM against a naive triple loop in double precision. */
class VectorGemmTest {

  /** On the module path core reads the Vector API module only once Kernels has loaded it. */
  @org.junit.jupiter.api.BeforeAll
  static void loadTheVectorKernels() {
    Kernels.vectorLinalg();
  }

  static List<int[]> shapes() {
    List<int[]> s = new ArrayList<>();
    int[][] fixed = {
      {1, 1, 1},
      {1, 784, 100},
      {3, 5, 7},
      {8, 32, 16},
      {9, 33, 17},
      {17, 1, 31},
      {64, 300, 70},
      {128, 128, 10},
      {130, 260, 50},
      {5, 0, 4},
      {0, 3, 4},
      {4, 3, 0},
      {200, 20, 129},
      {31, 513, 33},
      {61, 300, 270},
      {61, 30, 520}, // 17 column panels: a row-major A is packed, its last strip ragged
      {13, 40, 520}, // 17 column panels: a transposed A is packed
      {45, 20, 100}, // 4 column panels: a transposed A is packed, a row-major one read in place
      {300, 50, 70}, // three row blocks of MC = 128, the last ragged
      {70, 1600, 40}, // two K-slices of 800: the second accumulates
      {37, 1100, 600}, // two column blocks of packed B at this depth
      {
        300, 20, 260
      }, // taller than wide, 9 panels: threads split rows, each packing its part of op(A)
      {129, 300, 200}, // a 1-row last strip goes to the row kernel, in each thread's columns
      // the edges of AVX2's 6-row tile (MC = 126): strips of 1-5 rows, N off 16, blocks of 126
      {6, 40, 16},
      {7, 40, 17},
      {11, 64, 9},
      {15, 33, 250}, // 16 panels: a row-major A is packed in row strips, the last 3 rows ragged
      {23, 70, 270},
      {127, 90, 31},
      {133, 300, 24}, // a second block of 7 rows: one strip and a row for the row kernel
      {250, 64, 40}, // blocks of 126 and 124 rows, the last strip 4 rows
      {256, 128, 128}
    };
    for (int[] f : fixed) {
      s.add(f);
    }
    Rng rng = new Rng(7);
    for (int i = 0; i < 12; i++) {
      s.add(
          new int[] {
            1 + TestRng.nextInt(rng, 150),
            1 + TestRng.nextInt(rng, 300),
            1 + TestRng.nextInt(rng, 100)
          });
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void matchesNaiveProductForEveryLayout(int[] mkn) {
    int m = mkn[0], k = mkn[1], n = mkn[2];
    Rng rng = new Rng(m * 31L + k * 7L + n);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        for (boolean acc : new boolean[] {false, true}) {
          int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
          int aOff = 5, bOff = 2, cOff = 1;
          float[] a = random(rng, aOff + (ta ? k : m) * lda);
          float[] b = random(rng, bOff + (tb ? n : k) * ldb);
          float[] c = random(rng, cOff + m * ldc + 4);
          float[] expected = c.clone();
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double sum = acc ? c[cOff + i * ldc + j] : 0;
              for (int p = 0; p < k; p++) {
                float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                sum += (double) av * bv;
              }
              expected[cOff + i * ldc + j] = (float) sum;
            }
          }
          VectorGemm.sgemm(
              new Gemm(ta, tb, m, n, k, lda, ldb, ldc, acc), a, aOff, b, bOff, c, cOff);
          for (int i = 0; i < c.length; i++) {
            // relative to the magnitude a k-term sum of products of values in [-1, 1) can reach
            double tol = 1e-6 * Math.max(1, k) + 1e-6;
            assertThat((double) c[i])
                .as(
                    "m=%d k=%d n=%d transA=%s transB=%s accumulate=%s at %d",
                    m, k, n, ta, tb, acc, i)
                .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol));
          }
        }
      }
    }
  }

  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextFloat() * 2 - 1;
    }
    return x;
  }
}
