package dev.nabla.core.internal.kernels.elementwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.nabla.core.internal.kernels.Kernels;
import java.util.List;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two vector {@code tanh} kernels, the table of polynomials ({@link VectorTanh}) and the
 * exponential formula kept for narrower species ({@link VectorFloatUnaryLoops#tanhExp}), against
 * {@link StrictMath#tanh} (fdlibm, in double) rounded to float: within 1 ulp over a sample of every
 * float bit pattern, every interval edge of the table, and the special values.
 */
class VectorTanhTest {

  /** On the module path core reads the Vector API module only once Kernels has loaded it. */
  @BeforeAll
  static void loadTheVectorKernels() {
    Kernels.vectorLinalg();
  }

  // Instance fields: the Vector API is readable only after loadTheVectorKernels.
  private final UnaryOperator<FloatVector> TABLE = VectorTanh::tanh;
  private final UnaryOperator<FloatVector> EXP = VectorFloatUnaryLoops::tanhExp;

  /** Each table interval's first float, the float below it, and their negations. */
  private static float[] edges() {
    float[] x = new float[33 * 4];
    for (int k = 0; k <= 32; k++) {
      float edge = Float.intBitsToFloat(0x3d400000 + (k << 21));
      x[4 * k] = edge;
      x[4 * k + 1] = Math.nextDown(edge);
      x[4 * k + 2] = -edge;
      x[4 * k + 3] = -Math.nextDown(edge);
    }
    return x;
  }

  private static void assertWithinOneUlp(UnaryOperator<FloatVector> f, float[] x) {
    float[] got = VectorSamples.apply(f, x);
    long worst = 0;
    float worstX = 0;
    for (int i = 0; i < x.length; i++) {
      long d = VectorSamples.ulps(got[i], (float) StrictMath.tanh(x[i]));
      if (d > worst) {
        worst = d;
        worstX = x[i];
      }
    }
    assertThat(worst).as("largest error in ulps, at x = %s", worstX).isLessThanOrEqualTo(1);
  }

  @Test
  void tableIsWithinOneUlpOverASampleOfAllFloatsAndAtEveryIntervalEdge() {
    assumeThat(VectorTanh.AVAILABLE).as("16 float lanes (AVX-512)").isTrue();
    assertWithinOneUlp(TABLE, VectorSamples.sample());
    assertWithinOneUlp(TABLE, edges());
  }

  @Test
  void exponentialFormulaIsWithinOneUlpOverASampleOfAllFloats() {
    assertWithinOneUlp(EXP, VectorSamples.sample());
    assertWithinOneUlp(EXP, edges());
  }

  @Test
  void specialValues() {
    float tiny = Float.MIN_VALUE;
    float[] x = {
      0f,
      -0f,
      tiny,
      -tiny,
      1e-30f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      10f,
      9.999999f,
      16f,
      17f
    };
    for (UnaryOperator<FloatVector> f : VectorTanh.AVAILABLE ? List.of(TABLE, EXP) : List.of(EXP)) {
      float[] y = VectorSamples.apply(f, x);
      assertThat(Float.floatToRawIntBits(y[0])).isEqualTo(Float.floatToRawIntBits(0f));
      assertThat(Float.floatToRawIntBits(y[1])).isEqualTo(Float.floatToRawIntBits(-0f));
      assertThat(y[2]).isEqualTo(tiny);
      assertThat(y[3]).isEqualTo(-tiny);
      assertThat(y[4]).isEqualTo(1e-30f);
      assertThat(y[5]).isEqualTo(1f);
      assertThat(y[6]).isEqualTo(-1f);
      assertThat(y[7]).isNaN();
      assertThat(y[8]).isEqualTo(1f);
      assertThat(y[9]).isEqualTo(-1f);
      assertThat(y[10]).isEqualTo(1f);
      assertThat(y[11]).isEqualTo(1f);
      assertThat(y[12]).isEqualTo(1f);
      assertThat(y[13]).isEqualTo(1f);
    }
  }

  @Test
  void valuesFromTheDefinition() {
    assumeThat(VectorTanh.AVAILABLE).as("16 float lanes (AVX-512)").isTrue();
    // tanh x = (e^2x - 1) / (e^2x + 1), worked in double from Math.E.
    float[] x = {0.1f, 0.5f, 1f, 2f, 3f, 5f, -0.25f};
    float[] y = VectorSamples.apply(TABLE, x);
    for (int i = 0; i < x.length; i++) {
      double e2x = Math.pow(Math.E, 2.0 * x[i]);
      float want = (float) ((e2x - 1) / (e2x + 1));
      assertThat(VectorSamples.ulps(y[i], want))
          .as("tanh(%s) = %s, want %s", x[i], y[i], want)
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void isOdd() {
    assumeThat(VectorTanh.AVAILABLE).as("16 float lanes (AVX-512)").isTrue();
    float[] x = VectorSamples.sample();
    float[] neg = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      neg[i] = -x[i];
    }
    float[] a = VectorSamples.apply(TABLE, x);
    float[] b = VectorSamples.apply(TABLE, neg);
    for (int i = 0; i < x.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(-b[i])) {
        throw new AssertionError("tanh(-x) != -tanh(x) at x = " + x[i]);
      }
    }
  }
}
