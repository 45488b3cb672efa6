package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
  private static final int[] SHAPE = {200, 300};
  private static final int FAN_IN = 200;
  private static final int FAN_OUT = 300;

  private static double[] draw(Init init, long seed) {
    Tensor t = init.create(SHAPE.clone(), FAN_IN, FAN_OUT, seed);
    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.shape()).containsExactly(SHAPE);
    return t.toDoubleArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(double[] v) {
    double m = mean(v), s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /**
   * Values within [-bound, bound], reaching near both ends, with the std of U(-b, b): b/sqrt(3).
   */
  private static void assertUniform(double[] v, double bound) {
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assertThat(min).isGreaterThanOrEqualTo(-bound).isLessThan(-0.99 * bound);
    assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
    assertThat(std(v)).isCloseTo(bound / Math.sqrt(3), within(0.01 * bound));
    assertThat(mean(v)).isCloseTo(0, within(0.01 * bound));
  }

  /** Sample std within 2% of the formula (60,000 draws: the sampling error is about 0.3%). */
  private static void assertNormal(double[] v, double expectedStd) {
    assertThat(std(v)).isCloseTo(expectedStd, within(0.02 * expectedStd));
    assertThat(mean(v)).isCloseTo(0, within(0.02 * expectedStd));
  }

  @Test
  void xavierUniformBoundIsGainTimesSqrtSixOverFanSum() {
    assertUniform(draw(Init.xavierUniform(), 1L), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
    assertUniform(
        draw(Init.xavierUniform(Nonlinearity.TANH.gain()), 2L),
        5.0 / 3.0 * Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
  }

  @Test
  void xavierNormalStdIsGainTimesSqrtTwoOverFanSum() {
    assertNormal(draw(Init.xavierNormal(), 3L), Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
    assertNormal(draw(Init.xavierNormal(2.0), 4L), 2 * Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
  }

  @Test
  void kaimingUniformBoundIsGainTimesSqrtThreeOverFanIn() {
    assertUniform(
        draw(Init.kaimingUniform(Nonlinearity.RELU), 5L), Math.sqrt(2) * Math.sqrt(3.0 / FAN_IN));
    assertUniform(draw(Init.kaimingUniform(Nonlinearity.LINEAR), 6L), Math.sqrt(3.0 / FAN_IN));
    double leaky = Math.sqrt(2.0 / (1 + 0.2 * 0.2));
    assertUniform(
        draw(Init.kaimingUniform(Nonlinearity.LEAKY_RELU, 0.2), 7L),
        leaky * Math.sqrt(3.0 / FAN_IN));
  }

  @Test
  void kaimingNormalStdIsGainOverSqrtFanIn() {
    assertNormal(draw(Init.kaimingNormal(Nonlinearity.RELU), 8L), Math.sqrt(2) / Math.sqrt(FAN_IN));
    assertNormal(draw(Init.kaimingNormal(Nonlinearity.TANH), 9L), 5.0 / 3.0 / Math.sqrt(FAN_IN));
    assertNormal(
        draw(Init.kaimingNormal(Nonlinearity.LEAKY_RELU, 0.1), 10L),
        Math.sqrt(2.0 / 1.01) / Math.sqrt(FAN_IN));
  }

  @Test
  void pytorchDefaultIsUniformOverOneOverSqrtFanInWhichIsKaimingUniformWithASqrtFive() {
    assertUniform(draw(Init.pytorchDefault(), 11L), 1 / Math.sqrt(FAN_IN));
    // kaiming_uniform_(a = sqrt 5): gain sqrt(2 / 6), bound gain * sqrt(3 / fanIn) = 1/sqrt(fanIn).
    double[] viaKaiming = draw(Init.kaimingUniform(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 11L);
    double[] direct = draw(Init.pytorchDefault(), 11L);
    for (int i = 0; i < direct.length; i++) {
      assertThat(viaKaiming[i]).isCloseTo(direct[i], within(1e-7));
    }
  }

  @Test
  void constantZerosUniformAndNormal() {
    assertThat(draw(Init.zeros(), 1L)).containsOnly(0.0);
    assertThat(draw(Init.constant(0.25), 1L)).containsOnly(0.25);
    assertUniform(draw(Init.uniform(-0.5, 0.5), 12L), 0.5);
    double[] shifted = draw(Init.uniform(2, 3), 13L);
    assertThat(mean(shifted)).isCloseTo(2.5, within(0.01));
    double[] n = draw(Init.normal(1.5, 0.2), 14L);
    assertThat(mean(n)).isCloseTo(1.5, within(0.01));
    assertThat(std(n)).isCloseTo(0.2, within(0.004));
  }

  @Test
  void uniformDrawsTheSameNumbersAsTensorUniform() {
    assertThat(Init.uniform(-0.5, 0.5).create(new int[] {4, 5}, 4, 5, 3L).toFloatArray())
        .isEqualTo(Tensor.uniform(3L, -0.5f, 0.5f, 4, 5).toFloatArray());
  }

  @Test
  void sameSeedGivesBitIdenticalValuesAndAnotherSeedOthers() {
    Init[] inits = {
      Init.uniform(-1, 1),
      Init.normal(0, 1),
      Init.xavierUniform(),
      Init.xavierNormal(),
      Init.kaimingUniform(Nonlinearity.RELU),
      Init.kaimingNormal(Nonlinearity.RELU),
      Init.pytorchDefault()
    };
    for (Init init : inits) {
      float[] a = init.create(new int[] {30, 20}, 30, 20, 77L).toFloatArray();
      float[] b = init.create(new int[] {30, 20}, 30, 20, 77L).toFloatArray();
      float[] c = init.create(new int[] {30, 20}, 30, 20, 78L).toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(Float.floatToRawIntBits(b[i]))
            .as("%s element %d", init, i)
            .isEqualTo(Float.floatToRawIntBits(a[i]));
      }
      assertThat(c).as(init.toString()).isNotEqualTo(a);
    }
  }

  @Test
  void gainsMatchCalculateGain() {
    assertThat(Nonlinearity.LINEAR.gain()).isEqualTo(1.0);
    assertThat(Nonlinearity.SIGMOID.gain()).isEqualTo(1.0);
    assertThat(Nonlinearity.TANH.gain()).isEqualTo(5.0 / 3.0);
    assertThat(Nonlinearity.RELU.gain()).isEqualTo(Math.sqrt(2.0));
    assertThat(Nonlinearity.LEAKY_RELU.gain()).isEqualTo(Math.sqrt(2.0 / (1 + 0.01 * 0.01)));
    assertThat(Nonlinearity.LEAKY_RELU.gain(0)).isEqualTo(Math.sqrt(2.0));
    assertThat(Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)))
        .isCloseTo(Math.sqrt(1 / 3.0), within(1e-15));
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Init.uniform(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Init.uniform: expected low <= high, got low=1.0, high=-1.0");
    assertThatThrownBy(() -> Init.uniform(Double.NEGATIVE_INFINITY, 0))
        .hasMessage("Init.uniform: expected a finite low, got -Infinity");
    assertThatThrownBy(() -> Init.normal(0, -1))
        .hasMessage("Init.normal: expected std >= 0, got -1.0");
    assertThatThrownBy(() -> Init.constant(Double.NaN))
        .hasMessage("Init.constant: expected a finite value, got NaN");
    assertThatThrownBy(() -> Init.xavierUniform(Double.POSITIVE_INFINITY))
        .hasMessage("Init.xavierUniform: expected a finite gain, got Infinity");
    assertThatThrownBy(() -> Init.kaimingNormal(null))
        .hasMessage("Init: nonlinearity must not be null");
    assertThatThrownBy(() -> Init.kaimingUniform(Nonlinearity.RELU).create(new int[] {2}, 0, 2, 1L))
        .hasMessage("Init.kaimingUniform: fanIn must be >= 1, got 0");
    assertThatThrownBy(() -> Init.xavierNormal().create(new int[] {2}, 2, 0, 1L))
        .hasMessage("Init.xavierNormal: fanOut must be >= 1, got 0");
    assertThatThrownBy(() -> Init.pytorchDefault().create(new int[] {2}, -1, 2, 1L))
        .hasMessage("Init.pytorchDefault: fanIn must be >= 1, got -1");
    assertThatThrownBy(() -> Nonlinearity.TANH.gain(0.1))
        .hasMessage(
            "Nonlinearity.gain: TANH takes no parameter; only LEAKY_RELU has a negative "
                + "slope (got 0.1)");
    assertThatThrownBy(() -> Nonlinearity.LEAKY_RELU.gain(Double.NaN))
        .hasMessage("Nonlinearity.gain: expected a finite negative slope, got NaN");
  }

  @Test
  void initialisersDescribeThemselves() {
    assertThat(Init.uniform(-0.5, 0.5)).hasToString("uniform(-0.5, 0.5)");
    assertThat(Init.zeros()).hasToString("zeros()");
    assertThat(Init.kaimingNormal(Nonlinearity.RELU)).hasToString("kaimingNormal(RELU)");
    assertThat(Init.pytorchDefault()).hasToString("pytorchDefault()");
  }
}
