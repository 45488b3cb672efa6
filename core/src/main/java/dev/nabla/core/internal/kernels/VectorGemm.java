package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on the Vector API: {@code C (+)= op(A) · op(B)}, BLAS row-major layout.
 *
 * <p>The design is GotoBLAS's, sized for AVX-512 and sound for narrower vectors: B is packed per
 * K-slice (up to about {@link #KC} rows) and block of columns into zero-padded panels two vectors
 * wide, and a register-blocked micro-kernel keeps an MR × 2-vector tile of C in 16 vector registers
 * across the whole K-slice: per k it loads two B vectors, broadcasts one A element per row and issues
 * two FMAs per row. A is read in place, row by row (a transposed A is first copied into row-major
 * blocks of {@link #MC} rows), so the kernel's A indices are the loop counter plus a fixed offset,
 * which lets the JIT hoist their bounds checks out of the loop. Edges are handled by zero padding
 * and masked loads and stores of C, so a ragged shape costs no scalar loop. Small products skip
 * packing (its cost would dominate) and use a row kernel; large ones are split over the shared pool
 * by column panels or by row strips.
 *
 * <p>Measured on Zen 5 (JDK 25, one thread): deep K-slices beat L1-sized ones. With KC = 256 the
 * 1024³ product ran at 150-180 GFLOP/s and with a single 1024-deep slice at 240, since every slice
 * re-reads and re-writes the tile of C, whose rows may alias in the cache at power-of-two strides.
 * Packing A into k-major strips, as GotoBLAS does, measured slower than reading it in place.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int MR = 8;
  static final int NR = 2 * L;
  static final int KC = 1024;
  static final int MC = 128;
  /** The most floats a packed block of B may hold: bounds its columns for deep slices. */
  static final int B_BLOCK = Integer.getInteger("nabla.gemm.bBlock", 1 << 19);
  /** Pack a transposed A when at least this many column panels reuse each block. */
  static final int PACK_A_PANELS = Integer.getInteger("nabla.gemm.packAPanels", 16);
  /** Below this many multiply-adds packing does not pay for itself. */
  private static final long DIRECT_MACS = 1L << 15;
  /** Below this many multiply-adds a second thread does not pay for itself. */
  private static final long PARALLEL_MACS = 1L << 20;

  private static final ThreadLocal<int[]> ROW_OFFSETS = ThreadLocal.withInitial(() -> new int[MR]);
  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[MR * NR]});

  private VectorGemm() {}

  static void sgemm(
      boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    long macs = (long) m * n * k;
    // thin products (few rows, or an outer product's k = 1 in a per-sample weight gradient) go
    // straight to the row kernel: packing would cost more than it saves
    if (m < MR / 2 || k < 4 || macs < DIRECT_MACS) {
      direct(transA, transB, 0, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    int threads = macs < PARALLEL_MACS ? 1 : Parallel.threads();
    int panels = (n + NR - 1) / NR;
    int strips = (m + MR - 1) / MR;
    if (threads <= 1) {
      packed(transA, transB, 0, m, 0, n, k, a, aOff, lda, null, b, bOff, ldb, null, c, cOff, ldc,
          accumulate);
    } else if (panels >= 2 * threads || panels >= strips) {
      int tasks = Math.min(threads, panels);
      Parallel.forEach(tasks, t -> {
        int j0 = split(panels, tasks, t) * NR;
        int j1 = Math.min(n, split(panels, tasks, t + 1) * NR);
        packed(transA, transB, 0, m, j0, j1, k, a, aOff, lda, null, b, bOff, ldb, null, c, cOff, ldc,
            accumulate);
      });
    } else {
      int tasks = Math.min(threads, strips);
      Parallel.forEach(tasks, t -> {
        int i0 = split(strips, tasks, t) * MR;
        int i1 = Math.min(m, split(strips, tasks, t + 1) * MR);
        packed(transA, transB, i0, i1, 0, n, k, a, aOff, lda, null, b, bOff, ldb, null, c, cOff, ldc,
            accumulate);
      });
    }
  }

  /**
   * A single-threaded product whose operands are given by offset tables instead of strides, for
   * convolution as an implicit GEMM (no im2col matrix): row i of A is {@code a[aRows[i] + p]};
   * op(B)[p][j] is {@code b[bTab[p] + j]}, or with {@code transB} {@code b[bTab[j] + p]}.
   */
  static void sgemmIndexed(int m, int n, int k, float[] a, int[] aRows, boolean transB, float[] b,
      int[] bTab, float[] c, int cOff, int ldc, boolean accumulate) {
    if (m == 0 || n == 0 || k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    if (!transB && m < MR / 2) {
      // a few rows (a one-channel input's gradient): each row of C is a sum of scaled rows of B
      for (int i = 0; i < m; i++) {
        rowTimesMatrix(a, aRows[i], k, b, 0, 0, bTab, n, c, cOff + i * ldc, accumulate);
      }
      return;
    }
    packed(false, transB, 0, m, 0, n, k, a, 0, 0, aRows, b, 0, 0, bTab, c, cOff, ldc, accumulate);
  }

  private static int split(int units, int parts, int p) {
    return (int) ((long) units * p / parts);
  }

  /** The blocked algorithm over rows [i0, i1) and columns [j0, j1) of C. */
  private static void packed(
      boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
      float[] a, int aOff, int lda, int[] aRows, float[] b, int bOff, int ldb, int[] bTab,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int rem = (i1 - i0) % MR;
    if (rem != 0 && rem < MR / 2 && i1 - i0 > MR && aRows == null && bTab == null) {
      // A last strip of 1-3 rows would run the 8-row kernel mostly on repeated rows: the row
      // kernel does them instead (a 3×3 single-channel convolution's 9-row input gradient).
      int n = j1 - j0;
      direct(transA, transB, i1 - rem, i1, n, k, a, aOff, lda, b, transB ? bOff + j0 * ldb : bOff + j0,
          ldb, c, cOff + j0, ldc, accumulate);
      i1 -= rem;
    }
    // K-slices of equal depth (1024 stays whole, 2048 becomes 2 × 1024): no thin last slice.
    int slices = k <= KC + KC / 2 ? 1 : (k + KC - 1) / KC;
    int depth = (k + slices - 1) / slices;
    // Columns per packed block of B: as many whole panels as B_BLOCK floats hold at this depth.
    // Buffers are sized by the real depth: a thin product (a convolution's k = 9 over a whole batch
    // of columns) must not reserve KC rows per panel.
    int nc = Math.max(NR, B_BLOCK / depth / NR * NR);
    int maxPanels = (Math.min(nc, j1 - j0) + NR - 1) / NR;
    float[][] buf = BUFFERS.get();
    if (transA && buf[0].length < MC * depth) {
      buf[0] = new float[MC * depth];
    }
    if (buf[1].length < maxPanels * NR * depth) {
      buf[1] = new float[maxPanels * NR * depth];
    }
    float[] ap = buf[0];
    float[] bp = buf[1];
    float[] tile = buf[2];
    int[] ao = ROW_OFFSETS.get();
    for (int jc = j0; jc < j1; jc += nc) {
      int cols = Math.min(nc, j1 - jc);
      int panels = (cols + NR - 1) / NR;
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        boolean acc = accumulate || pc > 0;
        packB(transB, b, bOff, ldb, bTab, pc, kc, jc, cols, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          // A transposed A is read in place too, unless enough column panels reuse the block to
          // amortise packing it; a ragged last strip is always packed, zero padded.
          boolean packAll = transA && panels >= PACK_A_PANELS;
          if (packAll) {
            packA(a, aOff, lda, ic, mc, pc, kc, ap);
          }
          for (int q = 0; q < panels; q++) {
            int jq = jc + q * NR;
            int nq = Math.min(NR, jc + cols - jq);
            int bBase = q * kc * NR;
            for (int s = 0; s * MR < mc; s++) {
              int rows = Math.min(MR, mc - s * MR);
              int row = ic + s * MR;
              int co = cOff + row * ldc + jq;
              if (!transA) {
                // rows past the matrix's edge repeat its last row: computed, not stored
                for (int r = 0; r < MR; r++) {
                  int i = row + Math.min(r, rows - 1);
                  ao[r] = (aRows == null ? aOff + i * lda : aRows[i]) + pc;
                }
                if (nq <= L) {
                  kernelNarrow(a, ao, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
                } else {
                  kernel(a, ao, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
                }
                continue;
              }
              float[] as = a;
              int base = aOff + pc * lda + row;
              int ks = lda;
              if (packAll || rows < MR) {
                if (!packAll) {
                  packA(a, aOff, lda, row, rows, pc, kc, ap);
                }
                as = ap;
                base = packAll ? s * kc * MR : 0;
                ks = MR;
              }
              if (nq <= L) {
                kernelNarrowT(as, base, ks, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
              } else {
                kernelT(as, base, ks, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
              }
            }
          }
        }
      }
    }
  }

  /** Packs op(B)[pc..pc+kc, j0..j0+cols] into panels of NR columns, row by row, zero padded. */
  private static void packB(
      boolean transB, float[] b, int bOff, int ldb, int[] bTab, int pc, int kc, int j0, int cols,
      float[] bp) {
    int panels = (cols + NR - 1) / NR;
    for (int q = 0; q < panels; q++) {
      int base = q * kc * NR;
      int jq = j0 + q * NR;
      int nq = Math.min(NR, cols - q * NR);
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          int src = (bTab == null ? bOff + (pc + p) * ldb : bTab[pc + p]) + jq;
          int dst = base + p * NR;
          if (nq == NR) {
            FloatVector.fromArray(S, b, src).intoArray(bp, dst);
            FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
          } else {
            VectorMask<Float> m0 = S.indexInRange(0, nq);
            VectorMask<Float> m1 = S.indexInRange(L, nq);
            VectorFloatLoops.load(b, src, m0).intoArray(bp, dst);
            VectorFloatLoops.load(b, src + L, m1).intoArray(bp, dst + L);
          }
        }
      } else {
        // op(B)[p][j] = b[j * ldb + p]: walk each source row (contiguous in p) once.
        if (nq < NR) {
          for (int p = 0; p < kc; p++) {
            java.util.Arrays.fill(bp, base + p * NR + nq, base + p * NR + NR, 0f);
          }
        }
        for (int jj = 0; jj < nq; jj++) {
          int src = (bTab == null ? bOff + (jq + jj) * ldb : bTab[jq + jj]) + pc;
          for (int p = 0; p < kc; p++) {
            bp[base + p * NR + jj] = b[src + p];
          }
        }
      }
    }
  }

  /**
   * Copies op(A)[ic..ic+mc, pc..pc+kc] of a transposed A (stored k-major) into strips of MR rows,
   * k-major within a strip and zero padded to MR rows, the layout {@link #kernelT} reads.
   */
  private static void packA(float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
    for (int s = 0; s * MR < mc; s++) {
      int base = s * kc * MR;
      int rows = Math.min(MR, mc - s * MR);
      for (int p = 0; p < kc; p++) {
        System.arraycopy(a, aOff + (pc + p) * lda + ic + s * MR, ap, base + p * MR, rows);
      }
      if (rows < MR) {
        for (int p = 0; p < kc; p++) {
          java.util.Arrays.fill(ap, base + p * MR + rows, base + p * MR + MR, 0f);
        }
      }
    }
  }

  /** The MR × 1-vector kernel for a last panel at most one vector wide (N = 10 wastes no FMAs). */
  private static void kernelNarrow(
      float[] a, int[] ao, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
    int o0 = ao[0], o1 = ao[1], o2 = ao[2], o3 = ao[3], o4 = ao[4], o5 = ao[5], o6 = ao[6], o7 = ao[7];
    // Each A index is the loop counter plus a loop-invariant offset, so its bounds check is hoisted.
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
  private static void kernel(
      float[] a, int[] ao, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    int o0 = ao[0], o1 = ao[1], o2 = ao[2], o3 = ao[3], o4 = ao[4], o5 = ao[5], o6 = ao[6], o7 = ao[7];
    // Each A index is the loop counter plus a loop-invariant offset, so its bounds check is hoisted.
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

  /** The MR × NR micro-kernel over A stored k-major (a transposed A, or a packed strip): row r of
   * step p is {@code a[aBase + p * ks + r]}. */
  private static void kernelT(
      float[] a, int aBase, int ks, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
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
  private static void kernelNarrowT(
      float[] a, int aBase, int ks, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
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
   * (rows NR apart) into C. It takes no vector arguments, so whether or not the JIT inlines it,
   * no vector is boxed; a ragged tile uses masked accesses, or scalars at the array's very end.
   */
  private static void addTile(float[] t, float[] c, int cBase, int ldc, int rows, int cols,
      boolean acc) {
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

  private static void store(float[] c, int off, FloatVector v0, FloatVector v1, boolean acc) {
    if (acc) {
      v0 = v0.add(FloatVector.fromArray(S, c, off));
      v1 = v1.add(FloatVector.fromArray(S, c, off + L));
    }
    v0.intoArray(c, off);
    v1.intoArray(c, off + L);
  }

  /**
   * Rows [i0, i1) without packing: for op(B) = B each row of C is a sum of scaled rows of B, four
   * vectors at a time; for op(B) = Bᵀ each element is a vectorised dot product.
   */
  static void direct(
      boolean transA, boolean transB, int i0, int i1, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
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

  /** One row of C: row p of B starts at {@code bTab[p]}, or {@code bOff + p * ldb} without a table. */
  private static void rowTimesMatrix(float[] a, int ao, int k, float[] b, int bOff, int ldb,
      int[] bTab, int n, float[] c, int co, boolean acc) {
    if (bTab != null) {
      rowTimesRows(a, ao, k, b, bTab, n, c, co, acc);
      return;
    }
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int p = 0; p < k; p++) {
        FloatVector x = FloatVector.broadcast(S, a[ao + p]);
        int bo = bOff + p * ldb + j;
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
        s = FloatVector.broadcast(S, a[ao + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j), s);
      }
      if (acc) {
        s = s.add(FloatVector.fromArray(S, c, co + j));
      }
      s.intoArray(c, co + j);
    }
    if (j < n) {
      // The last columns, masked. A masked access compiles to one instruction only while the whole
      // vector lies inside the array; the rows of b whose vector would run past its end (the last
      // one or two) are added in scalars.
      VectorMask<Float> m = S.indexInRange(j, n);
      int room = b.length - L - bOff - j;
      int safe = room < 0 ? 0 : ldb <= 0 ? k : (int) Math.min(k, room / ldb + 1L);
      FloatVector s = FloatVector.zero(S);
      for (int p = 0; p < safe; p++) {
        s = FloatVector.broadcast(S, a[ao + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j, m), s);
      }
      if (safe < k) {
        float[] t = new float[L];
        s.intoArray(t, 0);
        for (int p = safe; p < k; p++) {
          float x = a[ao + p];
          int bo = bOff + p * ldb + j;
          for (int jj = 0; jj < n - j; jj++) {
            t[jj] = Math.fma(x, b[bo + jj], t[jj]);
          }
        }
        for (int jj = 0; jj < n - j; jj++) {
          c[co + j + jj] = acc ? c[co + j + jj] + t[jj] : t[jj];
        }
      } else if (co + j + L <= c.length) {
        if (acc) {
          s = s.add(FloatVector.fromArray(S, c, co + j, m));
        }
        s.intoArray(c, co + j, m);
      } else {
        float[] t = new float[L];
        s.intoArray(t, 0);
        for (int jj = 0; jj < n - j; jj++) {
          c[co + j + jj] = acc ? c[co + j + jj] + t[jj] : t[jj];
        }
      }
    }
  }

  /** {@link #rowTimesMatrix} over rows of B given by a table of offsets. */
  private static void rowTimesRows(
      float[] a, int ao, int k, float[] b, int[] bTab, int n, float[] c, int co, boolean acc) {
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int p = 0; p < k; p++) {
        FloatVector x = FloatVector.broadcast(S, a[ao + p]);
        int bo = bTab[p] + j;
        s0 = x.fma(FloatVector.fromArray(S, b, bo), s0);
        s1 = x.fma(FloatVector.fromArray(S, b, bo + L), s1);
        s2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), s2);
        s3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), s3);
      }
      store(c, co + j, s0, s1, acc);
      store(c, co + j + 2 * L, s2, s3, acc);
    }
    for (; j < n; j += L) {
      VectorMask<Float> m = S.indexInRange(j, n);
      FloatVector s = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        s = FloatVector.broadcast(S, a[ao + p]).fma(VectorFloatLoops.load(b, bTab[p] + j, m), s);
      }
      if (acc) {
        s = s.add(VectorFloatLoops.load(c, co + j, m));
      }
      VectorFloatLoops.store(s, c, co + j, m);
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
    float sum = VectorFloatLoops.sumLanes(s0.add(s1));
    for (; p < n; p++) { // fewer than L left: a masked load at an array's end is the slow path
      sum += x[xo + p] * y[yo + p];
    }
    return sum;
  }
}
