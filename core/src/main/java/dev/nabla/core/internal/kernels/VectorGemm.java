package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on the Vector API: {@code C (+)= op(A) · op(B)}, BLAS row-major layout.
 *
 * <p>The design is GotoBLAS's, sized for AVX-512 and sound for narrower vectors: B is packed per
 * K-slice ({@link #KC} rows) into zero-padded panels two vectors wide, A per block of {@link #MC}
 * rows into strips of {@link #MR} rows, and a register-blocked micro-kernel keeps an MR × 2-vector
 * tile of C in 16 vector registers across the whole K-slice: per k it loads two B vectors, broadcasts
 * one A element per row and issues two FMAs per row. The B panel (KC × 2 vectors, 32 KiB) stays in
 * L1 while A streams from L2. Edges are handled by zero padding and masked loads and stores of C, so
 * a ragged shape costs no scalar loop. Small products skip packing (its cost would dominate) and use a
 * row kernel; large ones are split over the shared pool by column panels or by row strips.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int MR = 8;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 128;
  /** Pack A when at least this many column panels reuse each block (else read it in place). */
  static final int PACK_A_PANELS = Integer.getInteger("nabla.gemm.packAPanels", 8);
  private static final boolean PACK_A = Boolean.getBoolean("nabla.gemm.packA");
  /** Below this many multiply-adds packing does not pay for itself. */
  private static final long DIRECT_MACS = 1L << 15;
  /** Below this many multiply-adds a second thread does not pay for itself. */
  private static final long PARALLEL_MACS = 1L << 23;

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
      packed(transA, transB, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else if (panels >= 2 * threads || panels >= strips) {
      int tasks = Math.min(threads, panels);
      Parallel.forEach(tasks, t -> {
        int j0 = split(panels, tasks, t) * NR;
        int j1 = Math.min(n, split(panels, tasks, t + 1) * NR);
        packed(transA, transB, 0, m, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      });
    } else {
      int tasks = Math.min(threads, strips);
      Parallel.forEach(tasks, t -> {
        int i0 = split(strips, tasks, t) * MR;
        int i1 = Math.min(m, split(strips, tasks, t + 1) * MR);
        packed(transA, transB, i0, i1, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      });
    }
  }

  private static int split(int units, int parts, int p) {
    return (int) ((long) units * p / parts);
  }

  /** The blocked algorithm over rows [i0, i1) and columns [j0, j1) of C. */
  private static void packed(
      boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int cols = j1 - j0;
    int panels = (cols + NR - 1) / NR;
    // K-slices of equal depth near KC (288 stays whole, 784 becomes 4 × 196): no thin last slice.
    int slices = k <= KC + KC / 2 ? 1 : (k + KC - 1) / KC;
    int depth = (k + slices - 1) / slices;
    // Packed panels are sized by the real depth: a thin product (a convolution's k = 9 over a whole
    // batch of columns) must not reserve KC rows per panel.
    float[][] buf = BUFFERS.get();
    if (buf[0].length < MC * depth) {
      buf[0] = new float[MC * depth];
    }
    if (buf[1].length < panels * NR * depth) {
      buf[1] = new float[panels * NR * depth];
    }
    float[] ap = buf[0];
    float[] bp = buf[1];
    float[] tile = buf[2];
    for (int pc = 0; pc < k; pc += depth) {
      int kc = Math.min(depth, k - pc);
      boolean acc = accumulate || pc > 0;
      packB(transB, b, bOff, ldb, pc, kc, j0, cols, bp);
      for (int ic = i0; ic < i1; ic += MC) {
        int mc = Math.min(MC, i1 - ic);
        // A is read in place (row stride rs, k stride ks) unless packing pays: packing copies the
        // block once, which only amortises when many column panels reuse it.
        boolean pack = PACK_A || panels >= PACK_A_PANELS;
        if (pack) {
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
        }
        float[] as = pack ? ap : a;
        int rs = pack ? 1 : transA ? 1 : lda;
        int ks = pack ? MR : transA ? lda : 1;
        for (int q = 0; q < panels; q++) {
          int jq = j0 + q * NR;
          int nq = Math.min(NR, j1 - jq);
          for (int s = 0; s * MR < mc; s++) {
            int rows = Math.min(MR, mc - s * MR);
            int row = ic + s * MR;
            int base = pack ? s * kc * MR : transA ? aOff + pc * lda + row : aOff + row * lda + pc;
            if (nq <= L) {
              kernelNarrow(as, base, rs, ks, rows, bp, q * kc * NR, kc, c, cOff + row * ldc + jq,
                  ldc, nq, acc, tile);
            } else {
              kernel(as, base, rs, ks, rows, bp, q * kc * NR, kc, c, cOff + row * ldc + jq, ldc,
                  nq, acc, tile);
            }
          }
        }
      }
    }
  }

  /** Packs op(B)[pc..pc+kc, j0..j0+cols] into panels of NR columns, row by row, zero padded. */
  private static void packB(
      boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int j0, int cols, float[] bp) {
    int panels = (cols + NR - 1) / NR;
    for (int q = 0; q < panels; q++) {
      int base = q * kc * NR;
      int jq = j0 + q * NR;
      int nq = Math.min(NR, cols - q * NR);
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (pc + p) * ldb + jq;
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
          int src = bOff + (jq + jj) * ldb + pc;
          for (int p = 0; p < kc; p++) {
            bp[base + p * NR + jj] = b[src + p];
          }
        }
      }
    }
  }

  /** Packs op(A)[ic..ic+mc, pc..pc+kc] into strips of MR rows, k-major within a strip, zero padded. */
  private static void packA(
      boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
    for (int s = 0; s * MR < mc; s++) {
      int base = s * kc * MR;
      int rows = Math.min(MR, mc - s * MR);
      int i = ic + s * MR;
      if (!transA) {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (i + r) * lda + pc;
          for (int p = 0; p < kc; p++) {
            ap[base + p * MR + r] = a[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + i;
          for (int r = 0; r < rows; r++) {
            ap[base + p * MR + r] = a[src + r];
          }
        }
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
      float[] a, int aBase, int rs, int ks, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
    // Rows past the matrix's edge repeat its last row: their results are computed and not stored.
    int last = rows - 1;
    int o0 = aBase, o1 = aBase + Math.min(1, last) * rs, o2 = aBase + Math.min(2, last) * rs;
    int o3 = aBase + Math.min(3, last) * rs, o4 = aBase + Math.min(4, last) * rs;
    int o5 = aBase + Math.min(5, last) * rs, o6 = aBase + Math.min(6, last) * rs;
    int o7 = aBase + Math.min(7, last) * rs;
    int bi = bBase;
    for (int p = 0, pk = 0; p < kc; p++, pk += ks, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      c0 = FloatVector.broadcast(S, a[o0 + pk]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[o1 + pk]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[o2 + pk]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[o3 + pk]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[o4 + pk]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[o5 + pk]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[o6 + pk]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[o7 + pk]).fma(b0, c7);
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
    VectorMask<Float> m0 = S.indexInRange(0, cols);
    for (int r = 0; r < rows; r++) {
      int co = cBase + r * ldc;
      FloatVector v0 = FloatVector.fromArray(S, t, r * NR);
      if (acc) {
        v0 = v0.add(VectorFloatLoops.load(c, co, m0));
      }
      VectorFloatLoops.store(v0, c, co, m0);
    }
  }

  /** The MR × NR micro-kernel: 16 accumulators live in registers across the K-slice. */
  private static void kernel(
      float[] a, int aBase, int rs, int ks, int rows, float[] bp, int bBase, int kc,
      float[] c, int cBase, int ldc, int cols, boolean acc, float[] tile) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    // Rows past the matrix's edge repeat its last row: their results are computed and not stored.
    int last = rows - 1;
    int o0 = aBase, o1 = aBase + Math.min(1, last) * rs, o2 = aBase + Math.min(2, last) * rs;
    int o3 = aBase + Math.min(3, last) * rs, o4 = aBase + Math.min(4, last) * rs;
    int o5 = aBase + Math.min(5, last) * rs, o6 = aBase + Math.min(6, last) * rs;
    int o7 = aBase + Math.min(7, last) * rs;
    int bi = bBase;
    for (int p = 0, pk = 0; p < kc; p++, pk += ks, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[o0 + pk]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[o1 + pk]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[o2 + pk]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[o3 + pk]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[o4 + pk]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[o5 + pk]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[o6 + pk]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[o7 + pk]);
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
    VectorMask<Float> m0 = S.indexInRange(0, cols);
    VectorMask<Float> m1 = S.indexInRange(L, cols);
    for (int r = 0; r < rows; r++) {
      int co = cBase + r * ldc;
      FloatVector v0 = FloatVector.fromArray(S, t, r * NR);
      FloatVector v1 = FloatVector.fromArray(S, t, r * NR + L);
      if (acc) {
        v0 = v0.add(VectorFloatLoops.load(c, co, m0));
        v1 = v1.add(VectorFloatLoops.load(c, co + L, m1));
      }
      VectorFloatLoops.store(v0, c, co, m0);
      VectorFloatLoops.store(v1, c, co + L, m1);
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
        rowTimesMatrix(ar, ao, k, b, bOff, ldb, n, c, co, accumulate);
      } else {
        for (int j = 0; j < n; j++) {
          float d = dot(ar, ao, b, bOff + j * ldb, k);
          c[co + j] = accumulate ? c[co + j] + d : d;
        }
      }
    }
  }

  private static void rowTimesMatrix(
      float[] a, int ao, int k, float[] b, int bOff, int ldb, int n, float[] c, int co, boolean acc) {
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
      // The last columns: a masked vector compiles to one instruction only while every row's
      // vector stays inside b; where it would run past b's end, plain loops are faster.
      if (bOff + (k - 1) * ldb + j + L <= b.length) {
        VectorMask<Float> m = S.indexInRange(j, n);
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
          s = FloatVector.broadcast(S, a[ao + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j, m), s);
        }
        if (acc) {
          s = s.add(VectorFloatLoops.load(c, co + j, m));
        }
        VectorFloatLoops.store(s, c, co + j, m);
      } else {
        for (int jj = j; jj < n; jj++) {
          float sum = 0;
          for (int p = 0; p < k; p++) {
            sum += a[ao + p] * b[bOff + p * ldb + jj];
          }
          c[co + jj] = acc ? c[co + jj] + sum : sum;
        }
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
    float sum = s0.add(s1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    for (; p < n; p++) { // fewer than L left: a masked load at an array's end is the slow path
      sum += x[xo + p] * y[yo + p];
    }
    return sum;
  }
}
