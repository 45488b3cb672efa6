package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C0;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C1;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C2;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C3;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C4;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C5;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C6;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C7;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C8;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.C9;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.EXP_LO;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.HALF_INV_SQRT2;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.INV_SQRT_2PI;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.LN2_HI;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.LN2_LO;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.LOG2E;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.ROUNDER;
import static dev.nabla.core.internal.kernels.elementwise.GeluLoops.ROUNDER_BITS;
import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 GELU and its backward rule on the Vector API: {@link GeluLoops}' formulas operation for
 * operation, in double lanes (floats are widened exactly, the result rounded once), so the bits are
 * the plain loops'. The tail shorter than a vector runs the plain loop itself.
 */
public final class VectorGeluLoops {
  private VectorGeluLoops() {}

  private static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;

  /** As many float lanes as {@link #SD} has double lanes: half its width. */
  private static final VectorSpecies<Float> SF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(SD.vectorBitSize() / 2));

  private static final int L = SD.length();

  /** {@link GeluLoops#exp}, lane by lane. */
  static DoubleVector exp(DoubleVector a) {
    VectorMask<Double> low = a.compare(LT, EXP_LO);
    DoubleVector c = a.blend(EXP_LO, low);
    DoubleVector t = c.fma(DoubleVector.broadcast(SD, LOG2E), DoubleVector.broadcast(SD, ROUNDER));
    DoubleVector scale =
        t.reinterpretAsLongs()
            .sub(ROUNDER_BITS)
            .add(1023)
            .lanewise(LSHL, 52)
            .reinterpretAsDoubles();
    DoubleVector nf = t.sub(ROUNDER);
    DoubleVector r = nf.fma(DoubleVector.broadcast(SD, -LN2_HI), c);
    r = nf.fma(DoubleVector.broadcast(SD, -LN2_LO), r);
    DoubleVector p = r.fma(1.0 / 40320, 1.0 / 5040);
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0 / 720));
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0 / 120));
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0 / 24));
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0 / 6));
    p = p.fma(r, DoubleVector.broadcast(SD, 0.5));
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0));
    p = p.fma(r, DoubleVector.broadcast(SD, 1.0));
    return p.mul(scale).blend(0.0, low);
  }

  /** {@link GeluLoops#cdf}, lane by lane. */
  static DoubleVector cdf(DoubleVector x) {
    DoubleVector a = x.abs();
    DoubleVector t = DoubleVector.broadcast(SD, 1.0).div(a.fma(HALF_INV_SQRT2, 1.0));
    DoubleVector p = t.fma(C9, C8);
    p = p.fma(t, DoubleVector.broadcast(SD, C7));
    p = p.fma(t, DoubleVector.broadcast(SD, C6));
    p = p.fma(t, DoubleVector.broadcast(SD, C5));
    p = p.fma(t, DoubleVector.broadcast(SD, C4));
    p = p.fma(t, DoubleVector.broadcast(SD, C3));
    p = p.fma(t, DoubleVector.broadcast(SD, C2));
    p = p.fma(t, DoubleVector.broadcast(SD, C1));
    p = p.fma(t, DoubleVector.broadcast(SD, C0));
    DoubleVector half = t.mul(0.5).mul(exp(a.mul(-0.5).fma(a, p)));
    return DoubleVector.broadcast(SD, 1.0).sub(half).blend(half, x.compare(LT, 0.0));
  }

  /** Lanes {@code i} to {@code i + L - 1} of {@code a}, widened to double (exactly). */
  private static DoubleVector load(float[] a, int i) {
    return (DoubleVector) FloatVector.fromArray(SF, a, i).convertShape(F2D, SD, 0);
  }

  // The stores are written out in the loops rather than in a helper: C2 stopped inlining such a
  // helper after the long inlined cdf (NodeCountInliningCutoff), boxed the vectors it was passed,
  // and the forward loop ran 2.7 times slower (4.9 against 1.8 ns per element).

  /** {@code out[i] = gelu(x[i])}, {@code cdf[i] = Phi(x[i])} over {@code [off, off + len)}. */
  public static void gelu(float[] x, float[] out, float[] cdf, int off, int len) {
    int end = off + len;
    int i = off;
    for (; i <= end - L; i += L) {
      DoubleVector v = load(x, i);
      DoubleVector c = cdf(v);
      ((FloatVector) v.mul(c).convertShape(D2F, SF, 0)).intoArray(out, i);
      ((FloatVector) c.convertShape(D2F, SF, 0)).intoArray(cdf, i);
    }
    GeluLoops.gelu(x, out, cdf, i, end - i);
  }

  /** {@code out[i] = grad[i] * gelu'(x[i])} from the saved {@code cdf[i] = Phi(x[i])}. */
  public static void geluBackward(
      float[] grad, float[] x, float[] cdf, float[] out, int off, int len) {
    int end = off + len;
    int i = off;
    for (; i <= end - L; i += L) {
      DoubleVector v = load(x, i);
      DoubleVector density = exp(v.mul(-0.5).mul(v)).mul(INV_SQRT_2PI);
      DoubleVector slope = v.fma(density, load(cdf, i));
      ((FloatVector) load(grad, i).mul(slope).convertShape(D2F, SF, 0)).intoArray(out, i);
    }
    GeluLoops.geluBackward(grad, x, cdf, out, i, end - i);
  }
}
