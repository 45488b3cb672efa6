package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision {@code e^x} and {@code ln x} built from IEEE additions, multiplications, fused
 * multiply-adds and bit operations only, so that every tier of the JVM computes the same bits.
 *
 * <p>The Vector API's {@code lanewise(EXP)} and {@code lanewise(LOG)} do not: interpreted, or
 * compiled by C1, they call {@link Math#exp} lane by lane; compiled by C2 they call SVML, which
 * rounds differently in the last bit. A program's result then depended on when the JIT compiled its
 * loops: a training run resumed from a checkpoint ended with other weights than the same run left
 * uninterrupted (on AVX2, where {@code tanh} goes through {@code e^x}). The formulas here are
 * Cephes' {@code expf} and {@code logf} (range reduction by ln 2, then a minimax polynomial),
 * written with fused multiply-adds, which {@code Math.fma} and the instruction compute alike:
 * within 1 ulp of {@link Math#exp} and {@link Math#log} rounded to float (measured by {@code
 * VectorMathTest} over a million floats spread over every bit pattern and two million dense ones).
 */
final class VectorMath {
  private VectorMath() {}

  private static final VectorSpecies<Integer> SI = S.withLanes(int.class);

  private static final float LOG2E = 1.44269504088896341f;
  // ln 2 in two parts: LN2_HI has 8 significant bits, so n * LN2_HI is exact for |n| <= 2^16.
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  // 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer (to nearest even),
  // which then stands in the low bits of the sum.
  private static final float ROUNDER = 12582912f;
  // e^x overflows above ln(MAX_VALUE) = 88.72284 and is below half the smallest denormal under
  // -103.97208; clamping to these keeps 2^n within what two normal factors can represent.
  private static final float EXP_HI = 89f;
  private static final float EXP_LO = -104f;

  /** {@code e^x} lane by lane; {@code e^NaN} is NaN, {@code e^-inf = 0}, {@code e^inf = inf}. */
  static FloatVector exp(FloatVector x) {
    // Compare and blend: cheaper than max/min, which keep Java's NaN and signed-zero rules. A NaN
    // compares false, stays, and propagates through the arithmetic below to a NaN result.
    FloatVector c = x.blend(EXP_LO, x.compare(LT, EXP_LO));
    c = c.blend(EXP_HI, c.compare(VectorOperators.GT, EXP_HI));
    FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER));
    IntVector n = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
    FloatVector nf = t.sub(ROUNDER);
    FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), c);
    r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
    p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    // 2^n as two normal factors 2^(n/2) 2^(n - n/2): n runs from -150 to 128, beyond one float's
    // exponent range. The first product is exact; the second rounds once, into the denormals or to
    // infinity where the true result lies there.
    IntVector half = n.lanewise(VectorOperators.ASHR, 1);
    FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = n.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(s1).mul(s2);
  }

  private static final float SQRT_HALF = 0.707106781186547524f;

  /**
   * {@code ln x} lane by lane; {@code ln 0 = -inf}, {@code ln inf = inf}, and NaN for a negative or
   * NaN {@code x}. Denormal inputs are scaled by 2^25 before their exponent is read.
   */
  static FloatVector log(FloatVector x) {
    VectorMask<Float> tiny = x.compare(LT, Float.MIN_NORMAL);
    FloatVector v = x.blend(x.mul(33554432f), tiny);
    IntVector bits = v.reinterpretAsInts();
    // x = m 2^e with m in [0.5, 1)
    IntVector e = bits.lanewise(LSHR, 23).and(0xff).sub(126);
    e = e.sub(IntVector.zero(SI).blend(25, tiny.cast(SI)));
    FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
    VectorMask<Float> low = m.compare(LT, SQRT_HALF);
    // m in [sqrt(1/2), sqrt(2)) after doubling the low ones; f = m - 1
    FloatVector f = m.add(m.blend(0f, low.not())).sub(1f);
    FloatVector fe = ((FloatVector) e.convert(I2F, 0)).sub(FloatVector.zero(S).blend(1f, low));
    FloatVector z = f.mul(f);
    FloatVector p = f.fma(7.0376836292e-2f, -1.1514610310e-1f);
    p = p.fma(f, FloatVector.broadcast(S, 1.1676998740e-1f));
    p = p.fma(f, FloatVector.broadcast(S, -1.2420140846e-1f));
    p = p.fma(f, FloatVector.broadcast(S, 1.4249322787e-1f));
    p = p.fma(f, FloatVector.broadcast(S, -1.6668057665e-1f));
    p = p.fma(f, FloatVector.broadcast(S, 2.0000714765e-1f));
    p = p.fma(f, FloatVector.broadcast(S, -2.4999993993e-1f));
    p = p.fma(f, FloatVector.broadcast(S, 3.3333331174e-1f));
    FloatVector y = p.mul(f).mul(z);
    y = fe.fma(FloatVector.broadcast(S, LN2_LO), y);
    y = z.fma(FloatVector.broadcast(S, -0.5f), y);
    FloatVector out = f.add(y);
    out = fe.fma(FloatVector.broadcast(S, LN2_HI), out);
    return out.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
        .blend(Float.NaN, x.compare(LT, 0f))
        .blend(x, x.test(IS_NAN).or(x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY)));
  }
}
