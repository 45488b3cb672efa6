package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Grad;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.SGD;
import dev.nabla.train.EarlyStopping.Monitor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Early stopping fed scripted epochs, as the trainer would after each one. */
class EarlyStoppingTest {
  private final Module model = Blobs.mlp(3L);
  private final Trainer trainer =
      new Trainer(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.1))
          .setProgress(ProgressStyle.SILENT);

  private static EpochStats epoch(int epoch, double valLoss, double valAccuracy) {
    return new EpochStats(epoch, 1.0, valLoss, valAccuracy, 1.0, 100.0);
  }

  /** Feeds the sequence until the callback stops; returns the epoch at which it stopped, or 0. */
  private int run(EarlyStopping stopper, double[] losses, double[] accuracies) {
    stopper.onTrainBegin(trainer);
    for (int i = 0; i < losses.length; i++) {
      stopper.onEpochEnd(epoch(i + 1, losses[i], accuracies[i]), trainer);
      if (trainer.stopRequested()) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutAnImprovementLargerThanMinDelta() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_LOSS, 2, 0.01, false);
    // 0.795 and 0.79 are not better than 0.8 by more than 0.01: epochs 3 and 4 do not improve
    double[] losses = {1.0, 0.8, 0.795, 0.79, 0.5};
    assertThat(run(stopper, losses, new double[5])).isEqualTo(4);
    assertThat(stopper.stoppedEpoch()).isEqualTo(4);
    assertThat(stopper.bestEpoch()).isEqualTo(2);
    assertThat(stopper.best()).isEqualTo(0.8);
  }

  @Test
  void anImprovementResetsThePatience() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_LOSS, 2, 0, false);
    double[] losses = {1.0, 1.1, 0.9, 1.2, 0.95, 0.91, 0.89};
    // epoch 2 waits, 3 improves, 4 and 5 wait: stop after 5
    assertThat(run(stopper, losses, new double[7])).isEqualTo(5);
    assertThat(stopper.bestEpoch()).isEqualTo(3);
  }

  @Test
  void monitorsAccuracyUpwards() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_ACCURACY, 1, 0, false);
    double[] accuracies = {0.5, 0.7, 0.7, 0.9};
    assertThat(run(stopper, new double[4], accuracies)).isEqualTo(3);
    assertThat(stopper.best()).isEqualTo(0.7);
    assertThat(stopper.bestEpoch()).isEqualTo(2);
  }

  @Test
  void neverStopsWhileImproving() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_LOSS, 1, 0, false);
    assertThat(run(stopper, new double[] {3, 2, 1, 0.5}, new double[4])).isZero();
    assertThat(stopper.stoppedEpoch()).isZero();
  }

  @Test
  void restoresTheWeightsOfTheBestEpochAtTheEnd() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_LOSS, 5, 0, true);
    stopper.onTrainBegin(trainer);
    float[] best = model.stateDict().get("0.weight").toFloatArray();
    stopper.onEpochEnd(epoch(1, 0.3, Double.NaN), trainer);
    for (var p : model.parameters()) {
      try (var _ = Grad.disabled()) {
        p.fill(7);
      }
    }
    stopper.onEpochEnd(epoch(2, 0.4, Double.NaN), trainer);
    History h = new History();
    h.add(epoch(1, 0.3, Double.NaN));
    h.add(epoch(2, 0.4, Double.NaN));
    stopper.onTrainEnd(h, trainer);
    assertThat(model.stateDict().get("0.weight").toFloatArray()).containsExactly(best);
  }

  @Test
  void keepsTheLastWeightsWithoutRestoreBestWeights() {
    EarlyStopping stopper = new EarlyStopping(Monitor.VAL_LOSS, 5, 0, false);
    stopper.onTrainBegin(trainer);
    stopper.onEpochEnd(epoch(1, 0.3, Double.NaN), trainer);
    for (var p : model.parameters()) {
      try (var _ = Grad.disabled()) {
        p.fill(7);
      }
    }
    stopper.onEpochEnd(epoch(2, 0.4, Double.NaN), trainer);
    History h = new History();
    h.add(epoch(1, 0.3, Double.NaN));
    h.add(epoch(2, 0.4, Double.NaN));
    stopper.onTrainEnd(h, trainer);
    assertThat(model.stateDict().get("0.weight").toFloatArray()).containsOnly(7f);
  }

  @Test
  void failsClearlyWithoutTheMonitoredFigure() {
    EarlyStopping onLoss = new EarlyStopping();
    assertThatThrownBy(() -> onLoss.onEpochEnd(epoch(1, Double.NaN, Double.NaN), trainer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EarlyStopping: monitors val_loss but epoch 1 has none")
        .hasMessageContaining("pass a validation loader to fit");
    EarlyStopping onAccuracy = new EarlyStopping(Monitor.VAL_ACCURACY, 2, 0, false);
    assertThatThrownBy(() -> onAccuracy.onEpochEnd(epoch(1, 0.5, Double.NaN), trainer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the validation targets are neither class indices nor one-hot rows");
  }

  @Test
  void rejectsBadOptions() {
    for (var bad :
        List.<Runnable>of(
            () -> new EarlyStopping(null, 1, 0, false),
            () -> new EarlyStopping(Monitor.VAL_LOSS, 0, 0, false),
            () -> new EarlyStopping(Monitor.VAL_LOSS, 1, -1, false),
            () -> new EarlyStopping(Monitor.VAL_LOSS, 1, Double.NaN, false))) {
      assertThatThrownBy(bad::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("EarlyStopping: ");
    }
    assertThatThrownBy(() -> new EarlyStopping(Monitor.VAL_LOSS, 0, 0, false))
        .hasMessageContaining("patience must be at least 1 epoch, got 0");
    assertThatThrownBy(() -> new EarlyStopping(Monitor.VAL_LOSS, 1, -1, false))
        .hasMessageContaining("minDelta must be finite and >= 0, got -1.0");
  }
}
