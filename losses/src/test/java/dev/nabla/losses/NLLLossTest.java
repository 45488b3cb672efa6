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

class NLLLossTest {
  // log-probabilities of [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], targets [2, 0]
  private static final double[] LOG_P = {
    Math.log(0.2), Math.log(0.3), Math.log(0.5), Math.log(0.1), Math.log(0.1), Math.log(0.8)
  };

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void valuesForEachReductionAreMinusTheTargetsLogProbability(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), LOG_P);
    Tensor t = Tensor.of(new int[] {2, 0}, 2);
    Tensor none = new NLLLoss(Reduction.NONE).apply(x, t);
    assertThat(none.shape()).containsExactly(2);
    assertThat(none.dtype()).isEqualTo(dtype);
    assertValues(none, -Math.log(0.5), -Math.log(0.1));
    assertValues(new NLLLoss(Reduction.SUM).apply(x, t), -Math.log(0.5) - Math.log(0.1));
    assertValues(new NLLLoss().apply(x, t), (-Math.log(0.5) - Math.log(0.1)) / 2);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientIsMinusOneOverNAtTheTargetAndZeroElsewhere(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), LOG_P).requiresGrad(true);
    new NLLLoss().apply(x, Tensor.of(new int[] {2, 0}, 2)).backward();
    assertValues(x.grad(), 0, 0, -0.5, -0.5, 0, 0);
  }

  @Test
  void spatialLayoutAndIgnoredTargets() {
    // [N=1, C=2, d=3]: x[0, c, k] = 10 c + k; targets [1, -100, 0].
    Tensor x = Tensor.of(new double[] {0, 1, 2, 10, 11, 12}, 1, 2, 3).requiresGrad(true);
    Tensor t = Tensor.of(new int[] {1, -100, 0}, 1, 3);
    assertValues(new NLLLoss(Reduction.NONE).apply(x, t), -10, 0, -2);
    Tensor mean = new NLLLoss().apply(x, t);
    assertValues(mean, (-10 - 2) / 2.0);
    mean.backward();
    assertValues(x.grad(), 0, 0, -0.5, -0.5, 0, 0);
  }

  @Test
  void onLogSoftmaxEqualsCrossEntropyOnTheLogits() {
    for (int[] s : new int[][] {{3, 4}, {2, 3, 2}}) {
      Tensor logits = randn64(21, s);
      Tensor classes = CrossEntropyLossTest.randomClasses(22, s);
      for (Reduction r : Reduction.values()) {
        Tensor nll = new NLLLoss(r).apply(logits.logSoftmax(1), classes);
        Tensor ce = new CrossEntropyLoss(r).apply(logits, classes);
        assertThat(nll.allClose(ce, 1e-12, 1e-12)).as("%s: %s vs %s", r, nll, ce).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchFiniteDifferences(Reduction reduction) {
    NLLLoss loss = new NLLLoss(reduction);
    for (int[] s : new int[][] {{1, 3}, {4, 5}, {2, 3, 4}, {1, 2, 2, 2}}) {
      Tensor classes = CrossEntropyLossTest.randomClasses(23, s);
      assertGradients(in -> loss.apply(in[0], classes), randn64(24, s));
    }
    Tensor ignoring = Tensor.of(new int[] {1, -100, 0}, 3);
    assertGradients(in -> loss.apply(in[0], ignoring), randn64(25, 3, 2));
    // composed with logSoftmax, as a classifier uses it
    Tensor classes = Tensor.of(new int[] {0, 2}, 2);
    assertGradients(in -> loss.apply(in[0].logSoftmax(1), classes), randn64(26, 2, 3));
  }

  @Test
  void rejectsATargetThatIsNotClassIndicesOfTheIndexShape() {
    assertThatThrownBy(() -> new NLLLoss().apply(Tensor.zeros(3, 5), Tensor.zeros(3, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "NLLLoss: target [3, 5] FLOAT32 does not fit input [3, 5] FLOAT32: expected INT32 or INT64 "
                + "class indices of shape [3]");
    assertThatThrownBy(
            () -> new NLLLoss().apply(Tensor.zeros(3, 5), Tensor.zeros(DType.FLOAT64, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "NLLLoss: target [3] FLOAT64 does not fit input [3, 5] FLOAT32: expected INT32 or INT64 "
                + "class indices of shape [3] (class labels stored as floats: convert them with "
                + "target.to(DType.INT32))");
  }

  @Test
  void rejectsAClassIndexOutOfRange() {
    assertThatThrownBy(
            () ->
                new NLLLoss(Reduction.SUM, -1)
                    .apply(Tensor.zeros(2, 3), Tensor.of(new int[] {0, 3}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "NLLLoss: target class 3 at position [1] is out of range for input [2, 3] FLOAT32: "
                + "expected a class index 0 to 2 or the ignore index -1");
  }

  @Test
  void rejectsAnInputWithoutAClassAxisAndNulls() {
    assertThatThrownBy(() -> new NLLLoss().apply(Tensor.zeros(5), Tensor.scalar(DType.INT32, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "NLLLoss: input [5] FLOAT32 has rank 1: expected log-probabilities of shape [N, C] "
                + "or [N, C, d1, ...] with the classes on axis 1 (for a single sample, pass input.unsqueeze(0))");
    assertThatThrownBy(
            () ->
                new NLLLoss().apply(Tensor.zeros(DType.INT32, 2, 3), Tensor.zeros(DType.INT32, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NLLLoss: input [2, 3] INT32 must be FLOAT32 or FLOAT64");
    assertThatThrownBy(() -> new NLLLoss().apply(Tensor.zeros(2, 3), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NLLLoss: target must not be null");
    assertThatThrownBy(() -> new NLLLoss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NLLLoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItself() {
    assertThat(new NLLLoss()).hasToString("NLLLoss(reduction=MEAN, ignoreIndex=-100)");
    assertThat(new NLLLoss(Reduction.NONE, 7).ignoreIndex()).isEqualTo(7);
  }
}
