package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertGradients;
import static dev.nabla.losses.LossAssert.assertValues;
import static dev.nabla.losses.LossAssert.randn64;
import static dev.nabla.losses.LossAssert.shape;
import static dev.nabla.losses.LossAssert.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MSELossTest {
  // input [[1, 2], [3, 4]] against target [[1.5, 2], [1, 5]]: differences -0.5, 0, 2, -1.
  private static final double[] INPUT = {1, 2, 3, 4};
  private static final double[] TARGET = {1.5, 2, 1, 5};

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void valuesForEachReductionAreTheSquaredDifferences(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 2), INPUT);
    Tensor y = tensor(dtype, shape(2, 2), TARGET);

    Tensor none = new MSELoss(Reduction.NONE).apply(x, y);
    assertThat(none.shape()).containsExactly(2, 2);
    assertThat(none.dtype()).isEqualTo(dtype);
    assertValues(none, 0.25, 0, 4, 1);

    Tensor sum = new MSELoss(Reduction.SUM).apply(x, y);
    assertThat(sum.shape()).isEmpty();
    assertValues(sum, 0.25 + 0 + 4 + 1);

    Tensor mean = new MSELoss().apply(x, y);
    assertThat(mean.shape()).isEmpty();
    assertThat(mean.dtype()).isEqualTo(dtype);
    assertValues(mean, (0.25 + 0 + 4 + 1) / 4);
  }

  @Test
  void meanMatchesTheTutorialsNumpyMeanOfSquaredErrors() {
    // np.mean(np.power(y_true - y_pred, 2)) for the XOR outputs [0.1, 0.8, 0.6, 0.3] vs [0, 1, 1,
    // 0]:
    // (0.01 + 0.04 + 0.16 + 0.09) / 4 = 0.075.
    Tensor yPred = Tensor.of(new float[] {0.1f, 0.8f, 0.6f, 0.3f}, 4, 1);
    Tensor yTrue = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
    assertThat(Losses.mse(yPred, yTrue).item()).isCloseTo(0.075, within(1e-7));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void meanGradientIsTwiceTheDifferenceOverTheCountForInputAndMinusThatForTarget(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 2), INPUT).requiresGrad(true);
    Tensor y = tensor(dtype, shape(2, 2), TARGET).requiresGrad(true);
    new MSELoss().apply(x, y).backward();
    // 2 * (-0.5, 0, 2, -1) / 4
    assertThat(x.grad().dtype()).isEqualTo(dtype);
    assertValues(x.grad(), -0.25, 0, 1, -0.5);
    assertValues(y.grad(), 0.25, 0, -1, 0.5);
  }

  @Test
  void onlyTheTargetGetsAGradientWhenOnlyItRequiresOne() {
    Tensor x = Tensor.of(INPUT, 4);
    Tensor y = Tensor.of(TARGET, 4).requiresGrad(true);
    new MSELoss(Reduction.SUM).apply(x, y).backward();
    assertThat(x.grad()).isNull();
    assertValues(y.grad(), 1, 0, -4, 2);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferencesForInputAndTarget(Reduction reduction) {
    MSELoss loss = new MSELoss(reduction);
    for (int[] s : new int[][] {{}, {1}, {5}, {2, 3}, {2, 1, 3}}) {
      assertGradients(in -> loss.apply(in[0], in[1]), randn64(1, s), randn64(2, s));
    }
  }

  @Test
  void rejectsATargetOfAnotherShapeInsteadOfBroadcasting() {
    Tensor x = Tensor.zeros(4, 1);
    assertThatThrownBy(() -> new MSELoss().apply(x, Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MSELoss: target [4] FLOAT32 does not fit input [4, 1] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [4, 1]");
  }

  @Test
  void rejectsATargetOfAnotherDType() {
    assertThatThrownBy(() -> new MSELoss().apply(Tensor.zeros(3), Tensor.zeros(DType.FLOAT64, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MSELoss: target [3] FLOAT64 does not fit input [3] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [3]");
  }

  @Test
  void rejectsAnIntegerInput() {
    assertThatThrownBy(() -> new MSELoss().apply(Tensor.zeros(DType.INT32, 3), Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MSELoss: input [3] INT32 must be FLOAT32 or FLOAT64");
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> new MSELoss().apply(null, Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MSELoss: input must not be null");
    assertThatThrownBy(() -> new MSELoss().apply(Tensor.zeros(3), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MSELoss: target must not be null");
    assertThatThrownBy(() -> new MSELoss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MSELoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItselfLikePyTorch() {
    assertThat(new MSELoss()).hasToString("MSELoss(reduction=MEAN)");
    assertThat(new MSELoss(Reduction.SUM).reduction()).isEqualTo(Reduction.SUM);
  }
}
