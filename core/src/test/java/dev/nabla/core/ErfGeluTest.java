package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#erf} and {@link Tensor#gelu}: known values, OpCheck in both dtypes and kernel sets,
 * gradients.
 */
class ErfGeluTest {

  /** erf x from Abramowitz and Stegun, Table 7.1 (15 decimals). */
  private static final double[][] AS_TABLE_7_1 = {
    {0.10, 0.112462916018285},
    {0.50, 0.520499877813047},
    {1.00, 0.842700792949715},
    {1.50, 0.966105146475311},
    {2.00, 0.995322265018953},
  };

  @Test
  void erfMatchesAbramowitzStegunInFloat64AndIsOdd() {
    double[] x = new double[2 * AS_TABLE_7_1.length];
    for (int i = 0; i < AS_TABLE_7_1.length; i++) {
      x[2 * i] = AS_TABLE_7_1[i][0];
      x[2 * i + 1] = -AS_TABLE_7_1[i][0];
    }
    double[] y = Tensor.of(x, x.length).erf().toDoubleArray();
    for (int i = 0; i < AS_TABLE_7_1.length; i++) {
      assertThat(y[2 * i]).as("erf(%s)", x[2 * i]).isCloseTo(AS_TABLE_7_1[i][1], within(1.5e-15));
      assertThat(y[2 * i + 1]).as("erf(%s)", x[2 * i + 1]).isEqualTo(-y[2 * i]);
    }
    assertThat(Tensor.of(new float[] {1f}, 1).erf().toFloatArray()).containsExactly(0.84270079f);
  }

  @Test
  void erfAndGeluPassOpCheck() {
    // the reference is ErfMath (checked against Abramowitz-Stegun and 40-digit values in
    // ErfMathTest):
    // what OpCheck adds is the tensor plumbing in both dtypes and kernel sets, and the gradients
    OpCheck.unary("erf", Tensor::erf, v -> dev.nabla.core.internal.ErfMath.erf(v))
        .domain(-3, 3)
        .check();
    OpCheck.unary(
            "gelu",
            Tensor::gelu,
            v -> v * 0.5 * dev.nabla.core.internal.ErfMath.erfc(-v / Math.sqrt(2)))
        .domain(-5, 5)
        .check();
  }

  @Test
  void erfGradientIsTwoOverRootPiTimesTheGaussian() {
    Tensor x = Tensor.of(new double[] {-1.5, 0, 0.7}, 3).requiresGrad(true);
    x.erf().sum().backward();
    double[] g = x.grad().toDoubleArray();
    for (int i = 0; i < 3; i++) {
      double v = x.toDoubleArray()[i];
      assertThat(g[i]).isCloseTo(2 / Math.sqrt(Math.PI) * Math.exp(-v * v), within(1e-15));
    }
  }

  @Test
  void geluLeftTailIsTinyAndNegativeNotZero() {
    // -10 Phi(-10) = -10 * 7.619853024160527e-24 (normal tail)
    assertThat(Tensor.scalar(-10.0).gelu().item()).isCloseTo(-7.619853024160527e-23, within(1e-36));
  }

  @Test
  void integerInputIsRejectedNamingTheOp() {
    assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}, 2).erf())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("erf: expected a FLOAT32 or FLOAT64 tensor, got INT32");
    assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}, 2).gelu())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gelu: expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }
}
