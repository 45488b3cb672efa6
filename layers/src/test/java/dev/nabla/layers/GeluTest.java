package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class GeluTest {
  /** The standard normal CDF P(x) from Abramowitz and Stegun, Table 26.1 (15 decimals). */
  private static final double P05 = 0.691462461274013;

  private static final double P1 = 0.841344746068543;
  private static final double P2 = 0.977249868051821;
  private static final double P3 = 0.998650101968370;

  private static final double[] XS = {-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3};

  /** gelu(x) = x P(x), with P(-x) = 1 - P(x). */
  private static final double[] EXPECTED = {
    -3 * (1 - P3), -2 * (1 - P2), -(1 - P1), -0.5 * (1 - P05), 0, 0.5 * P05, P1, 2 * P2, 3 * P3
  };

  @Test
  void geluIsXTimesTheNormalCdfInFloat64() {
    Tensor y = new GELU().to(DType.FLOAT64).apply(Tensor.of(XS, XS.length));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
    assertClose(y.toDoubleArray(), EXPECTED, 5e-15);
  }

  @Test
  void geluInFloat32IsWithinTwoUlpsOfTheDoubleValue() {
    float[] xs = new float[XS.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) XS[i];
    }
    Tensor y = new GELU().apply(Tensor.of(xs, 3, 3));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.shape()).containsExactly(3, 3);
    float[] got = y.toFloatArray();
    for (int i = 0; i < xs.length; i++) {
      float want = (float) EXPECTED[i];
      // Within two float ulps, the stated bound of the FLOAT32 kernel (an erfc approximation, see
      // GeluLoops); the 1% slack is for the table value, itself only good to 15 decimals.
      assertThat(got[i]).as("gelu(%s)", xs[i]).isCloseTo(want, within(Math.ulp(want) * 2.02f));
    }
  }

  @Test
  void derivativeIsCdfPlusXTimesDensity() {
    // d/dx x P(x) = P(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi); at 0 it is 1/2.
    Tensor x = Tensor.of(new double[] {-2, 0, 1}, 3).requiresGrad(true);
    new GELU().apply(x).sum().backward();
    double phi1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
    double phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    assertClose(
        x.grad().toDoubleArray(), new double[] {(1 - P2) - 2 * phi2, 0.5, P1 + phi1}, 1e-14);
  }

  @Test
  void gradCheckOverBothTailsAndTheMiddle() {
    Tensor x = Tensor.of(new double[] {-7, -4.5, -2.2, -1.1, -0.3, 0.2, 0.9, 1.6, 3.3, 6}, 2, 5);
    assertModuleGradients(new GELU(), x);
    assertModuleGradients(new GELU(), LayerAssert.randn64(5L, 3, 1, 4));
    assertModuleGradients(new GELU(), Tensor.scalar(0.7));
  }

  @Test
  void leftTailIsTinyAndNegativeNotZero() {
    double y = new GELU().to(DType.FLOAT64).apply(Tensor.scalar(-10.0)).item();
    // -10 P(-10) = -10 * 7.619853024160527e-24 (normal tail).
    assertThat(y).isCloseTo(-7.619853024160527e-23, within(1e-36));
  }

  @Test
  void rejectsIntegerInput() {
    assertThatThrownBy(() -> new GELU().apply(Tensor.of(new int[] {1, 2}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GELU: input [2] is INT32, expected FLOAT32 or FLOAT64");
  }

  @Test
  void theOpItselfRejectsIntegerInputWhenForwardIsCalledDirectly() {
    assertThatThrownBy(() -> new GELU().forward(Tensor.of(new int[] {1, 2}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gelu: expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }

  @Test
  void reprIsPytorchLike() {
    assertThat(new GELU()).hasToString("GELU()");
  }
}
