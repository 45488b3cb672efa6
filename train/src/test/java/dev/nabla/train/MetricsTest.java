package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.TensorDataset;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Module;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.MSELoss;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  /** Rows' arg-max: 2, 0, 1, 1, 0 (ties go to the first maximum). */
  private static final Tensor LOGITS =
      Tensor.of(
          new float[] {
            0.1f, 0.2f, 0.7f,
            3f, -1f, 0f,
            0f, 5f, 5f,
            -2f, -1f, -3f,
            1f, 1f, 1f
          },
          5,
          3);

  @Test
  void accuracyCountsArgmaxHits() {
    Tensor labels = Tensor.of(new int[] {2, 0, 2, 1, 1}, 5); // hits: rows 0, 1, 3
    assertThat(Metrics.correct(LOGITS, labels)).isEqualTo(3);
    assertThat(Metrics.accuracy(LOGITS, labels)).isEqualTo(0.6);
  }

  @Test
  void accuracyTakesTheClassesOnAxisOneOfHigherRankScores() {
    // [N=1, C=2, 3 positions]: class 1 wins at positions 0 and 2
    Tensor scores = Tensor.of(new double[] {0, 5, 1, 3, 2, 4}, 1, 2, 3);
    Tensor labels = Tensor.of(new int[] {1, 1, 0}, 1, 3);
    assertThat(Metrics.accuracy(scores, labels)).isEqualTo(1.0 / 3);
  }

  @Test
  void accuracyRejectsLabelsThatAreNotClassIndices() {
    assertThatThrownBy(() -> Metrics.accuracy(LOGITS, Tensor.zeros(5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Metrics.accuracy: labels must be INT32 class indices of shape [5] "
                + "for logits [5, 3], got FLOAT32 [5, 3] (one-hot targets: pass labels.argmax(1))");
    assertThatThrownBy(() -> Metrics.accuracy(LOGITS, Tensor.of(new int[] {1, 2}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got INT32 [2]");
    assertThatThrownBy(() -> Metrics.accuracy(Tensor.zeros(5), Tensor.of(new int[5], 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "logits must be FLOAT32 or FLOAT64 scores of shape [N, C, ...], got " + "FLOAT32 [5]");
  }

  @Test
  void confusionMatrixCountsPrecisionAndRecall() {
    Tensor labels = Tensor.of(new int[] {2, 0, 2, 1, 1}, 5);
    // predicted 2, 0, 1, 1, 0 against actual 2, 0, 2, 1, 1
    ConfusionMatrix cm = ConfusionMatrix.of(LOGITS, labels, 3);
    assertThat(cm.counts())
        .isDeepEqualTo(
            new long[][] {
              {1, 0, 0},
              {1, 1, 0},
              {0, 1, 1}
            });
    assertThat(cm.total()).isEqualTo(5);
    assertThat(cm.accuracy()).isEqualTo(0.6);
    assertThat(cm.precision(0)).isEqualTo(0.5); // predicted 0: rows 1 (right) and 4 (a 1)
    assertThat(cm.precision(1)).isEqualTo(0.5);
    assertThat(cm.precision(2)).isEqualTo(1.0);
    assertThat(cm.recall(0)).isEqualTo(1.0);
    assertThat(cm.recall(1)).isEqualTo(0.5);
    assertThat(cm.recall(2)).isEqualTo(0.5);
    assertThat(cm.count(2, 1)).isEqualTo(1);
  }

  @Test
  void confusionMatrixTable() {
    ConfusionMatrix cm = ConfusionMatrix.of(LOGITS, Tensor.of(new int[] {2, 0, 2, 1, 1}, 5), 3);
    cm.add(Tensor.of(new float[] {0, 0, 0, 1}, 1, 4).slice(1, 0, 3), Tensor.of(new int[] {0}, 1));
    assertThat(cm.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "actual\\pred      0     1     2  recall",
                "0                2     0     0   1.000",
                "1                1     1     0   0.500",
                "2                0     1     1   0.500",
                "precision    0.667 0.500 1.000",
                "accuracy    0.667"));
  }

  @Test
  void confusionMatrixTableNamesTheClasses() {
    ConfusionMatrix cm = new ConfusionMatrix(List.of("T-shirt/top", "Trouser", "Ankle boot"));
    cm.add(LOGITS, Tensor.of(new int[] {2, 0, 2, 1, 1}, 5));
    assertThat(cm.classNames()).containsExactly("T-shirt/top", "Trouser", "Ankle boot");
    assertThat(cm.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "actual\\pred        0     1     2  recall",
                "0 T-shirt/top      1     0     0   1.000",
                "1 Trouser          1     1     0   0.500",
                "2 Ankle boot       0     1     1   0.500",
                "precision      0.500 0.500 1.000",
                "accuracy      0.600"));
    assertThat(new ConfusionMatrix(3).classNames()).containsExactly("0", "1", "2");
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ConfusionMatrix: class name 1 is blank in [a,  ]");
  }

  @Test
  void oneHotRowsAreRecognisedAndOtherTargetsOfTheSameShapeAreNot() {
    Tensor out = Tensor.zeros(2, 3);
    assertThat(Metrics.isOneHotTarget(out, Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3)))
        .isTrue();
    assertThat(Metrics.isOneHotTarget(out, Tensor.of(new float[] {0, 1, 0, 1, 1, 0}, 2, 3)))
        .isFalse();
    assertThat(Metrics.isOneHotTarget(out, Tensor.of(new float[] {0, 0.5f, 0, 1, 0, 0}, 2, 3)))
        .isFalse();
    assertThat(Metrics.isOneHotTarget(out, Tensor.of(new float[] {0, 0, 0, 1, 0, 0}, 2, 3)))
        .isFalse();
    assertThat(Metrics.isOneHotTarget(Tensor.zeros(2, 1), Tensor.of(new float[] {1, 1}, 2, 1)))
        .isFalse();
  }

  @Test
  void undefinedPrecisionAndRecallAreNaNAndShownAsADash() {
    ConfusionMatrix cm = new ConfusionMatrix(2);
    assertThat(cm.precision(1)).isNaN();
    assertThat(cm.recall(0)).isNaN();
    assertThat(cm.accuracy()).isNaN();
    assertThat(cm.toString()).contains("precision        -     -");
  }

  @Test
  void confusionMatrixRejectsOutOfRangeInput() {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    assertThatThrownBy(() -> cm.add(LOGITS, Tensor.of(new int[] {0, 0, 3, 0, 0}, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConfusionMatrix.add: label 3 at position 2 is outside 0..2");
    assertThat(cm.total()).isZero();
    assertThatThrownBy(() -> cm.add(Tensor.zeros(5, 4), Tensor.of(new int[5], 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logits have 4 classes on axis 1, expected 3");
    assertThatThrownBy(() -> cm.recall(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConfusionMatrix.recall: class 3 is outside 0..2");
    assertThatThrownBy(() -> new ConfusionMatrix(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected at least 1 class, got 0");
  }

  @Test
  void predictRunsInEvalModeWithoutGradAndRestoresModes() {
    Dropout dropout = new Dropout(0.5, 1L);
    Dense dense = new Dense(4, 4);
    Module model = new Sequential(dense, dropout);
    dense.eval(); // a mixed state: the container trains, the dense layer does not
    Tensor x = Tensor.ones(2, 4);
    Tensor y = Metrics.predict(model, x);

    assertThat(y.requiresGrad()).isFalse();
    assertThat(y.gradFn()).isNull();
    // no dropout: identical to the dense layer alone
    assertThat(y.toFloatArray()).containsExactly(Metrics.predict(dense, x).toFloatArray());
    assertThat(model.isTraining()).isTrue();
    assertThat(dropout.isTraining()).isTrue();
    assertThat(dense.isTraining()).isFalse();
  }

  /**
   * The identity model (an empty Sequential) passes the scores through, so the loss is a
   * cross-entropy we compute by hand; batches of 2, 2 and 1 weight the examples equally.
   */
  @Test
  void evaluateAveragesLossOverExamplesAndCountsHits() {
    Tensor labels = Tensor.of(new int[] {2, 0, 2, 1, 1}, 5);
    DataLoader loader = new DataLoader(new TensorDataset(LOGITS, labels), 2);
    double expected = 0;
    float[] z = LOGITS.toFloatArray();
    int[] y = labels.toIntArray();
    for (int i = 0; i < 5; i++) {
      double sumExp = 0;
      for (int c = 0; c < 3; c++) {
        sumExp += Math.exp(z[3 * i + c]);
      }
      expected += (Math.log(sumExp) - z[3 * i + y[i]]) / 5;
    }
    Metrics.Evaluation e = Metrics.evaluate(new Sequential(), loader, new CrossEntropyLoss());
    assertThat(e.samples()).isEqualTo(5);
    assertThat(e.loss()).isCloseTo(expected, within(1e-6));
    assertThat(e.accuracy()).isEqualTo(0.6);
  }

  @Test
  void evaluateOmitsAccuracyForRegressionTargets() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3, 1);
    Tensor t = Tensor.of(new double[] {1, 1, 1}, 3, 1);
    Metrics.Evaluation e =
        Metrics.evaluate(
            new Sequential(), new DataLoader(new TensorDataset(x, t), 2), new MSELoss());
    assertThat(e.loss()).isCloseTo((0 + 1 + 4) / 3.0, within(1e-12));
    assertThat(e.accuracy()).isNaN();
    assertThat(Metrics.isClassIndexTarget(x, t)).isFalse();
    assertThat(Metrics.isClassIndexTarget(x, Tensor.zeros(DType.INT32, 3))).isTrue();
  }
}
