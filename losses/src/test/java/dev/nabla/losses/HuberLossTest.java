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

class HuberLossTest {
  // Differences input - target: -0.5, 0, 2, -1.
  private static final double[] INPUT = {1, 2, 3, 4};
  private static final double[] TARGET = {1.5, 2, 1, 5};

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void quadraticInsideDeltaAndLinearOutsideForEachReduction(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 2), INPUT);
    Tensor y = tensor(dtype, shape(2, 2), TARGET);
    // delta = 1: 0.5 * 0.25, 0.5 * 0, 1 * (2 - 0.5), and |d| = 1 is not < 1: 1 * (1 - 0.5).
    double[] each = {0.125, 0, 1.5, 0.5};
    Tensor none = new HuberLoss(Reduction.NONE, 1).apply(x, y);
    assertThat(none.shape()).containsExactly(2, 2);
    assertValues(none, each);
    assertValues(new HuberLoss(Reduction.SUM, 1).apply(x, y), 0.125 + 0 + 1.5 + 0.5);
    assertValues(new HuberLoss().apply(x, y), (0.125 + 0 + 1.5 + 0.5) / 4);
  }

  @Test
  void deltaMovesTheTurningPoint() {
    Tensor x = Tensor.of(INPUT, 4);
    Tensor y = Tensor.of(TARGET, 4);
    // delta = 2: 0.5 * 0.25, 0, 2 is not < 2: 2 * (2 - 1), 0.5 * 1.
    assertValues(new HuberLoss(Reduction.NONE, 2).apply(x, y), 0.125, 0, 2, 0.5);
    assertValues(new HuberLoss(2).apply(x, y), (0.125 + 0 + 2 + 0.5) / 4);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientIsTheDifferenceClampedToDelta(DType dtype) {
    Tensor x = tensor(dtype, shape(4), INPUT).requiresGrad(true);
    Tensor y = tensor(dtype, shape(4), TARGET).requiresGrad(true);
    new HuberLoss(Reduction.SUM, 1).apply(x, y).backward();
    // clamp(-0.5, 0, 2, -1) to [-1, 1]
    assertValues(x.grad(), -0.5, 0, 1, -1);
    assertValues(y.grad(), 0.5, 0, -1, 1);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferencesForInputAndTarget(Reduction reduction) {
    for (double delta : new double[] {1, 0.3}) {
      HuberLoss loss = new HuberLoss(reduction, delta);
      for (int[] s : new int[][] {{}, {1}, {6}, {2, 3}, {2, 1, 3}}) {
        assertGradients(in -> loss.apply(in[0], in[1]), randn64(5, s), randn64(6, s));
      }
    }
  }

  @Test
  void rejectsADeltaThatIsNotPositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new HuberLoss(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("HuberLoss: delta must be positive and finite, got " + bad);
    }
  }

  @Test
  void rejectsATargetThatDoesNotFitAndANullReduction() {
    assertThatThrownBy(() -> new HuberLoss().apply(Tensor.zeros(DType.FLOAT64, 2), Tensor.zeros(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "HuberLoss: target [2] FLOAT32 does not fit input [2] FLOAT64: expected a FLOAT64 "
                + "target of the input's shape [2]");
    assertThatThrownBy(() -> new HuberLoss(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HuberLoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void defaultsToMeanAndDeltaOne() {
    HuberLoss loss = new HuberLoss();
    assertThat(loss.reduction()).isEqualTo(Reduction.MEAN);
    assertThat(loss.delta()).isEqualTo(1.0);
    assertThat(loss).hasToString("HuberLoss(reduction=MEAN, delta=1.0)");
  }
}
