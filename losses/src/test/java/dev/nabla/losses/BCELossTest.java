package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertFinite;
import static dev.nabla.losses.LossAssert.assertGradients;
import static dev.nabla.losses.LossAssert.assertValues;
import static dev.nabla.losses.LossAssert.shape;
import static dev.nabla.losses.LossAssert.tensor;
import static dev.nabla.losses.LossAssert.uniform64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BCELossTest {
  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void valuesForEachReductionAreMinusTheLogLikelihood(DType dtype) {
    Tensor p = tensor(dtype, shape(2, 2), 0.25, 0.5, 0.9, 0.6);
    Tensor y = tensor(dtype, shape(2, 2), 0, 1, 1, 0.3);
    // y = 0: -log(1 - p); y = 1: -log(p); soft label 0.3: -(0.3 log 0.6 + 0.7 log 0.4).
    double[] each = {
      -Math.log(0.75), -Math.log(0.5), -Math.log(0.9), -(0.3 * Math.log(0.6) + 0.7 * Math.log(0.4))
    };
    Tensor none = new BCELoss(Reduction.NONE).apply(p, y);
    assertThat(none.shape()).containsExactly(2, 2);
    assertValues(none, each);
    double sum = each[0] + each[1] + each[2] + each[3];
    assertValues(new BCELoss(Reduction.SUM).apply(p, y), sum);
    Tensor mean = new BCELoss().apply(p, y);
    assertThat(mean.dtype()).isEqualTo(dtype);
    assertValues(mean, sum / 4);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientIsTheDifferenceOverPTimesOneMinusP(DType dtype) {
    Tensor p = tensor(dtype, shape(3), 0.25, 0.5, 0.6).requiresGrad(true);
    Tensor y = tensor(dtype, shape(3), 0, 1, 0.3).requiresGrad(true);
    new BCELoss(Reduction.SUM).apply(p, y).backward();
    // d/dp = (p - y) / (p (1 - p)); d/dy = log(1 - p) - log(p).
    assertValues(p.grad(), 0.25 / (0.25 * 0.75), -0.5 / (0.5 * 0.5), 0.3 / (0.6 * 0.4));
    assertValues(y.grad(), Math.log(0.75) - Math.log(0.25), 0, Math.log(0.4) - Math.log(0.6));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void probabilitiesOfExactlyZeroAndOneGiveAFiniteClampedLossAndGradient(DType dtype) {
    Tensor p = tensor(dtype, shape(4), 0, 1, 0, 1).requiresGrad(true);
    Tensor y = tensor(dtype, shape(4), 1, 0, 0, 1).requiresGrad(true);
    Tensor none = new BCELoss(Reduction.NONE).apply(p, y);
    // A wrong certainty costs -max(log 0, -100) = 100; a right one -log(1) = 0.
    assertValues(none, 100, 100, 0, 0);
    new BCELoss(Reduction.SUM).apply(p, y).backward();
    // (p - y) / max(p (1 - p), 1e-12), as PyTorch: -1e12, 1e12, 0, 0.
    assertValues(p.grad(), -1e12, 1e12, 0, 0);
    // log(1 - p) - log(p), each clamped to -100.
    assertValues(y.grad(), 0 - (-100), -100 - 0, 0 - (-100), -100 - 0);
    assertFinite(p.grad());
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferencesForProbabilitiesAndTargets(Reduction reduction) {
    BCELoss loss = new BCELoss(reduction);
    for (int[] s : new int[][] {{}, {1}, {4}, {2, 3}, {2, 1, 2}}) {
      assertGradients(
          in -> loss.apply(in[0], in[1]), uniform64(7, 0.05, 0.95, s), uniform64(8, 0.05, 0.95, s));
    }
  }

  @Test
  void rejectsAnInputOutsideZeroToOneNamingTheValueAndPosition() {
    Tensor logits = Tensor.of(new float[] {0.5f, 0.2f, 1.5f, 0}, 2, 2);
    assertThatThrownBy(() -> new BCELoss().apply(logits, Tensor.zeros(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCELoss: input value 1.5 at position [1, 0] is outside [0, 1]: expected "
                + "probabilities (apply sigmoid first, or use BCEWithLogitsLoss on logits)");
    assertThatThrownBy(
            () ->
                new BCELoss()
                    .apply(Tensor.of(new double[] {Double.NaN}, 1), Tensor.zeros(DType.FLOAT64, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCELoss: input value NaN at position [0] is outside [0, 1]: expected "
                + "probabilities (apply sigmoid first, or use BCEWithLogitsLoss on logits)");
  }

  @Test
  void rejectsATargetOutsideZeroToOne() {
    assertThatThrownBy(
            () -> new BCELoss().apply(Tensor.full(0.5f, 3), Tensor.of(new float[] {0, 1, -1}, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCELoss: target value -1.0 at position [2] is outside [0, 1]: expected "
                + "probabilities or 0/1 labels");
  }

  @Test
  void rejectsATargetOfAnotherShapeOrDType() {
    assertThatThrownBy(() -> new BCELoss().apply(Tensor.full(0.5f, 4, 1), Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCELoss: target [4] FLOAT32 does not fit input [4, 1] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [4, 1]");
    assertThatThrownBy(
            () -> new BCELoss().apply(Tensor.full(0.5f, 4), Tensor.zeros(DType.INT32, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BCELoss: target [4] INT32 does not fit input [4] FLOAT32: expected a FLOAT32 "
                + "target of the input's shape [4]");
    assertThatThrownBy(() -> new BCELoss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BCELoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItself() {
    assertThat(new BCELoss()).hasToString("BCELoss(reduction=MEAN)");
  }
}
