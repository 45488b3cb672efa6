package dev.nabla.core.internal.kernels.gemm;

import dev.nabla.core.internal.kernels.Lanes;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unpacked kernels of {@link VectorGemm}, for products too thin to pack (a row, k < 4, a few
 * thousand multiply-adds, a last strip of 1-3 rows): each row of C is a sum of scaled rows of B,
 * four vectors at a time, or, for a transposed B, a vectorised dot product per element.
 */
final class VectorRowLoops {
  private static final VectorSpecies<Float> S = Lanes.S;
  private static final int L = Lanes.L;

  private VectorRowLoops() {}

  private static void store(float[] c, int off, FloatVector v0, FloatVector v1, boolean acc) {
    if (acc) {
      v0 = v0.add(FloatVector.fromArray(S, c, off));
      v1 = v1.add(FloatVector.fromArray(S, c, off + L));
    }
    v0.intoArray(c, off);
    v1.intoArray(c, off + L);
  }

  /**
   * Rows [i0, i1) and the first n columns of the product {@code g} without packing: for op(B) = B
   * each row of C is a sum of scaled rows of B, four vectors at a time; for op(B) = Bᵀ each element
   * is a vectorised dot product.
   */
  static void direct(
      Gemm g,
      int i0,
      int i1,
      int n,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff) {
    boolean transA = g.transA(), transB = g.transB(), accumulate = g.accumulate();
    int k = g.k(), lda = g.lda(), ldb = g.ldb(), ldc = g.ldc();
    float[] row = transA ? new float[k] : null;
    for (int i = i0; i < i1; i++) {
      float[] ar;
      int ao;
      if (transA) {
        for (int p = 0; p < k; p++) {
          row[p] = a[aOff + p * lda + i];
        }
        ar = row;
        ao = 0;
      } else {
        ar = a;
        ao = aOff + i * lda;
      }
      int co = cOff + i * ldc;
      if (!transB) {
        rowTimesMatrix(ar, ao, k, b, bOff, ldb, null, n, c, co, accumulate);
      } else {
        for (int j = 0; j < n; j++) {
          float d = dot(ar, ao, b, bOff + j * ldb, k);
          c[co + j] = accumulate ? c[co + j] + d : d;
        }
      }
    }
  }

  /**
   * One row of C: {@code c[co .. co+n) (+)= a[ao .. ao+k) · B}, where row p of B starts at {@code
   * bTab[p]}, or at {@code bOff + p * ldb} without a table.
   */
  static void rowTimesMatrix(
      float[] a,
      int ao,
      int k,
      float[] b,
      int bOff,
      int ldb,
      int[] bTab,
      int n,
      float[] c,
      int co,
      boolean acc) {
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int p = 0; p < k; p++) {
        FloatVector x = FloatVector.broadcast(S, a[ao + p]);
        int bo = (bTab == null ? bOff + p * ldb : bTab[p]) + j;
        s0 = x.fma(FloatVector.fromArray(S, b, bo), s0);
        s1 = x.fma(FloatVector.fromArray(S, b, bo + L), s1);
        s2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), s2);
        s3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), s3);
      }
      store(c, co + j, s0, s1, acc);
      store(c, co + j + 2 * L, s2, s3, acc);
    }
    for (; j + L <= n; j += L) {
      FloatVector s = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        int bo = (bTab == null ? bOff + p * ldb : bTab[p]) + j;
        s = FloatVector.broadcast(S, a[ao + p]).fma(FloatVector.fromArray(S, b, bo), s);
      }
      if (acc) {
        s = s.add(FloatVector.fromArray(S, c, co + j));
      }
      s.intoArray(c, co + j);
    }
    if (j < n) {
      // The last columns, masked. A masked access compiles to one instruction only while the whole
      // vector lies inside the array: from the first row of b whose vector would run past its end
      // (the last one or two), the sums continue in scalars, in the same order.
      VectorMask<Float> m = S.indexInRange(j, n);
      FloatVector s = FloatVector.zero(S);
      int p = 0;
      for (; p < k; p++) {
        int bo = (bTab == null ? bOff + p * ldb : bTab[p]) + j;
        if (bo + L > b.length) {
          break;
        }
        s = FloatVector.broadcast(S, a[ao + p]).fma(FloatVector.fromArray(S, b, bo, m), s);
      }
      if (p == k && co + j + L <= c.length) {
        if (acc) {
          s = s.add(FloatVector.fromArray(S, c, co + j, m));
        }
        s.intoArray(c, co + j, m);
        return;
      }
      // Column by column, each sum in the same order as before (no scratch array: this path runs
      // once per row of an outer product such as a batch-1 weight gradient).
      for (int jj = 0; jj < n - j; jj++) {
        float t = s.lane(jj);
        for (int q = p; q < k; q++) {
          int bo = (bTab == null ? bOff + q * ldb : bTab[q]) + j;
          t = Math.fma(a[ao + q], b[bo + jj], t);
        }
        c[co + j + jj] = acc ? c[co + j + jj] + t : t;
      }
    }
  }

  /** Vectorised dot product of two contiguous runs of length n. */
  static float dot(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector s0 = FloatVector.zero(S), s1 = s0;
    int p = 0;
    for (; p + 2 * L <= n; p += 2 * L) {
      s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = FloatVector.fromArray(S, x, xo + p + L).fma(FloatVector.fromArray(S, y, yo + p + L), s1);
    }
    if (p + L <= n) {
      s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
      p += L;
    }
    float sum = Lanes.sumLanes(s0.add(s1));
    for (; p < n; p++) { // fewer than L left: a masked load at an array's end is the slow path
      sum += x[xo + p] * y[yo + p];
    }
    return sum;
  }
}
