package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertGradients;
import static dev.nabla.losses.LossAssert.assertValues;
import static dev.nabla.losses.LossAssert.randn64;
import static dev.nabla.losses.LossAssert.shape;
import static dev.nabla.losses.LossAssert.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class L1LossTest {
  // Differences input - target: -0.5, 0, 2, -1.
  private static final double[] INPUT = {1, 2, 3, 4};
  private static final double[] TARGET = {1.5, 2, 1, 5};

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void valuesForEachReductionAreTheAbsoluteDifferences(DType dtype) {
    Tensor x = tensor(dtype, shape(4), INPUT);
    Tensor y = tensor(dtype, shape(4), TARGET);
    assertValues(new L1Loss(Reduction.NONE).apply(x, y), 0.5, 0, 2, 1);
    assertValues(new L1Loss(Reduction.SUM).apply(x, y), 0.5 + 0 + 2 + 1);
    Tensor mean = new L1Loss().apply(x, y);
    assertThat(mean.shape()).isEmpty();
    assertThat(mean.dtype()).isEqualTo(dtype);
    assertValues(mean, (0.5 + 0 + 2 + 1) / 4);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientIsTheSignOfTheDifferenceAndZeroWhereInputEqualsTarget(DType dtype) {
    Tensor x = tensor(dtype, shape(4), INPUT).requiresGrad(true);
    Tensor y = tensor(dtype, shape(4), TARGET).requiresGrad(true);
    new L1Loss().apply(x, y).backward();
    // sign(-0.5, 0, 2, -1) / 4; sign(0) = 0 as in PyTorch.
    assertValues(x.grad(), -0.25, 0, 0.25, -0.25);
    assertValues(y.grad(), 0.25, 0, -0.25, 0.25);
  }

  @Test
  void noneGradientIsTheSignTimesTheOutputGradient() {
    Tensor x = Tensor.of(INPUT, 2, 2).requiresGrad(true);
    Tensor y = Tensor.of(TARGET, 2, 2);
    new L1Loss(Reduction.NONE).apply(x, y).backward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
    assertValues(x.grad(), -1, 0, 3, -4);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferencesForInputAndTarget(Reduction reduction) {
    L1Loss loss = new L1Loss(reduction);
    for (int[] s : new int[][] {{}, {1}, {5}, {2, 3}, {3, 1, 2}}) {
      assertGradients(in -> loss.apply(in[0], in[1]), randn64(3, s), randn64(4, s));
    }
  }

  @Test
  void rejectsATargetThatDoesNotFit() {
    assertThatThrownBy(() -> new L1Loss().apply(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "L1Loss: target [3, 2] FLOAT32 does not fit input [2, 3] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [2, 3]");
    assertThatThrownBy(() -> new L1Loss().apply(Tensor.zeros(3), Tensor.zeros(DType.INT32, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "L1Loss: target [3] INT32 does not fit input [3] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [3]");
    assertThatThrownBy(() -> new L1Loss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("L1Loss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItself() {
    assertThat(new L1Loss(Reduction.NONE)).hasToString("L1Loss(reduction=NONE)");
  }
}
