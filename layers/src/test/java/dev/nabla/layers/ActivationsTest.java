package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {
  private static final double[] XS = {-3, -1.5, -0.2, 0.4, 1, 2.5};

  private static void assertElementwise(Module m, DoubleUnaryOperator f) {
    double[] expected = new double[XS.length];
    for (int i = 0; i < XS.length; i++) {
      expected[i] = f.applyAsDouble(XS[i]);
    }
    Tensor y = m.to(DType.FLOAT64).apply(Tensor.of(XS, 2, 3));
    assertThat(y.shape()).containsExactly(2, 3);
    assertClose(y.toDoubleArray(), expected, 1e-15);
  }

  @Test
  void elementwiseActivationsMatchJavaMath() {
    assertElementwise(new Tanh(), Math::tanh);
    assertElementwise(new Sigmoid(), x -> 1 / (1 + Math.exp(-x)));
    assertElementwise(new ReLU(), x -> Math.max(x, 0));
    assertElementwise(new LeakyReLU(), x -> x > 0 ? x : 0.01 * x);
    assertElementwise(new LeakyReLU(0.2), x -> x > 0 ? x : 0.2 * x);
  }

  @Test
  void softmaxRowsArePositiveAndSumToOne() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
    Tensor y = new Softmax(1).apply(x);
    double e = Math.E, z = 1 + e + e * e;
    double third = 1 / 3.0;
    assertClose(
        y.toDoubleArray(), new double[] {1 / z, e / z, e * e / z, third, third, third}, 1e-15);
    // Along axis 0: each column of [[1 2 3] [0 0 0]] is softmax of (v, 0).
    Tensor cols = new Softmax(0).apply(x);
    assertThat(cols.toDoubleArray()[0]).isCloseTo(e / (e + 1), within(1e-15));
  }

  @Test
  void logSoftmaxIsTheLogOfSoftmax() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
    double[] ls = new LogSoftmax(-1).apply(x).toDoubleArray();
    double[] expected = new double[6];
    for (int r = 0; r < 2; r++) {
      double z = 0;
      for (int c = 0; c < 3; c++) {
        z += Math.exp(x.toDoubleArray()[r * 3 + c]);
      }
      for (int c = 0; c < 3; c++) {
        expected[r * 3 + c] = x.toDoubleArray()[r * 3 + c] - Math.log(z);
      }
    }
    assertClose(ls, expected, 1e-14);
    assertThat(new LogSoftmax().axis()).isEqualTo(-1);
  }

  @Test
  void gradCheckEveryActivation() {
    Tensor x = randn64(3L, 3, 4);
    assertModuleGradients(new Tanh(), x);
    assertModuleGradients(new Sigmoid(), x);
    assertModuleGradients(new ReLU(), x);
    assertModuleGradients(new LeakyReLU(0.1), x);
    assertModuleGradients(new Softmax(1), x);
    assertModuleGradients(new Softmax(0), x);
    assertModuleGradients(new LogSoftmax(1), x);
    assertModuleGradients(new LogSoftmax(-2), randn64(4L, 2, 3, 2));
    assertModuleGradients(new Tanh(), Tensor.scalar(0.3));
  }

  @Test
  void float32StaysFloat32() {
    Tensor y = new Sigmoid().apply(Tensor.zeros(2, 2));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.toFloatArray()).containsOnly(0.5f);
  }

  @Test
  void softmaxRejectsAnAxisOutOfRange() {
    assertThatThrownBy(() -> new Softmax(2).apply(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Softmax(axis=2): axis 2 is out of range for input [2, 3] of rank 2 "
                + "(expected -2 to 1)");
    assertThatThrownBy(() -> new LogSoftmax(-3).apply(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LogSoftmax(axis=-3): axis -3 is out of range for input [2, 3] of rank 2 "
                + "(expected -2 to 1)");
    assertThatThrownBy(() -> new Softmax().apply(Tensor.scalar(1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Softmax(axis=-1): axis -1 is out of range for input [] of rank 0");
  }

  @Test
  void activationsRejectIntegerInputNamingTheLayer() {
    assertThatThrownBy(() -> new ReLU().apply(Tensor.arange(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ReLU: input [3] is INT32, expected FLOAT32 or FLOAT64");
    assertThatThrownBy(() -> new Tanh().apply(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tanh: input must not be null");
    assertThatThrownBy(() -> new LeakyReLU(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LeakyReLU: slope must be finite, got NaN");
  }

  @Test
  void reprsArePytorchLike() {
    assertThat(new Tanh()).hasToString("Tanh()");
    assertThat(new Sigmoid()).hasToString("Sigmoid()");
    assertThat(new ReLU()).hasToString("ReLU()");
    assertThat(new LeakyReLU()).hasToString("LeakyReLU(slope=0.01)");
    assertThat(new Softmax(1)).hasToString("Softmax(axis=1)");
    assertThat(new LogSoftmax(1)).hasToString("LogSoftmax(axis=1)");
  }
}
