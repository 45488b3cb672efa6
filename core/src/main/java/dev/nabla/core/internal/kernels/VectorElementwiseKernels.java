package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.elementwise.BroadcastRows;
import dev.nabla.core.internal.kernels.elementwise.VectorCompareLoops;
import dev.nabla.core.internal.kernels.elementwise.VectorFloatGradLoops;
import dev.nabla.core.internal.kernels.elementwise.VectorFloatLoops;
import dev.nabla.core.internal.kernels.elementwise.VectorFloatUnaryLoops;
import dev.nabla.core.internal.kernels.elementwise.VectorGeluLoops;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * Elementwise kernels on the Vector API for FLOAT32, the dtype training runs in: they extend the
 * plain reference ({@link PlainElementwiseKernels}, which they are tested against) and override
 * only the FLOAT32 loops they speed up; FLOAT64 and INT32 are inherited.
 *
 * <p>The broadcasting dispatch is the plain one (same size, tensor-scalar, scalar-tensor, else
 * {@link BroadcastRows}), calling the loops of {@link VectorFloatLoops}, {@link
 * VectorFloatUnaryLoops}, {@link VectorFloatGradLoops} and {@link VectorCompareLoops}. Large calls
 * are split into contiguous chunks (or ranges of rows) over the shared {@link Parallel} pool; small
 * ones run on the caller's thread, where a fork would cost more than it saves.
 */
final class VectorElementwiseKernels extends PlainElementwiseKernels {

  /*
   * The split thresholds, measured on the development machine (2 vCPUs of an AMD EPYC with
   * AVX-512, JDK 25; median of 15 timings of the public op, result allocation included, one thread
   * against two). Parallel's workers spin between jobs, so a hand-off costs about a microsecond
   * (a fork-join round trip cost 13-30 us, which had put these thresholds at 2^21 and 2^22):
   *   tanh   2^14: 7.0 us serial vs 5.0 split; 2^16: 28.4 vs 18.8; 10^5: 44.9 vs 27.9
   *   add    2^14: 3.3 vs 3.4; 2^16: 12.7 vs 12.4; 10^5: 22.0 vs 18.9; 10^6: 262 vs 197
   * The memory-bound loops gain less: a zeroed result array of 10^5 floats alone takes 10-13 us
   * to allocate on the caller's thread, and the two threads share one memory bandwidth.
   */

  /**
   * Elements from which a memory-bound loop (arithmetic, MAX, MIN, ReLU and leaky ReLU, NEG, ABS,
   * SQRT, the backward rules, comparisons) is split over the pool.
   */
  static final int CHEAP_PARALLEL = 1 << 16;

  /** Elements from which a loop of EXP, LOG, TANH, SIGMOID, POW or GELU is split over the pool. */
  static final int COSTLY_PARALLEL = 1 << 14;

  /**
   * Longest repeating operand the flat periodic loop takes: it copies the operand into a pattern
   * per call, and rows longer than this lose little to their masked last vector anyway.
   */
  private static final int PERIODIC_MAX = 1 << 12;

  /** Chunk boundaries fall on multiples of this many floats (256 bytes, whole cache lines). */
  private static final int ALIGN = 64;

  /** A contiguous part {@code [off, off + len)} of a same-size loop. */
  @FunctionalInterface
  private interface Chunk {
    void run(int off, int len);
  }

  // ---------------------------------------------------------------- broadcasting

