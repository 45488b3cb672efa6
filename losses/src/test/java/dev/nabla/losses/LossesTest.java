package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final Tensor X = Tensor.of(new double[] {0.2, 0.7, 0.4, 0.9}, 2, 2);
  private static final Tensor Y = Tensor.of(new double[] {0, 1, 1, 0.5}, 2, 2);

  @Test
  void functionsEqualTheLossClassesForEveryReduction() {
    Tensor classes = Tensor.of(new int[] {1, 0}, 2);
    assertSame(Losses.mse(X, Y), new MSELoss().apply(X, Y));
    assertSame(Losses.l1(X, Y), new L1Loss().apply(X, Y));
    assertSame(Losses.huber(X, Y), new HuberLoss().apply(X, Y));
    assertSame(Losses.crossEntropy(X, classes), new CrossEntropyLoss().apply(X, classes));
    assertSame(Losses.nll(X, classes), new NLLLoss().apply(X, classes));
    assertSame(Losses.bce(X, Y), new BCELoss().apply(X, Y));
    assertSame(Losses.bceWithLogits(X, Y), new BCEWithLogitsLoss().apply(X, Y));
    for (Reduction r : Reduction.values()) {
      assertSame(Losses.mse(X, Y, r), new MSELoss(r).apply(X, Y));
      assertSame(Losses.l1(X, Y, r), new L1Loss(r).apply(X, Y));
      assertSame(Losses.huber(X, Y, r, 0.3), new HuberLoss(r, 0.3).apply(X, Y));
      assertSame(Losses.crossEntropy(X, classes, r), new CrossEntropyLoss(r).apply(X, classes));
      assertSame(Losses.nll(X, classes, r), new NLLLoss(r).apply(X, classes));
      assertSame(Losses.bce(X, Y, r), new BCELoss(r).apply(X, Y));
      assertSame(Losses.bceWithLogits(X, Y, r), new BCEWithLogitsLoss(r).apply(X, Y));
    }
  }

  @Test
  void functionsReportErrorsUnderTheLossName() {
    assertThatThrownBy(
            () -> Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.of(new int[] {3, 0}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CrossEntropyLoss: target class 3 at position [0]");
  }

  @Test
  void aLossCanBeAMethodReferenceOrALambda() {
    Loss mse = Losses::mse;
    Tensor zeros = Tensor.of(new double[] {0, 0}, 2);
    assertValues(mse.apply(Tensor.of(new double[] {1, 3}, 2), zeros), (1 + 9) / 2.0);
    Loss worst = (in, t) -> in.sub(t).abs().max();
    assertValues(
        worst.apply(Tensor.of(new double[] {1, -3}, 2), Tensor.of(new double[] {0, 0}, 2)), 3);
  }

  @Test
  void reductionReducesAsItsNameSays() {
    Tensor losses = Tensor.of(new double[] {1, 2, 3, 6}, 2, 2);
    assertValues(Reduction.MEAN.reduce(losses), (1 + 2 + 3 + 6) / 4.0);
    assertValues(Reduction.SUM.reduce(losses), 1 + 2 + 3 + 6);
    assertThat(Reduction.NONE.reduce(losses)).isSameAs(losses);
    assertThatThrownBy(() -> Reduction.SUM.reduce(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Reduction.SUM.reduce: elementLosses must not be null");
  }

  @Test
  @SuppressWarnings("try") // the Grad scope is used only for its effect
  void aClassifierTrainedWithCrossEntropyFitsSeparableData() {
    // Softmax regression on four points, one per class corner; plain gradient descent.
    Tensor x = Tensor.of(new float[] {1, 1, -1, 1, -1, -1, 1, -1}, 4, 2);
    Tensor labels = Tensor.of(new int[] {0, 1, 2, 3}, 4);
    Tensor w = Tensor.zeros(2, 4).requiresGrad(true);
    Tensor b = Tensor.zeros(4).requiresGrad(true);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 200; step++) {
      Tensor loss = Losses.crossEntropy(x.matmul(w).add(b), labels);
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
      w.zeroGrad();
      b.zeroGrad();
      loss.backward();
      try (var _ = Grad.disabled()) {
        w.addInPlace(w.grad(), -0.5);
        b.addInPlace(b.grad(), -0.5);
      }
    }
    // Zero weights start at log 4 (a uniform guess over four classes).
    assertThat(first).isCloseTo(Math.log(4), within(1e-6));
    assertThat(last).isLessThan(0.1);
    assertThat(x.matmul(w).add(b).argmax(1).toIntArray()).containsExactly(0, 1, 2, 3);
    assertThat(w.grad().dtype()).isEqualTo(DType.FLOAT32);
  }

  private static void assertSame(Tensor a, Tensor b) {
    assertThat(a.shape()).isEqualTo(b.shape());
    assertValues(a, b.toDoubleArray());
  }
}
