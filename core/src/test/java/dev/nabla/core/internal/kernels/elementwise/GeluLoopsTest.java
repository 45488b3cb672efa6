package dev.nabla.core.internal.kernels.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.ErfMath;
import dev.nabla.core.internal.kernels.ElementwiseKernels;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 GELU kernels against the exact value, {@code x Phi(x)} with {@code Phi(x) = erfc(-x /
 * sqrt 2) / 2} from {@link ErfMath} in double (itself checked against Abramowitz and Stegun's
 * tables by {@code ErfGeluTest}), rounded once to float; and the plain and Vector kernels against
 * each other, bit for bit.
 */
class GeluLoopsTest {

  @BeforeAll
  static void loadTheVectorKernels() {
    Kernels.vectorLinalg();
  }

  private static final ElementwiseKernels PLAIN = Kernels.plainElementwise();
  private static final ElementwiseKernels VECTOR = Kernels.vectorElementwise();

  private static double cdf(double x) {
    return 0.5 * ErfMath.erfc(-x / Math.sqrt(2));
  }

  /** {@code Phi(x) + x phi(x)} in double. */
  private static double slope(double x) {
    return cdf(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  /** Every float step of 2^-19 over [-10, 10] (about 10^7 / 2.6), the edges and the left tail. */
  private static float[] sweep() {
    int n = 4_000_001;
    float[] x = new float[n + 20_001];
    for (int i = 0; i < n; i++) {
      x[i] = -10f + 20f * i / (n - 1);
    }
    // the left tail, down to where x Phi(x) underflows to -0 in float
    for (int i = 0; i <= 20_000; i++) {
      x[n + i] = -15f + 5f * i / 20_000;
    }
    return x;
  }

  private static float[] forward(ElementwiseKernels k, float[] x) {
    float[] out = new float[x.length];
    k.gelu(x, out, new float[x.length], 0, x.length);
    return out;
  }

  /** The gradient through the kernel's own forward pass, which saves Phi(x) for it. */
  private static float[] backward(ElementwiseKernels k, float[] g, float[] x) {
    float[] cdf = new float[x.length];
    k.gelu(x, new float[x.length], cdf, 0, x.length);
    float[] out = new float[x.length];
    k.geluBackward(g, x, cdf, out, 0, x.length);
    return out;
  }

  @Test
  void forwardIsWithinTwoUlpsOfTheExactValueOnBothKernelSetsWhichAgreeBitForBit() {
    float[] x = sweep();
    float[] plain = forward(PLAIN, x);
    float[] vector = forward(VECTOR, x);
    long worst = 0;
    for (int i = 0; i < x.length; i++) {
      float want = (float) (x[i] * cdf(x[i]));
      long d = VectorSamples.ulps(plain[i], want);
      assertThat(d)
          .as("ulps at x = %s: %s against %s", x[i], plain[i], want)
          .isLessThanOrEqualTo(GeluLoops.FLOAT32_ULPS);
      assertThat(Float.floatToRawIntBits(vector[i]))
          .as("vector against plain at x = %s: %s, %s", x[i], vector[i], plain[i])
          .isEqualTo(Float.floatToRawIntBits(plain[i]));
      worst = Math.max(worst, d);
    }
    System.out.println("GeluLoopsTest: forward worst " + worst + " ulps over " + x.length);
  }

  @Test
  void backwardIsWithinFourUlpsOfItsLargerTermAndBothKernelSetsAgreeBitForBit() {
    float[] x = sweep();
    float[] g = new float[x.length];
    SplittableRandom r = new SplittableRandom(13);
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) r.nextDouble(-2, 2);
    }
    float[] plain = backward(PLAIN, g, x);
    float[] vector = backward(VECTOR, g, x);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      double want = g[i] * slope(v);
      // Phi(x) + x phi(x) cancels near x = -0.75, where it crosses 0: the error is measured in
      // ulps of the larger term, |g| max(Phi, |x| phi), rather than of the result
      double scale =
          Math.abs(g[i])
              * Math.max(cdf(v), Math.abs(v) * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI));
      double err = Math.abs(plain[i] - want) / Math.ulp((float) scale);
      assertThat(err)
          .as("ulps at x = %s: %s against %s", x[i], plain[i], want)
          .isLessThanOrEqualTo(GeluLoops.FLOAT32_BACKWARD_ULPS);
      assertThat(Float.floatToRawIntBits(vector[i]))
          .as("vector against plain at x = %s", x[i])
          .isEqualTo(Float.floatToRawIntBits(plain[i]));
      worst = Math.max(worst, err);
    }
    System.out.println("GeluLoopsTest: backward worst " + worst + " ulps over " + x.length);
  }

  @Test
  void specialValuesFollowTheFormulaInIeeeArithmeticAsPytorch() {
    // torch 1.13: gelu([-inf, inf, nan, -20, 3e38, -3e38]) = [nan, inf, nan, 0, 3e38, 0]; its
    // gradient there: [nan, nan, nan, 0, 1, 0]
    float[] x = {
      Float.NEGATIVE_INFINITY,
      Float.POSITIVE_INFINITY,
      Float.NaN,
      -20f,
      3e38f,
      -3e38f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      1e-30f,
      -1e-30f,
      10f,
      -13.9f
    };
    float[] y = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NaN,
      -0f,
      3e38f,
      -0f,
      Float.MAX_VALUE,
      -0f,
      0f,
      -0f,
      // x/2 is a tie between 0 and the denormal: within the ulp bound as any other value
      0f,
      -0f,
      5e-31f,
      -5e-31f,
      10f,
      (float) (-13.9 * cdf(-13.9))
    };
    float[] gy = {Float.NaN, Float.NaN, Float.NaN, 0f, 1f, 0f, 1f, 0f};
    float[] ones = new float[x.length];
    Arrays.fill(ones, 1f);
    for (ElementwiseKernels k : new ElementwiseKernels[] {PLAIN, VECTOR}) {
      // a whole vector's worth as well as the scalar tail
      float[] xs = repeat(x);
      float[] got = forward(k, xs);
      float[] grad = backward(k, repeat(ones), xs);
      for (int i = 0; i < xs.length; i++) {
        int j = i % x.length;
        if (Math.abs(x[j]) > 0 && Math.abs(x[j]) < 20) {
          assertThat(VectorSamples.ulps(got[i], y[j]))
              .as("gelu(%s) = %s, expected %s", x[j], got[i], y[j])
              .isLessThanOrEqualTo(GeluLoops.FLOAT32_ULPS);
        } else {
          assertThat(Float.floatToIntBits(got[i]))
              .as("gelu(%s) = %s, expected %s", x[j], got[i], y[j])
              .isEqualTo(Float.floatToIntBits(y[j]));
        }
        if (j < gy.length) {
          assertThat(Float.floatToIntBits(grad[i]))
              .as("gelu'(%s) = %s, expected %s", x[j], grad[i], gy[j])
              .isEqualTo(Float.floatToIntBits(gy[j]));
        }
      }
    }
  }

  private static float[] repeat(float[] x) {
    float[] out = new float[x.length * 5];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i % x.length];
    }
    return out;
  }
}