  @Override
  public void binary(
      Binary op, Object av, int[] aShape, Object bv, int[] bShape, Object ov, int[] outShape) {
    if (!(av instanceof float[] a)) {
      super.binary(op, av, aShape, bv, bShape, ov, outShape);
      return;
    }
    float[] b = (float[]) bv;
    float[] out = (float[]) ov;
    int n = out.length;
    if (n == 0) {
      return;
    }
    int grain = op == Binary.POW ? COSTLY_PARALLEL : CHEAP_PARALLEL;
    if (a.length == n && b.length == n) {
      chunks(0, n, grain, (o, k) -> VectorFloatLoops.vv(op, a, o, b, o, out, o, k));
    } else if (a.length == n && b.length == 1) {
      float s = b[0];
      chunks(0, n, grain, (o, k) -> VectorFloatLoops.vs(op, a, o, s, out, o, k));
    } else if (a.length == 1 && b.length == n) {
      float s = a[0];
      chunks(0, n, grain, (o, k) -> VectorFloatLoops.sv(op, s, b, o, out, o, k));
    } else if (a.length == n
        && b.length <= PERIODIC_MAX
        && VectorFloatLoops.periodic(op)
        && trailing(bShape, outShape)) {
      // x + bias over rows: b repeats with period b.length along the flat output, so one flat
      // loop reads it from a pattern of b repeated, whatever the row length (a row of 100 floats
      // would otherwise end in a masked partial vector every 100 elements)
      float[] pattern = VectorFloatLoops.pattern(b);
      chunks(
          0,
          n,
          grain,
          (o, k) -> VectorFloatLoops.periodicB(op, a, o, pattern, b.length, out, o, k));
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows(
          rows,
          n,
          grain,
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> VectorFloatLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> VectorFloatLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> VectorFloatLoops.sv(op, a[ao], b, bo, out, oo, len);
          });
    }
  }

  @Override
  public void compare(
      Comparison op,
      Object av,
      int[] aShape,
      Object bv,
      int[] bShape,
      boolean[] out,
      int[] outShape) {
    if (!(av instanceof float[] a)) {
      super.compare(op, av, aShape, bv, bShape, out, outShape);
      return;
    }
    float[] b = (float[]) bv;
    int n = out.length;
    if (n == 0) {
      return;
    }
    Comparison sw = op.swapped();
    if (a.length == n && b.length == n) {
      chunks(0, n, CHEAP_PARALLEL, (o, k) -> VectorCompareLoops.vv(op, a, o, b, o, out, o, k));
    } else if (a.length == n && b.length == 1) {
      float s = b[0];
      chunks(0, n, CHEAP_PARALLEL, (o, k) -> VectorCompareLoops.vs(op, a, o, s, out, o, k));
    } else if (a.length == 1 && b.length == n) {
      float s = a[0];
      chunks(0, n, CHEAP_PARALLEL, (o, k) -> VectorCompareLoops.vs(sw, b, o, s, out, o, k));
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows(
          rows,
          n,
          CHEAP_PARALLEL,
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> VectorCompareLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> VectorCompareLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> VectorCompareLoops.vs(sw, b, bo, a[ao], out, oo, len);
          });
    }
  }

  // ---------------------------------------------------------------- same shape

  @Override
  public void unary(Unary op, Object xv, Object ov, int off, int len) {
    if (!(xv instanceof float[] x)) {
      super.unary(op, xv, ov, off, len);
      return;
    }
    float[] out = (float[]) ov;
    int grain =
        switch (op) {
          case EXP, LOG, TANH, SIGMOID, SIN, COS -> COSTLY_PARALLEL;
          case NEG, SQRT, ABS, RELU -> CHEAP_PARALLEL;
        };
    chunks(off, len, grain, (o, k) -> VectorFloatUnaryLoops.unary(op, x, out, o, k));
  }

  @Override
  public void leakyRelu(Object xv, double slope, Object ov, int off, int len) {
    if (!(xv instanceof float[] x)) {
      super.leakyRelu(xv, slope, ov, off, len);
      return;
    }
    float[] out = (float[]) ov;
    float s = (float) slope;
    chunks(off, len, CHEAP_PARALLEL, (o, k) -> VectorFloatUnaryLoops.leakyRelu(x, s, out, o, k));
  }

  @Override
  public void gelu(Object xv, Object ov, Object cv, int off, int len) {
    if (!(xv instanceof float[] x)) {
      super.gelu(xv, ov, cv, off, len);
      return;
    }
    float[] out = (float[]) ov;
    float[] cdf = (float[]) cv;
    chunks(off, len, COSTLY_PARALLEL, (o, k) -> VectorGeluLoops.gelu(x, out, cdf, o, k));
  }

  @Override
  public void geluBackward(Object gv, Object xv, Object cv, Object ov, int off, int len) {
    if (!(gv instanceof float[] grad)) {
      super.geluBackward(gv, xv, cv, ov, off, len);
      return;
    }
    float[] x = (float[]) xv;
    float[] cdf = (float[]) cv;
    float[] out = (float[]) ov;
    chunks(
        off, len, COSTLY_PARALLEL, (o, k) -> VectorGeluLoops.geluBackward(grad, x, cdf, out, o, k));
  }

  @Override
  public void unaryBackward(UnaryGrad op, Object gv, Object sv, Object ov, int off, int len) {
    if (!(gv instanceof float[] grad)) {
      super.unaryBackward(op, gv, sv, ov, off, len);
      return;
    }
    float[] saved = (float[]) sv;
    float[] out = (float[]) ov;
    chunks(
        off,
        len,
        CHEAP_PARALLEL,
        (o, k) -> VectorFloatGradLoops.unaryBackward(op, grad, saved, out, o, k));
  }

  @Override
  public void leakyReluBackward(Object gv, Object xv, double slope, Object ov, int off, int len) {
    if (!(gv instanceof float[] grad)) {
      super.leakyReluBackward(gv, xv, slope, ov, off, len);
      return;
    }
    float[] x = (float[]) xv;
    float[] out = (float[]) ov;
    float s = (float) slope;
    chunks(
        off,
        len,
        CHEAP_PARALLEL,
        (o, k) -> VectorFloatGradLoops.leakyReluBackward(grad, x, s, out, o, k));
  }

  @Override
  public void extremumBackward(
      boolean max, Object gv, Object av, Object bv, Object gav, Object gbv, int off, int len) {
    if (!(gv instanceof float[] grad)) {
      super.extremumBackward(max, gv, av, bv, gav, gbv, off, len);
      return;
    }
    float[] a = (float[]) av;
    float[] b = (float[]) bv;
    float[] gradA = (float[]) gav;
    float[] gradB = (float[]) gbv;
    chunks(
        off,
        len,
        CHEAP_PARALLEL,
        (o, k) -> VectorFloatGradLoops.extremumBackward(max, grad, a, b, gradA, gradB, o, k));
  }

  // ---------------------------------------------------------------- conversions

  /**
   * Whether {@code b}, right-aligned against {@code out}, equals out's trailing dimensions after
   * its own leading 1s: then over the flat output {@code b} repeats with period {@code b.length}.
   */
  private static boolean trailing(int[] bShape, int[] outShape) {
    int first = 0;
    while (first < bShape.length && bShape[first] == 1) {
      first++;
    }
    int rank = bShape.length - first;
    if (rank == 0 || rank > outShape.length) {
      return false;
    }
    for (int d = 0; d < rank; d++) {
      if (bShape[first + d] != outShape[outShape.length - rank + d]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- splitting

  /**
   * How many tasks a loop of {@code n} elements gets: 1 below {@code grain}, else up to one per
   * thread, each with at least {@code grain / 2} elements.
   */
  private static int tasks(int n, int grain) {
    return Parallel.tasks(n, grain, Math.max(1, n / (grain / 2)));
  }

  /** Runs {@code body} over {@code [off, off + len)}, split into contiguous chunks when large. */
  private static void chunks(int off, int len, int grain, Chunk body) {
    int tasks = tasks(len, grain);
    if (tasks <= 1) {
      body.run(off, len);
      return;
    }
    Parallel.forEach(
        tasks,
        t -> {
          int from = boundary(len, tasks, t);
          int to = boundary(len, tasks, t + 1);
          if (to > from) {
            body.run(off + from, to - from);
          }
        });
  }

  /** The start of chunk {@code t} of {@code tasks}: aligned, and {@code len} for the last. */
  private static int boundary(int len, int tasks, int t) {
    return t == tasks ? len : (int) ((long) len * t / tasks) & -ALIGN;
  }

  /** Runs {@code row} for every row of {@code rows} ({@code n} elements), by ranges when large. */
  private static void rows(BroadcastRows rows, int n, int grain, BroadcastRows.Row row) {
    int count = rows.rows();
    int tasks = Math.min(tasks(n, grain), count);
    if (tasks <= 1) {
      rows.forEach(row);
      return;
    }
    Parallel.forEach(
        tasks,
        t -> {
          rows.forEach(Parallel.split(count, tasks, t), Parallel.split(count, tasks, t + 1), row);
        });
  }
}
