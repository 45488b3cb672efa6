package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.ErfMath;

/**
 * GELU, exact form {@code gelu(x) = x Phi(x)}, and its derivative {@code Phi(x) + x phi(x)} ({@code
 * Phi} the standard normal CDF, {@code phi} its density), lane by lane.
 *
 * <p>FLOAT64 takes {@code Phi(x) = erfc(-x/sqrt 2)/2} from {@link ErfMath}, accurate to a few
 * double ulps. FLOAT32 computes in double with Numerical Recipes' {@code erfcc} (Press et al., 2nd
 * ed., 6.2): {@code erfc(z) = t exp(-z^2 + P(t))}, {@code t = 1/(1 + z/2)}, {@code P} of degree 9,
 * fractional error below 1.2e-7 for every {@code z >= 0}, so also in the left tail where {@code 1 +
 * erf} cancels. {@code z^2 = x^2/2} is exact for a float {@code x}, the exponential is {@link
 * #exp}, and the one rounding to float comes last: {@code GeluLoopsTest} measures at most {@value
 * #FLOAT32_ULPS} float ulps from the exact value (ErfMath in double, rounded once) over a dense
 * sweep of {@code [-10, 10]} and the left tail, and {@value #FLOAT32_BACKWARD_ULPS} in the backward
 * rule (of its larger term; measured 3.13, from {@code Phi} as the forward pass saved it in float).
 * Only IEEE operations and {@link Math#fma} are used, in the order {@link VectorGeluLoops} uses
 * them, so both kernel sets and every JIT tier compute the same bits.
 *
 * <p>Specials follow the formula in IEEE arithmetic, as PyTorch does: {@code gelu(NaN) = NaN},
 * {@code gelu(inf) = inf}, {@code gelu(-inf) = -inf * 0 = NaN}, the left tail underflows to {@code
 * -0}; the derivative is NaN at both infinities ({@code inf * phi(inf) = inf * 0}).
 */
public final class GeluLoops {
  private GeluLoops() {}

  /** The measured bound of the FLOAT32 forward pass, in float ulps; tested. */
  static final int FLOAT32_ULPS = 2;

  /**
   * The measured bound of the FLOAT32 backward rule, in float ulps of its larger term {@code |g|
   * max(Phi(x), |x| phi(x))} (the two cancel near {@code x = -0.75}); tested.
   */
  static final int FLOAT32_BACKWARD_ULPS = 4;

  static final double INV_SQRT2 = 0.7071067811865476;
  static final double HALF_INV_SQRT2 = 0.3535533905932738;
  static final double INV_SQRT_2PI = 0.3989422804014327;

  // Numerical Recipes' erfcc: P(t) = C0 + t (C1 + t (C2 + ... + t C9))
  static final double C0 = -1.26551223;
  static final double C1 = 1.00002368;
  static final double C2 = 0.37409196;
  static final double C3 = 0.09678418;
  static final double C4 = -0.18628806;
  static final double C5 = 0.27886807;
  static final double C6 = -1.13520398;
  static final double C7 = 1.48851587;
  static final double C8 = -0.82215223;
  static final double C9 = 0.17087277;

  static final double LOG2E = 1.4426950408889634;
  // ln 2 in two parts (fdlibm's): LN2_HI has 32 significant bits, so n * LN2_HI is exact.
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  // 1.5 * 2^52: adding it rounds a double below 2^51 in magnitude to an integer, in the low bits.
  static final double ROUNDER = 6755399441055744.0;
  static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
  // Below this e^a is under 1e-55, which no float result can tell from 0 (|x| Phi(x) or |x| phi(x)
  // for |x| < 2^128): exp returns 0 there, so that -inf * Phi(-inf) is NaN as in the formula.
  static final double EXP_LO = -128;

