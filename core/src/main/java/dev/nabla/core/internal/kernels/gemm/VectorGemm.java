package dev.nabla.core.internal.kernels.gemm;

import dev.nabla.core.internal.kernels.Lanes;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.parallel.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on the Vector API: {@code C (+)= op(A) · op(B)}, BLAS row-major layout.
 *
 * <p>The design is GotoBLAS's, sized for AVX-512 and sound for narrower vectors: B is packed per
 * K-slice (up to about {@link #KC} rows) and block of columns into zero-padded panels two vectors
 * wide, and a register-blocked micro-kernel keeps an MR × 2-vector tile of C in 16 vector registers
 * across the whole K-slice: per k it loads two B vectors, broadcasts one A element per row and
 * issues two FMAs per row. When enough column panels reuse a block of {@link #MC} rows of A ({@link
 * #PACK_NN_PANELS}, or {@link #PACK_A_PANELS} for a transposed A) it is packed into k-major strips
 * of MR rows ({@link VectorMicroLoops#kernelP}, whose A index {@code base + p * MR} has a constant
 * stride); otherwise A is read in place, row by row, so the kernel's A indices are the loop counter
 * plus a fixed offset. Either way the JIT hoists their bounds checks. Edges are handled by zero
 * padding and masked loads and stores of C, so a ragged shape costs no scalar loop. Small products
 * skip packing (its cost would dominate) and use a row kernel; large ones are split over the shared
 * pool by column panels or by row strips.
 *
 * <p>Measured on Zen 5 (JDK 25, one thread): deep K-slices beat L1-sized ones. With KC = 256 the
 * 1024³ product ran at 150-180 GFLOP/s and with a single 1024-deep slice at 240, since every slice
 * re-reads and re-writes the tile of C, whose rows may alias in the cache at power-of-two strides.
 * Packing A into k-major strips, as GotoBLAS does, measured slower than reading it in place there.
 *
 * <p>On an Intel Xeon with AVX-512 (2 cores, 48 KB L1d, 2 MB L2 each) packing a row-major A gained
 * 5-10 % from 8-16 column panels and lost up to 20 % with 2-4 (the threshold is 16, conservative on
 * a noisy shared box); the micro-kernel alone, in L1, ran at 150-160 GFLOP/s on packed A against
 * 125-145 in place (a pure FMA loop: 190-200). A transposed A read in place with a stride of 4096
 * floats (the weight gradient of a [4096, 128] activation) touches a new page per k and ran at
 * 50-70 GFLOP/s; packed from 4 panels, at 80-120.
 *
 * <p>With AVX2 (8 lanes, 16 vector registers: an AMD EPYC Zen 3) the 8-row tile's 16 accumulators
 * take every register, so B's loads and A's broadcasts spill: in L1 it ran at 45-49 GFLOP/s in all
 * three forms, a 6-row tile read by row offsets ({@link VectorMicroLoops#kernel6}) at 82-90 (a pure
 * FMA peak is about 96). The 6-row forms over k-major A ran at 34-38, so with 6-row tiles A is
 * packed row by row (a transposed A always) and read by row offsets, and packed B is read from a
 * 64-byte aligned off-heap copy. Whole products (one thread, CPU time on a loaded box): 128×256×128
 * 38-45 → 53-64, 784×128×256 35-43 → 55-60, 1024³ 46 → 47-64; 128×128×10 25-27 → 20-24.
 */
public final class VectorGemm {
  private static final VectorSpecies<Float> S = Lanes.S;
  private static final int L = Lanes.L;

  /**
   * Rows of the micro-kernel's tile, chosen from the register file at class init: 8 rows × 2
   * vectors (16 accumulators) fill half of AVX-512's 32 registers; AVX2 has 16 in all, where that
   * tile plus two vectors of B and a broadcast of A would spill, so there it is 6 × 2 (12
   * accumulators). {@code -Dnabla.gemm.mr=8} (or 6) overrides the choice, to compare the two.
   */
  static final int MR = Integer.getInteger("nabla.gemm.mr", L >= 16 ? 8 : 6) == 8 ? 8 : 6;

  static final int NR = 2 * L;

  /**
   * The deepest K-slice ({@code -Dnabla.gemm.kc}): 1024 measured best on Zen 5; on the AVX-512 Xeon
   * 256 ran 1024³ about 8 % faster, within the noise of a shared box, so the default stays.
   */
  static final int KC = Math.max(16, Integer.getInteger("nabla.gemm.kc", 1024));

  /** Rows of A per block, whole strips of MR: 128 for 8-row tiles, 126 for 6-row ones. */
  static final int MC = 128 / MR * MR;

  /** The most floats a packed block of B may hold: bounds its columns for deep slices. */
  static final int B_BLOCK = 1 << 19;

  /** Pack a transposed A when at least this many column panels reuse each block. */
  static final int PACK_A_PANELS = Integer.getInteger("nabla.gemm.packAPanels", 4);

  /** Pack a row-major A when at least this many column panels reuse each block. */
  static final int PACK_NN_PANELS = Integer.getInteger("nabla.gemm.packNNPanels", 16);

  /** Below this many multiply-adds packing does not pay for itself. */
  private static final long DIRECT_MACS = 1L << 15;

  /** Below this many multiply-adds a second thread does not pay for itself. */
  public static final long PARALLEL_MACS = 1L << 20;

  /**
   * Each thread's 64-byte aligned off-heap copy of its packed B, for the 6-row kernels: a heap
   * array is only 8-byte aligned (and moved by the collector), and with AVX2's 32-byte loads of B,
   * rows 64 bytes apart, a misaligned panel splits every other load across two cache lines; the
   * 6-row kernels measured 0.8× the 8-row ones there and 1.0-1.6× when aligned.
   */
  private static final ThreadLocal<MemorySegment[]> ALIGNED =
      ThreadLocal.withInitial(() -> new MemorySegment[] {MemorySegment.NULL});

  private static final ThreadLocal<int[]> ROW_OFFSETS = ThreadLocal.withInitial(() -> new int[MR]);
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[MR * NR]});

  private VectorGemm() {}

  public static void sgemm(Gemm g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    int m = g.m(), n = g.n(), k = g.k();
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!g.accumulate()) {
        for (int i = 0, ldc = g.ldc(); i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    long macs = (long) m * n * k;
    // thin products (few rows, or an outer product's k = 1 in a per-sample weight gradient) go
    // straight to the row kernel: packing would cost more than it saves
    if (m < MR / 2 || k < 4 || macs < DIRECT_MACS) {
      VectorRowLoops.direct(g, 0, m, n, a, aOff, b, bOff, c, cOff);
      return;
    }
    int threads = Parallel.tasks(macs, PARALLEL_MACS, Integer.MAX_VALUE);
    int panels = (n + NR - 1) / NR;
    int strips = (m + MR - 1) / MR;
    if (threads <= 1) {
      packed(g, 0, m, 0, n, a, aOff, null, b, bOff, null, c, cOff);
    } else {
      // split by column panels, or by row strips when there are too few panels to go round, or
      // when the blocks of a transposed A would be packed (A taller than B is wide): split by
      // panels, every thread would pack all of A (4096×128×512: 165 against 215 GFLOP/s)
      boolean packsA = g.transA() && panels >= PACK_A_PANELS && m > n;
      boolean byPanels =
          (panels >= 2 * threads || panels >= strips) && !(packsA && strips >= 2 * threads);
      int units = byPanels ? panels : strips, unit = byPanels ? NR : MR;
      int tasks = Math.min(threads, units);
      Parallel.forEach(
          tasks,
          t -> {
            int lo = Parallel.split(units, tasks, t) * unit;
            int hi = Parallel.split(units, tasks, t + 1) * unit;
            if (byPanels) {
              packed(g, 0, m, lo, Math.min(n, hi), a, aOff, null, b, bOff, null, c, cOff);
            } else {
              packed(g, lo, Math.min(m, hi), 0, n, a, aOff, null, b, bOff, null, c, cOff);
            }
          });
    }
  }

  /**
   * A single-threaded product whose operands are given by offset tables instead of strides, for
   * convolution as an implicit GEMM (no im2col matrix): row i of A is {@code a[aRows[i] + p]};
   * op(B)[p][j] is {@code b[bTab[p] + j]}, or with {@code transB} {@code b[bTab[j] + p]}.
   */
  public static void sgemmIndexed(
      int m,
      int n,
      int k,
      float[] a,
      int[] aRows,
      boolean transB,
      float[] b,
      int[] bTab,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
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
        VectorRowLoops.rowTimesMatrix(
            a, aRows[i], k, b, 0, 0, bTab, n, c, cOff + i * ldc, accumulate);
      }
      return;
    }
    Gemm g = new Gemm(false, transB, m, n, k, 0, 0, ldc, accumulate);
    packed(g, 0, m, 0, n, a, 0, aRows, b, 0, bTab, c, cOff);
  }

  /** The blocked algorithm over rows [i0, i1) and columns [j0, j1) of C. */
  private static void packed(
      Gemm g,
      int i0,
      int i1,
      int j0,
      int j1,
      float[] a,
      int aOff,
      int[] aRows,
      float[] b,
      int bOff,
      int[] bTab,
      float[] c,
      int cOff) {
    boolean transA = g.transA(), transB = g.transB(), accumulate = g.accumulate();
    int k = g.k(), lda = g.lda(), ldb = g.ldb(), ldc = g.ldc();
    int rem = (i1 - i0) % MR;
    if (rem != 0 && rem < MR / 2 && i1 - i0 > MR && aRows == null && bTab == null) {
      // A last strip of 1-3 rows would run the 8-row kernel mostly on repeated rows: the row
      // kernel does them instead (a 3×3 single-channel convolution's 9-row input gradient).
      int n = j1 - j0;
      int bStart = transB ? bOff + j0 * ldb : bOff + j0;
      VectorRowLoops.direct(g, i1 - rem, i1, j1 - j0, a, aOff, b, bStart, c, cOff + j0);
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
    // A is packed into k-major strips when enough column panels reuse each block (always, for a
    // transposed A read with a page-sized stride), and read in place otherwise.
    // 6-row tiles read A by rows only, so a transposed A is always packed.
    boolean packAll = (MR != 8 && transA) || maxPanels >= (transA ? PACK_A_PANELS : PACK_NN_PANELS);
    if ((transA || packAll) && buf[0].length < MC * depth) {
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
        MemorySegment bs = MR == 8 ? null : aligned(bp, panels * NR * kc);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          // a ragged last strip of a transposed A is always packed, zero padded
          if (packAll) {
            if (transA) {
              packA(a, aOff, lda, ic, mc, pc, kc, ap);
            } else {
              packRows(a, aOff, lda, aRows, ic, mc, pc, kc, ap);
            }
          }
          for (int q = 0; q < panels; q++) {
            int jq = jc + q * NR;
            int nq = Math.min(NR, jc + cols - jq);
            int bBase = q * kc * NR;
            for (int s = 0; s * MR < mc; s++) {
              int rows = Math.min(MR, mc - s * MR);
              int row = ic + s * MR;
              int co = cOff + row * ldc + jq;
              if (packAll) {
                int base = s * kc * MR;
                if (MR == 8) {
                  kernelP(ap, base, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
                } else {
                  kernel(
                      ap,
                      stripRows(ao, base, kc, rows),
                      rows,
                      bp,
                      bs,
                      bBase,
                      kc,
                      c,
                      co,
                      ldc,
                      nq,
                      acc,
                      tile);
                }
                continue;
              }
              if (!transA) {
                // rows past the matrix's edge repeat its last row: computed, not stored
                for (int r = 0; r < MR; r++) {
                  int i = row + Math.min(r, rows - 1);
                  ao[r] = (aRows == null ? aOff + i * lda : aRows[i]) + pc;
                }
                kernel(a, ao, rows, bp, bs, bBase, kc, c, co, ldc, nq, acc, tile);
                continue;
              }
              if (rows < MR) {
                packA(a, aOff, lda, row, rows, pc, kc, ap);
                kernelP(ap, 0, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
                continue;
              }
              float[] as = a;
              int base = aOff + pc * lda + row;
              int ks = lda;
              kernelT(as, base, ks, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
            }
          }
        }
      }
    }
  }

  // The tile's kernels, one vector wide for a last panel of at most L columns. MR is a constant, so
  // the JIT folds each choice.

  private static void kernel(
      float[] a,
      int[] ao,
      int rows,
      float[] bp,
      MemorySegment bs,
      int bBase,
      int kc,
      float[] c,
      int co,
      int ldc,
      int nq,
      boolean acc,
      float[] tile) {
    if (MR == 8) {
      if (nq <= L) {
        VectorMicroLoops.kernelNarrow(a, ao, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
      } else {
        VectorMicroLoops.kernel(a, ao, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
      }
    } else if (nq <= L) {
      VectorMicroLoops.kernelNarrow6(a, ao, rows, bs, bBase, kc, c, co, ldc, nq, acc, tile);
    } else {
      VectorMicroLoops.kernel6(a, ao, rows, bs, bBase, kc, c, co, ldc, nq, acc, tile);
    }
  }

  private static void kernelP(
      float[] ap,
      int base,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int co,
      int ldc,
      int nq,
      boolean acc,
      float[] tile) {
    if (nq <= L) {
      VectorMicroLoops.kernelNarrowP(ap, base, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
    } else {
      VectorMicroLoops.kernelP(ap, base, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
    }
  }

  private static void kernelT(
      float[] a,
      int base,
      int ks,
      int rows,
      float[] bp,
      int bBase,
      int kc,
      float[] c,
      int co,
      int ldc,
      int nq,
      boolean acc,
      float[] tile) {
    if (nq <= L) {
      VectorMicroLoops.kernelNarrowT(a, base, ks, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
    } else {
      VectorMicroLoops.kernelT(a, base, ks, rows, bp, bBase, kc, c, co, ldc, nq, acc, tile);
    }
  }

  /** The first {@code n} floats of {@code bp} in this thread's aligned off-heap buffer. */
  private static MemorySegment aligned(float[] bp, int n) {
    MemorySegment[] holder = ALIGNED.get();
    if (holder[0].byteSize() < 4L * n) {
      holder[0] = Arena.ofAuto().allocate(4L * Math.max(n, bp.length), 64);
    }
    MemorySegment.copy(bp, 0, holder[0], ValueLayout.JAVA_FLOAT, 0, n);
    return holder[0];
  }

  /**
   * The row offsets of a strip of A packed row by row ({@link #packRows} and {@link #packA} with
   * 6-row tiles): row r at {@code base + r * kc}; rows past the matrix's edge repeat its last row,
   * computed and not stored.
   */
  private static int[] stripRows(int[] ao, int base, int kc, int rows) {
    for (int r = 0; r < MR; r++) {
      ao[r] = base + Math.min(r, rows - 1) * kc;
    }
    return ao;
  }

  /** Packs op(B)[pc..pc+kc, j0..j0+cols] into panels of NR columns, row by row, zero padded. */
  private static void packB(
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int[] bTab,
      int pc,
      int kc,
      int j0,
      int cols,
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
            Lanes.load(b, src, m0).intoArray(bp, dst);
            Lanes.load(b, src + L, m1).intoArray(bp, dst + L);
          }
        }
      } else {
        // op(B)[p][j] = b[j * ldb + p]: walk each source row (contiguous in p) once.
        if (nq < NR) {
          // one fill of the whole last panel: a call per row of padding cost more than the copy
          java.util.Arrays.fill(bp, base, base + kc * NR, 0f);
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
   * Copies rows [ic, ic + mc) of a row-major A (row i at {@code aOff + i * lda}, or at {@code
   * aRows[i]}), columns [pc, pc + kc), into strips of MR rows, k-major within a strip and zero
   * padded to MR rows, the layout {@link VectorMicroLoops#kernelP} reads.
   */
  private static void packRows(
      float[] a, int aOff, int lda, int[] aRows, int ic, int mc, int pc, int kc, float[] ap) {
    if (MR != 8) {
      // row by row: strip s's row r at s * kc * MR + r * kc, as stripRows reads it
      for (int i = 0; i < mc; i++) {
        int src = (aRows == null ? aOff + (ic + i) * lda : aRows[ic + i]) + pc;
        System.arraycopy(a, src, ap, (i / MR) * kc * MR + (i % MR) * kc, kc);
      }
      return;
    }
    for (int s = 0; s * MR < mc; s++) {
      int base = s * kc * MR;
      int rows = Math.min(MR, mc - s * MR);
      if (rows < MR) {
        java.util.Arrays.fill(ap, base, base + kc * MR, 0f);
      }
      for (int r = 0; r < rows; r++) {
        int i = ic + s * MR + r;
        int src = (aRows == null ? aOff + i * lda : aRows[i]) + pc;
        for (int p = 0; p < kc; p++) {
          ap[base + p * MR + r] = a[src + p];
        }
      }
    }
  }

  /**
   * Copies op(A)[ic..ic+mc, pc..pc+kc] of a transposed A (stored k-major) into strips of MR rows,
   * k-major within a strip and zero padded to MR rows, the layout {@link VectorMicroLoops#kernelT}
   * reads.
   */
  private static void packA(
      float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
    if (MR != 8) {
      // row by row, as packRows lays out a row-major A: op(A)'s row i is a column of A
      for (int s = 0; s * MR < mc; s++) {
        int base = s * kc * MR;
        int rows = Math.min(MR, mc - s * MR);
        int from = aOff + pc * lda + ic + s * MR;
        if (rows == MR) {
          for (int p = 0; p < kc; p++) {
            int src = from + p * lda;
            for (int r = 0; r < MR; r++) {
              ap[base + r * kc + p] = a[src + r];
            }
          }
        } else {
          for (int p = 0; p < kc; p++) {
            int src = from + p * lda;
            for (int r = 0; r < rows; r++) {
              ap[base + r * kc + p] = a[src + r];
            }
          }
        }
      }
      return;
    }
    int full = mc / MR;
    // whole strips: each k's row of op(A)ᵀ is contiguous, so copy it strip by strip, MR floats at
    // a time with a fixed-count loop (System.arraycopy per 8 floats cost more than the copy)
    for (int p = 0; p < kc; p++) {
      int src = aOff + (pc + p) * lda + ic;
      for (int s = 0; s < full; s++) {
        int dst = s * kc * MR + p * MR;
        int from = src + s * MR;
        for (int r = 0; r < MR; r++) {
          ap[dst + r] = a[from + r];
        }
      }
    }
    int rows = mc - full * MR;
    if (rows > 0) {
      int base = full * kc * MR;
      java.util.Arrays.fill(ap, base, base + kc * MR, 0f);
      for (int p = 0; p < kc; p++) {
        System.arraycopy(a, aOff + (pc + p) * lda + ic + full * MR, ap, base + p * MR, rows);
      }
    }
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
