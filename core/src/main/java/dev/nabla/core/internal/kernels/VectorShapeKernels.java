package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.shape.ReducePlan;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions on the Vector API for the common FLOAT32 case: reducing the trailing dimensions of a
 * contiguous tensor (everything, or the last axes: a loss, the rows of a softmax), where each
 * output is one contiguous run. Every other reduction and all data movement is the plain code it
 * inherits; a plain {@link PlainShapeKernels} instance remains the oracle.
 *
 * <p>Float sums widen to double vectors and accumulate in double, like the plain loops, so they are
 * as accurate: 2^24 plus a thousand ones is exact, and so is a sum of 10^7 ones.
 */
public final class VectorShapeKernels extends PlainShapeKernels {
  private static final VectorSpecies<Float> S = Lanes.S;
  private static final int L = Lanes.L;

  /** Doubles per vector: half as many lanes as floats in a vector of the same width. */
  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

  @Override
  public void sum(Object src, int[] shape, int[] axes, Object dst) {
    int[] run = trailingRun(src, shape, axes, dst);
    if (run == null) {
      super.sum(src, shape, axes, dst);
      return;
    }
    float[] s = (float[]) src, d = (float[]) dst;
    for (int o = 0, off = 0; o < run[0]; o++, off += run[1]) {
      d[o] = (float) sumRun(s, off, run[1]);
    }
  }

  @Override
  public void extremum(boolean min, Object src, int[] shape, int[] axes, Object dst) {
    int[] run = trailingRun(src, shape, axes, dst);
    if (run == null || run[1] == 0) {
      super.extremum(min, src, shape, axes, dst);
      return;
    }
    float[] s = (float[]) src, d = (float[]) dst;
    for (int o = 0, off = 0; o < run[0]; o++, off += run[1]) {
      d[o] = maxRun(s, off, run[1], min);
    }
  }

  /**
   * {outer, n} when {@code src} is FLOAT32 and the reduced axes are exactly its trailing
   * non-trivial dimensions, so output {@code o} reduces the run {@code [o·n, (o+1)·n)}; else null.
   */
  private static int[] trailingRun(Object src, int[] shape, int[] axes, Object dst) {
    if (!(src instanceof float[] s) || !(dst instanceof float[])) {
      return null;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    int g = p.dims().length - 1;
    if (!p.reduced()[g]) {
      return null;
    }
    for (int i = 0; i < g; i++) {
      if (p.reduced()[i]) {
        return null;
      }
    }
    int n = p.dims()[g];
    return new int[] {n == 0 ? ((float[]) dst).length : s.length / n, n};
  }

  public static double sumRun(float[] s, int off, int n) {
    // Each float vector is widened to two double vectors and summed in double, as the plain loop
    // does: 2^24 + 1 + 1 + ... stays exact where a float accumulator would stall.
    DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      FloatVector f0 = FloatVector.fromArray(S, s, off + i);
      FloatVector f1 = FloatVector.fromArray(S, s, off + i + L);
      a0 = a0.add((DoubleVector) f0.convertShape(VectorOperators.F2D, D, 0));
      a1 = a1.add((DoubleVector) f0.convertShape(VectorOperators.F2D, D, 1));
      a2 = a2.add((DoubleVector) f1.convertShape(VectorOperators.F2D, D, 0));
      a3 = a3.add((DoubleVector) f1.convertShape(VectorOperators.F2D, D, 1));
    }
    double total = Lanes.sumLanes(a0.add(a1).add(a2.add(a3)));
    for (; i < n; i++) {
      total += s[off + i];
    }
    return total;
  }

  /**
   * Math.max (with {@code min}, Math.min) semantics, NaN included (the vector MAX and MIN follow
   * them lane by lane).
   */
  static float maxRun(float[] s, int off, int n, boolean min) {
    VectorOperators.Associative op = min ? VectorOperators.MIN : VectorOperators.MAX;
    float m = s[off];
    int i = 0;
    if (n >= 4 * L) {
      FloatVector a0 = FloatVector.fromArray(S, s, off), a1 = a0, a2 = a0, a3 = a0;
      for (; i + 4 * L <= n; i += 4 * L) {
        a0 = a0.lanewise(op, FloatVector.fromArray(S, s, off + i));
        a1 = a1.lanewise(op, FloatVector.fromArray(S, s, off + i + L));
        a2 = a2.lanewise(op, FloatVector.fromArray(S, s, off + i + 2 * L));
        a3 = a3.lanewise(op, FloatVector.fromArray(S, s, off + i + 3 * L));
      }
      FloatVector a = a0.lanewise(op, a1).lanewise(op, a2.lanewise(op, a3));
      m = a.reduceLanes(op);
    }
    for (; i < n; i++) {
      m = min ? Math.min(m, s[off + i]) : Math.max(m, s[off + i]);
    }
    return m;
  }
}
