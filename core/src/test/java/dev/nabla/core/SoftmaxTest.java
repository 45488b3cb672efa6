package dev.nabla.core;

import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Softmax and LogSoftmax: values and gradients through {@link OpCheck}, stability, backward by
 * hand, errors.
 */
class SoftmaxTest {

  /**
   * exp(x) / sum(exp(x)) along {@code axis} of a row-major tensor, straight from the definition (no
   * max subtraction: the inputs here are small), or its log when {@code log}.
   */
  private static double[] reference(double[] x, int[] shape, int axis, boolean log) {
    int outer = 1, inner = 1, n = shape[axis];
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    double[] y = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int q = 0; q < inner; q++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += Math.exp(x[(o * n + i) * inner + q]);
        }
        for (int i = 0; i < n; i++) {
          int at = (o * n + i) * inner + q;
          y[at] = log ? x[at] - Math.log(sum) : Math.exp(x[at]) / sum;
        }
      }
    }
    return y;
  }

  private static Tensor f32(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  private static void assertClose(double[] actual, double[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], within(tol));
    }
  }

  @Test
  void
      softmaxAndLogSoftmaxMatchTheDefinitionAlongEveryAxisInBothDtypesAndKernelSetsWithGradients() {
    for (int[] shape : new int[][] {{2, 3, 4}, {5}, {3, 1}, {1, 3}, {3, 37}}) {
      for (int axis = -shape.length; axis < shape.length; axis++) {
        int a = axis;
        int pos = axis < 0 ? axis + shape.length : axis;
        OpCheck.of(
                "softmax(" + a + ")",
                in -> in[0].softmax(a),
                in -> new OpCheck.Array(shape, reference(in[0].values(), shape, pos, false)))
            .shapes(shape)
            .check();
        OpCheck.of(
                "logSoftmax(" + a + ")",
                in -> in[0].logSoftmax(a),
                in -> new OpCheck.Array(shape, reference(in[0].values(), shape, pos, true)))
            .shapes(shape)
            .check();
      }
    }
    OpCheck.unary("softmax(0) of 0-d", x -> x.softmax(0), v -> 1).shapes(new int[0]).check();
    OpCheck.unary("logSoftmax(-1) of 0-d", x -> x.logSoftmax(-1), v -> 0)
        .shapes(new int[0])
        .check();
  }

  @Test
  void softmaxAndLogSoftmaxMatchTheDefinitionAlongEveryAxis() {
    int[] shape = {2, 3, 4};
    Tensor x = randn64(1, shape);
    double[] xv = x.toDoubleArray();
    for (int axis = 0; axis < 3; axis++) {
      double[] soft = reference(xv, shape, axis, false);
      double[] logSoft = reference(xv, shape, axis, true);
      Tensor y = x.softmax(axis);
      assertThat(y.shape()).containsExactly(shape);
      assertClose(y.toDoubleArray(), soft, 1e-14);
      assertClose(x.softmax(axis - 3).toDoubleArray(), soft, 1e-14);
      assertClose(x.logSoftmax(axis).toDoubleArray(), logSoft, 1e-14);
      Tensor y32 = f32(x).softmax(axis);
      assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
      assertClose(y32.toDoubleArray(), soft, 1e-6);
      assertClose(f32(x).logSoftmax(axis).toDoubleArray(), logSoft, 1e-5);
    }
  }

  @Test
  void softmaxOfTwoValuesIsTheLogisticByHand() {
    // softmax([0, ln 3]) = [1/4, 3/4]
    Tensor y = Tensor.of(new double[] {0, Math.log(3)}, 2).softmax(0);
    assertClose(y.toDoubleArray(), new double[] {0.25, 0.75}, 1e-15);
  }

  @Test
  void softmaxRowsSumToOne() {
    Tensor x = randn64(2, 5, 7);
    double[] y = x.softmax(1).toDoubleArray();
    for (int r = 0; r < 5; r++) {
      double s = 0;
      for (int c = 0; c < 7; c++) {
        s += y[r * 7 + c];
      }
      assertThat(s).isCloseTo(1, within(1e-14));
    }
  }

  @Test
  void softmaxOfLargeInputsIsFiniteAndExact() {
    // exp(1000) overflows a double; the shifted form gives [1/(1+e), e/(1+e)].
    double e = Math.E;
    double[] expected = {1 / (1 + e), e / (1 + e)};
    Tensor y = Tensor.of(new double[] {1000, 1001}, 2).softmax(0);
    assertClose(y.toDoubleArray(), expected, 1e-15);
    Tensor y32 = Tensor.of(new float[] {1000, 1001}, 2).softmax(0);
    assertClose(y32.toDoubleArray(), expected, 1e-7);
    // Same along a strided axis (axis 0 of a [2, 2] tensor).
    Tensor col = Tensor.of(new double[] {1000, -1000, 1001, -999}, 2, 2).softmax(0);
    double[] byColumn = {expected[0], expected[0], expected[1], expected[1]};
    assertClose(col.toDoubleArray(), byColumn, 1e-15);
  }

  @Test
  void logSoftmaxOfWidelySpreadInputsIsFinite() {
    // softmax underflows to 0 for the first two entries; the log form stays exact.
    double[] expected = {-2e4, -1e4, 0};
    Tensor x64 = Tensor.of(new double[] {-1e4, 0, 1e4}, 3);
    Tensor x32 = Tensor.of(new float[] {-1e4f, 0, 1e4f}, 3);
    assertClose(x64.logSoftmax(0).toDoubleArray(), expected, 0);
    assertClose(x32.logSoftmax(0).toDoubleArray(), expected, 0);
    Tensor strided = Tensor.of(new double[] {-1e4, 1, 0, 1, 1e4, 1}, 3, 2).logSoftmax(0);
    double l3 = -Math.log(3);
    assertClose(strided.toDoubleArray(), new double[] {-2e4, l3, -1e4, l3, 0, l3}, 1e-12);
  }

  @Test
  void zeroDimensionalAndEmptyTensorsAreHandled() {
    assertThat(Tensor.scalar(5.0).softmax(0).item()).isEqualTo(1.0);
    assertThat(Tensor.scalar(5.0).logSoftmax(-1).item()).isEqualTo(0.0);
    assertThat(Tensor.scalar(5.0).softmax(0).shape()).isEmpty();
    assertThat(Tensor.zeros(0, 3).softmax(1).shape()).containsExactly(0, 3);
    assertThat(Tensor.zeros(DType.FLOAT64, 2, 0).logSoftmax(1).shape()).containsExactly(2, 0);
  }

  @Test
  void softmaxFloat32BackwardMatchesTheAnalyticFormula() {
    Tensor x = Tensor.randn(3L, 2, 3).requiresGrad(true);
    Tensor g = Tensor.randn(4L, 2, 3);
    x.softmax(1).backward(g);
    double[] y = reference(x.toDoubleArray(), new int[] {2, 3}, 1, false);
    double[] gv = g.toDoubleArray();
    double[] expected = new double[6];
    for (int r = 0; r < 2; r++) {
      double dot = 0;
      for (int c = 0; c < 3; c++) {
        dot += gv[r * 3 + c] * y[r * 3 + c];
      }
      for (int c = 0; c < 3; c++) {
        expected[r * 3 + c] = y[r * 3 + c] * (gv[r * 3 + c] - dot);
      }
    }
    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertClose(x.grad().toDoubleArray(), expected, 1e-6);
  }

  @Test
  void logSoftmaxFloat32BackwardMatchesTheAnalyticFormula() {
    Tensor x = Tensor.randn(7L, 3, 2).requiresGrad(true);
    Tensor g = Tensor.randn(8L, 3, 2);
    x.logSoftmax(0).backward(g);
    double[] y = reference(x.toDoubleArray(), new int[] {3, 2}, 0, false);
    double[] gv = g.toDoubleArray();
    double[] expected = new double[6];
    for (int c = 0; c < 2; c++) {
      double sum = gv[c] + gv[2 + c] + gv[4 + c];
      for (int r = 0; r < 3; r++) {
        expected[r * 2 + c] = gv[r * 2 + c] - y[r * 2 + c] * sum;
      }
    }
    assertClose(x.grad().toDoubleArray(), expected, 1e-6);
  }

  @Test
  void axisOutOfRangeIsRejected() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3).softmax(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "softmax: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).logSoftmax(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "logSoftmax: axis -3 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> Tensor.scalar(1f).softmax(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("softmax: axis 1 is out of range");
  }

  @Test
  void integerInputIsRejected() {
    assertThatThrownBy(() -> Tensor.arange(3).softmax(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("softmax: expected FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(() -> Tensor.arange(3).logSoftmax(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logSoftmax: expected FLOAT32 or FLOAT64, got INT32");
  }
}
