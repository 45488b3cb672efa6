package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertFinite;
import static dev.nabla.losses.LossAssert.assertGradients;
import static dev.nabla.losses.LossAssert.assertValues;
import static dev.nabla.losses.LossAssert.randn64;
import static dev.nabla.losses.LossAssert.shape;
import static dev.nabla.losses.LossAssert.tensor;
import static dev.nabla.losses.LossAssert.uniform64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BCEWithLogitsLossTest {
  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void valuesForEachReductionAreTheBinaryCrossEntropyOfTheSigmoid(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 2), 0, 2, -3, 0.5);
    Tensor y = tensor(dtype, shape(2, 2), 1, 0, 1, 0.25);
    // y = 1: -log(sigmoid(x)) = log(1 + e^-x); y = 0: -log(1 - sigmoid(x)) = log(1 + e^x).
    double[] each = {
      Math.log(2),
      Math.log(1 + Math.exp(2)),
      Math.log(1 + Math.exp(3)),
      -(0.25 * Math.log(sigmoid(0.5)) + 0.75 * Math.log(1 - sigmoid(0.5)))
    };
    Tensor none = new BCEWithLogitsLoss(Reduction.NONE).apply(x, y);
    assertThat(none.shape()).containsExactly(2, 2);
    assertValues(none, each);
    double sum = each[0] + each[1] + each[2] + each[3];
    assertValues(new BCEWithLogitsLoss(Reduction.SUM).apply(x, y), sum);
    assertValues(new BCEWithLogitsLoss().apply(x, y), sum / 4);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientIsSigmoidMinusTargetExactlyAtZeroToo(DType dtype) {
    Tensor x = tensor(dtype, shape(3), 0, 2, -3).requiresGrad(true);
    Tensor y = tensor(dtype, shape(3), 1, 0, 0.5).requiresGrad(true);
    new BCEWithLogitsLoss(Reduction.SUM).apply(x, y).backward();
    // sigmoid(0) - 1 = -0.5: the kinks of max(x, 0) and |x| at 0 must not leak into the gradient.
    assertValues(x.grad(), 0.5 - 1, sigmoid(2), sigmoid(-3) - 0.5);
    // d/dy = -x
    assertValues(y.grad(), 0, -2, 3);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void logitsOfPlusMinusTenThousandGiveAFiniteLossAndGradient(DType dtype) {
    Tensor x = tensor(dtype, shape(4), 1e4, -1e4, 1e4, -1e4).requiresGrad(true);
    Tensor y = tensor(dtype, shape(4), 0, 1, 1, 0);
    Tensor none = new BCEWithLogitsLoss(Reduction.NONE).apply(x, y);
    // Confidently wrong: log(1 + e^1e4) = 1e4 (+ log(1 + e^-1e4), below double precision); right:
    // 0.
    assertValues(none, 1e4, 1e4, 0, 0);
    new BCEWithLogitsLoss().apply(x, y).backward();
    // (sigmoid(x) - y) / 4: (1 - 0, 0 - 1, 1 - 1, 0 - 0) / 4
    assertValues(x.grad(), 0.25, -0.25, 0, 0);
    assertFinite(x.grad());
  }

  @Test
  void aSmallLossKeepsItsRelativePrecision() {
    // A confidently right logit: log(1 + e^-30) = 9.36e-14, which (1 - y) x + log(1 + e^-x) would
    // compute as -30 + 30.0000000000000936 and get only to a few percent.
    Tensor x = Tensor.of(new double[] {-30, 30}, 2);
    Tensor y = Tensor.of(new double[] {0, 1}, 2);
    double expected = Math.log1p(Math.exp(-30));
    double[] loss = new BCEWithLogitsLoss(Reduction.NONE).apply(x, y).toDoubleArray();
    assertThat(loss[0]).isCloseTo(expected, within(1e-12 * expected));
    assertThat(loss[1]).isCloseTo(expected, within(1e-12 * expected));
  }

  @Test
  void positiveWeightScalesTheLossOfPositiveTargetsPerClass() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2, 1}, 2, 2);
    Tensor y = Tensor.of(new double[] {1, 0, 1, 1}, 2, 2);
    Tensor posWeight = Tensor.of(new double[] {3, 2}, 2);
    Tensor none = new BCEWithLogitsLoss(Reduction.NONE, posWeight).apply(x, y);
    // positives: posWeight[class] * log(1 + e^-x); the negative (row 0, class 1): log(1 + e^x).
    assertValues(
        none,
        3 * Math.log(1 + Math.exp(-0.5)),
        Math.log(1 + Math.exp(-1)),
        3 * Math.log(1 + Math.exp(-2)),
        2 * Math.log(1 + Math.exp(-1)));

    Tensor xg = x.detach().requiresGrad(true);
    new BCEWithLogitsLoss(Reduction.SUM, posWeight).apply(xg, y).backward();
    // d/dx = (1 - y) - (1 + (w - 1) y) sigmoid(-x): -w sigmoid(-x) for positives, sigmoid(x) for
    // the negative.
    assertValues(xg.grad(), -3 * sigmoid(-0.5), sigmoid(-1), -3 * sigmoid(-2), -2 * sigmoid(-1));
  }

  @Test
  void aScalarPositiveWeightAppliesToEveryElement() {
    Tensor x = Tensor.of(new float[] {1, -2}, 2);
    Tensor y = Tensor.of(new float[] {1, 1}, 2);
    Tensor loss = new BCEWithLogitsLoss(Reduction.NONE, Tensor.scalar(4f)).apply(x, y);
    assertValues(loss, 4 * Math.log(1 + Math.exp(-1)), 4 * Math.log(1 + Math.exp(2)));
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferencesForLogitsAndTargets(Reduction reduction) {
    BCEWithLogitsLoss plain = new BCEWithLogitsLoss(reduction);
    BCEWithLogitsLoss weighted =
        new BCEWithLogitsLoss(reduction, Tensor.of(new double[] {0.5, 3}, 2));
    for (int[] s : new int[][] {{}, {1}, {4}, {3, 2}, {2, 1, 2}}) {
      Tensor x = randn64(9, s).mul(3);
      Tensor y = uniform64(10, 0, 1, s);
      assertGradients(in -> plain.apply(in[0], in[1]), x, y);
      if (s.length > 0 && s[s.length - 1] == 2) {
        assertGradients(in -> weighted.apply(in[0], in[1]), x, y);
      }
    }
  }

  @Test
  void rejectsATargetThatDoesNotFit() {
    assertThatThrownBy(
            () -> new BCEWithLogitsLoss().apply(Tensor.zeros(8, 1), Tensor.zeros(DType.INT32, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCEWithLogitsLoss: target [8] INT32 does not fit input [8, 1] FLOAT32: expected a "
                + "FLOAT32 target of the input's shape [8, 1]");
  }

  @Test
  void rejectsAPositiveWeightThatIsNotFloatingPointOrDoesNotBroadcast() {
    assertThatThrownBy(() -> new BCEWithLogitsLoss(Reduction.MEAN, Tensor.zeros(DType.INT32, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BCEWithLogitsLoss: posWeight [3] INT32 must be FLOAT32 or FLOAT64");
    BCEWithLogitsLoss loss = new BCEWithLogitsLoss(Reduction.MEAN, Tensor.ones(3));
    assertThatThrownBy(() -> loss.apply(Tensor.zeros(4, 5), Tensor.zeros(4, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCEWithLogitsLoss: posWeight [3] FLOAT32 does not broadcast to input [4, 5] FLOAT32: "
                + "expected a single weight or one per class, shape [5]");
    assertThatThrownBy(() -> new BCEWithLogitsLoss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BCEWithLogitsLoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItself() {
    assertThat(new BCEWithLogitsLoss()).hasToString("BCEWithLogitsLoss(reduction=MEAN)");
    assertThat(new BCEWithLogitsLoss(Reduction.SUM, Tensor.ones(3)))
        .hasToString("BCEWithLogitsLoss(reduction=SUM, posWeight=[3])");
  }
}
