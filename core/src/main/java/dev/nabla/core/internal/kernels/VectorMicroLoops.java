package dev.nabla.core.internal.kernels;

import static dev.nabla.core.internal.kernels.VectorGemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link VectorGemm}: an MR × NR tile of C (8 rows × 2
 * vectors) held in 16 vector registers across a K-slice of packed B, for A read row by row in place
 * ({@link #kernel}) or stored k-major ({@link #kernelT}), with one-vector variants for a last panel
 * at most a vector wide. Each is written out in full, accumulator by accumulator: the JIT keeps
 * only named locals in registers, and each variant's A index is a loop counter plus a fixed offset,
 * so its bounds checks are hoisted.
 */
final class VectorMicroLoops {
  private static final VectorSpecies<Float> S = Lanes.S;
  private static final int L = Lanes.L;

  private VectorMicroLoops() {}

  /** The MR × 1-vector kernel for a last panel at most one vector wide (N = 10 wastes no FMAs). */
  static void kernelNarrow(
      float[] a,
      int[] ao,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int cBase,
      int ldc,
      int cols,
      boolean acc,
      float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
    int o0 = ao[0],
        o1 = ao[1],
        o2 = ao[2],
        o3 = ao[3],
        o4 = ao[4],
        o5 = ao[5],
        o6 = ao[6],
        o7 = ao[7];
    // Each A index is the loop counter plus a loop-invariant offset, so its bounds check is
    // hoisted.
    for (int p = 0; p < kc; p++) {
      int bi = bBase + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      c0 = FloatVector.broadcast(S, a[o0 + p]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[o1 + p]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[o2 + p]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[o3 + p]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[o4 + p]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[o5 + p]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[o6 + p]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[o7 + p]).fma(b0, c7);
    }
    float[] t = tile;
    c0.intoArray(t, 0);
    c1.intoArray(t, NR);
    c2.intoArray(t, 2 * NR);
    c3.intoArray(t, 3 * NR);
    c4.intoArray(t, 4 * NR);
    c5.intoArray(t, 5 * NR);
    c6.intoArray(t, 6 * NR);
    c7.intoArray(t, 7 * NR);
    addTile(t, c, cBase, ldc, rows, cols, acc);
  }

  /** The MR × NR micro-kernel: 16 accumulators live in registers across the K-slice. */
  static void kernel(
      float[] a,
      int[] ao,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int cBase,
      int ldc,
      int cols,
      boolean acc,
      float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    int o0 = ao[0],
        o1 = ao[1],
        o2 = ao[2],
        o3 = ao[3],
        o4 = ao[4],
        o5 = ao[5],
        o6 = ao[6],
        o7 = ao[7];
    // Each A index is the loop counter plus a loop-invariant offset, so its bounds check is
    // hoisted.
    for (int p = 0; p < kc; p++) {
      int bi = bBase + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[o0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[o1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[o2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[o3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[o4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[o5 + p]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[o6 + p]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[o7 + p]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    // Spill the tile to a small buffer with plain vector stores (no calls: a non-inlined call with
    // vector arguments would box them), then add its valid part to C.
    float[] t = tile;
    c00.intoArray(t, 0);
    c01.intoArray(t, L);
    c10.intoArray(t, NR);
    c11.intoArray(t, NR + L);
    c20.intoArray(t, 2 * NR);
    c21.intoArray(t, 2 * NR + L);
    c30.intoArray(t, 3 * NR);
    c31.intoArray(t, 3 * NR + L);
    c40.intoArray(t, 4 * NR);
    c41.intoArray(t, 4 * NR + L);
    c50.intoArray(t, 5 * NR);
    c51.intoArray(t, 5 * NR + L);
    c60.intoArray(t, 6 * NR);
    c61.intoArray(t, 6 * NR + L);
    c70.intoArray(t, 7 * NR);
    c71.intoArray(t, 7 * NR + L);
    addTile(t, c, cBase, ldc, rows, cols, acc);
  }

  /**
   * The MR × NR micro-kernel over A stored k-major (a transposed A, or a packed strip): row r of
   * step p is {@code a[aBase + p * ks + r]}.
   */
  static void kernelT(
      float[] a,
      int aBase,
      int ks,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int cBase,
      int ldc,
      int cols,
      boolean acc,
      float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    // Rows past the matrix's edge read zeros (packed) or its neighbours (in place): their results
    // are computed and not stored. The 8 A indices share one base, so one bounds check covers them.
    for (int p = 0; p < kc; p++) {
      int bi = bBase + p * NR;
      int ai = aBase + p * ks;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    // Spill the tile to a small buffer with plain vector stores (no calls: a non-inlined call with
    // vector arguments would box them), then add its valid part to C.
    float[] t = tile;
    c00.intoArray(t, 0);
    c01.intoArray(t, L);
    c10.intoArray(t, NR);
    c11.intoArray(t, NR + L);
    c20.intoArray(t, 2 * NR);
    c21.intoArray(t, 2 * NR + L);
    c30.intoArray(t, 3 * NR);
    c31.intoArray(t, 3 * NR + L);
    c40.intoArray(t, 4 * NR);
    c41.intoArray(t, 4 * NR + L);
    c50.intoArray(t, 5 * NR);
    c51.intoArray(t, 5 * NR + L);
    c60.intoArray(t, 6 * NR);
    c61.intoArray(t, 6 * NR + L);
    c70.intoArray(t, 7 * NR);
    c71.intoArray(t, 7 * NR + L);
    addTile(t, c, cBase, ldc, rows, cols, acc);
  }

  /** {@link #kernelNarrow} over A stored k-major, as {@link #kernelT} reads it. */
  static void kernelNarrowT(
      float[] a,
      int aBase,
      int ks,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int cBase,
      int ldc,
      int cols,
      boolean acc,
      float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
    // Rows past the matrix's edge read zeros (packed) or its neighbours (in place): their results
    // are computed and not stored. The 8 A indices share one base, so one bounds check covers them.
    for (int p = 0; p < kc; p++) {
      int bi = bBase + p * NR;
      int ai = aBase + p * ks;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[ai + 4]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[ai + 5]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[ai + 6]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[ai + 7]).fma(b0, c7);
    }
    float[] t = tile;
    c0.intoArray(t, 0);
    c1.intoArray(t, NR);
    c2.intoArray(t, 2 * NR);
    c3.intoArray(t, 3 * NR);
    c4.intoArray(t, 4 * NR);
    c5.intoArray(t, 5 * NR);
    c6.intoArray(t, 6 * NR);
    c7.intoArray(t, 7 * NR);
    addTile(t, c, cBase, ldc, rows, cols, acc);
  }

  /**
   * Adds (or, without {@code acc}, writes) the valid {@code rows × cols} part of a spilled tile
   * (rows NR apart) into C. It takes no vector arguments, so whether or not the JIT inlines it, no
   * vector is boxed; a ragged tile uses masked accesses, or scalars at the array's very end.
   */
  static void addTile(float[] t, float[] c, int cBase, int ldc, int rows, int cols, boolean acc) {
    if (cols == NR) {
      for (int r = 0; r < rows; r++) {
        int co = cBase + r * ldc;
        FloatVector v0 = FloatVector.fromArray(S, t, r * NR);
        FloatVector v1 = FloatVector.fromArray(S, t, r * NR + L);
        if (acc) {
          v0 = v0.add(FloatVector.fromArray(S, c, co));
          v1 = v1.add(FloatVector.fromArray(S, c, co + L));
        }
        v0.intoArray(c, co);
        v1.intoArray(c, co + L);
      }
      return;
    }
    VectorMask<Float> m0 = S.indexInRange(0, cols);
    VectorMask<Float> m1 = S.indexInRange(L, cols);
    for (int r = 0; r < rows; r++) {
      int co = cBase + r * ldc;
      if (co + NR <= c.length) {
        FloatVector v0 = FloatVector.fromArray(S, t, r * NR);
        FloatVector v1 = FloatVector.fromArray(S, t, r * NR + L);
        if (acc) {
          v0 = v0.add(FloatVector.fromArray(S, c, co, m0));
          v1 = v1.add(FloatVector.fromArray(S, c, co + L, m1));
        }
        v0.intoArray(c, co, m0);
        v1.intoArray(c, co + L, m1);
      } else {
        for (int jj = 0; jj < cols; jj++) {
          c[co + jj] = acc ? c[co + jj] + t[r * NR + jj] : t[r * NR + jj];
        }
      }
    }
  }
}