  /**
   * {@code e^a} for {@code a <= 0}: 0 below {@link #EXP_LO}, NaN for NaN, else within 3e-10
   * relative (reduction by ln 2 to {@code |r| <= 0.35}, Taylor polynomial of degree 8).
   */
  static double exp(double a) {
    double c = a < EXP_LO ? EXP_LO : a;
    double t = Math.fma(c, LOG2E, ROUNDER);
    long n = Double.doubleToRawLongBits(t) - ROUNDER_BITS;
    double nf = t - ROUNDER;
    double r = Math.fma(nf, -LN2_HI, c);
    r = Math.fma(nf, -LN2_LO, r);
    double p = Math.fma(r, 1.0 / 40320, 1.0 / 5040);
    p = Math.fma(p, r, 1.0 / 720);
    p = Math.fma(p, r, 1.0 / 120);
    p = Math.fma(p, r, 1.0 / 24);
    p = Math.fma(p, r, 1.0 / 6);
    p = Math.fma(p, r, 0.5);
    p = Math.fma(p, r, 1.0);
    p = Math.fma(p, r, 1.0);
    double y = p * Double.longBitsToDouble((n + 1023) << 52);
    return a < EXP_LO ? 0.0 : y;
  }

  /** {@code Phi(x)} for a float {@code x}, as the FLOAT32 loops compute it. */
  static double cdf(double x) {
    double a = Math.abs(x);
    double t = 1.0 / Math.fma(a, HALF_INV_SQRT2, 1.0);
    double p = Math.fma(t, C9, C8);
    p = Math.fma(p, t, C7);
    p = Math.fma(p, t, C6);
    p = Math.fma(p, t, C5);
    p = Math.fma(p, t, C4);
    p = Math.fma(p, t, C3);
    p = Math.fma(p, t, C2);
    p = Math.fma(p, t, C1);
    p = Math.fma(p, t, C0);
    // half = Phi(-|x|) = erfc(|x|/sqrt 2)/2; -z^2 = (-x/2) x is exact
    double half = 0.5 * t * exp(Math.fma(-0.5 * a, a, p));
    return x < 0 ? half : 1.0 - half;
  }

  /** {@code Phi(x) + x phi(x)} for a float {@code x}, from {@code cdf = Phi(x)}. */
  static double slope(double x, double cdf) {
    double density = INV_SQRT_2PI * exp(-0.5 * x * x);
    return Math.fma(x, density, cdf);
  }

  /** {@code out[i] = gelu(x[i])}, {@code cdf[i] = Phi(x[i])} over {@code [off, off + len)}. */
  public static void gelu(float[] x, float[] out, float[] cdf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      double v = x[i];
      double c = cdf(v);
      out[i] = (float) (v * c);
      cdf[i] = (float) c;
    }
  }

  /**
   * {@code out[i] = grad[i] * gelu'(x[i])} over {@code [off, off + len)}, from {@code cdf[i] =
   * Phi(x[i])} as the forward loop saved it.
   */
  public static void geluBackward(
      float[] grad, float[] x, float[] cdf, float[] out, int off, int len) {
    for (int i = off; i < off + len; i++) {
      out[i] = (float) (grad[i] * slope(x[i], cdf[i]));
    }
  }

  /** {@code Phi(x) = erfc(-x/sqrt 2)/2} in double. */
  static double cdf64(double x) {
    return 0.5 * ErfMath.erfc(-x * INV_SQRT2);
  }

  /** {@code out[i] = gelu(x[i])}, {@code cdf[i] = Phi(x[i])}, FLOAT64. */
  public static void gelu(double[] x, double[] out, double[] cdf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      cdf[i] = cdf64(x[i]);
      out[i] = x[i] * cdf[i];
    }
  }

  /** {@code out[i] = grad[i] * gelu'(x[i])} from the saved {@code cdf[i] = Phi(x[i])}, FLOAT64. */
  public static void geluBackward(
      double[] grad, double[] x, double[] cdf, double[] out, int off, int len) {
    for (int i = off; i < off + len; i++) {
      double v = x[i];
      double density = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      out[i] = grad[i] * (cdf[i] + v * density);
    }
  }
}
