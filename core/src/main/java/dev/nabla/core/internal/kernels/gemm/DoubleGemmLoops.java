// GENERATED from FloatGemmLoops.java by TwinGenerator (FLOAT32 -> FLOAT64 by type substitution).
// Do not edit: edit FloatGemmLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.gemm;

import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import java.util.Arrays;

/**
 * Plain-Java GEMM: {@code C = op(A)·op(B)} (or {@code C += ...}) over row-major matrices addressed
 * BLAS-style by offset and leading dimension, where {@code op(X)} is {@code X} or {@code Xᵀ}. A
 * transposed operand is read in place, never copied.
 */
public final class DoubleGemmLoops {
  /** Columns of B streamed per block: a block row of 512 doubles is 4 KiB. */
  private static final int BLOCK_N = 512;

  /** Rows of B per block: with {@link #BLOCK_N}, at most 512 KiB of B is live. */
  private static final int BLOCK_K = 128;

  private DoubleGemmLoops() {}

  public static void gemm(Gemm g, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    boolean transA = g.transA(), transB = g.transB(), accumulate = g.accumulate();
    int m = g.m(), n = g.n(), k = g.k(), lda = g.lda(), ldb = g.ldb(), ldc = g.ldc();
    if (m == 0 || n == 0) {
      return;
    }
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
      }
    }
    if (k == 0) {
      return;
    }
    if (n == 1 && !transA) {
      // Matrix times vector: one dot product per row instead of a length-1 inner loop.
      int bStep = transB ? 1 : ldb;
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * lda;
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[ai + p] * b[bOff + p * bStep];
        }
        c[cOff + i * ldc] += s;
      }
      return;
    }
    if (!transB) {
      // A·B and Aᵀ·B: i-p-j order, so the inner loop streams a row of B into a row of C; the j and
      // p loops are blocked so the block of B being streamed stays in cache across the rows of A.
      int aRowStep = transA ? 1 : lda;
      int aColStep = transA ? lda : 1;
      for (int jj = 0; jj < n; jj += BLOCK_N) {
        int jEnd = Math.min(n, jj + BLOCK_N);
        for (int pp = 0; pp < k; pp += BLOCK_K) {
          int pEnd = Math.min(k, pp + BLOCK_K);
          for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * aRowStep;
            int p = pp;
            // Four rows of B per pass over the row of C: a quarter of the loads and stores of C.
            for (; p + 3 < pEnd; p += 4) {
              double a0 = a[ai + p * aColStep], a1 = a[ai + (p + 1) * aColStep];
              double a2 = a[ai + (p + 2) * aColStep], a3 = a[ai + (p + 3) * aColStep];
              int b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
              for (int j = jj; j < jEnd; j++) {
                c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
              }
            }
            for (; p < pEnd; p++) {
              double aip = a[ai + p * aColStep];
              int bp = bOff + p * ldb;
              for (int j = jj; j < jEnd; j++) {
                c[ci + j] += aip * b[bp + j];
              }
            }
          }
        }
      }
    } else if (!transA) {
      // A·Bᵀ: row i of A and row j of B are both contiguous, so each entry is a dot product;
      // four columns at once reuse every load of A four times.
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * lda;
        int ci = cOff + i * ldc;
        int j = 0;
        for (; j + 3 < n; j += 4) {
          int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (int p = 0; p < k; p++) {
            double av = a[ai + p];
            s0 += av * b[b0 + p];
            s1 += av * b[b1 + p];
            s2 += av * b[b2 + p];
            s3 += av * b[b3 + p];
          }
          c[ci + j] += s0;
          c[ci + j + 1] += s1;
          c[ci + j + 2] += s2;
          c[ci + j + 3] += s3;
        }
        for (; j < n; j++) {
          int bj = bOff + j * ldb;
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[ci + j] += s;
        }
      }
    } else {
      // Aᵀ·Bᵀ = (B·A)ᵀ: column j of C is row j of B·A, built in a scratch row by streaming rows
      // of A, then written down the column.
      double[] row = new double[m];
      for (int j = 0; j < n; j++) {
        Arrays.fill(row, 0.0);
        int bj = bOff + j * ldb;
        for (int p = 0; p < k; p++) {
          double bjp = b[bj + p];
          int ap = aOff + p * lda;
          for (int i = 0; i < m; i++) {
            row[i] += bjp * a[ap + i];
          }
        }
        for (int i = 0; i < m; i++) {
          c[cOff + i * ldc + j] += row[i];
        }
      }
    }
  }
}
