package dev.nabla.train;

import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a validation figure has not improved for {@code patience} epochs, as Keras'
 * {@code EarlyStopping}: an epoch improves when its validation loss is below the best so far by
 * more than {@code minDelta} (or its validation accuracy above it by more than {@code minDelta}).
 *
 * <pre>{@code
 * trainer.addCallback(new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 3, 1e-4, true));
 * }</pre>
 *
 * <p>With {@code restoreBestWeights}, the model's parameters and buffers of the best epoch are kept
 * (a copy, taken when that epoch ended) and put back when training ends, whether it stopped early
 * or ran all its epochs. The optimizer's state is not restored.
 */
public final class EarlyStopping implements Callback {
  /** The figure watched. */
  public enum Monitor {
    /** Validation loss: lower is better. */
    VAL_LOSS("val_loss"),
    /** Validation accuracy: higher is better. */
    VAL_ACCURACY("val_accuracy");

    private final String column;

    Monitor(String column) {
      this.column = column;
    }

    /** The name used in History's CSV and in messages. */
    public String column() {
      return column;
    }
  }

  private final Monitor monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;
  private double best;
  private int bestEpoch;
  private int wait;
  private int stoppedEpoch;
  private Map<String, Tensor> bestWeights;

  /** Watches the validation loss, patience 5, no minimum delta, keeps the last weights. */
  public EarlyStopping() {
    this(Monitor.VAL_LOSS, 5, 0, false);
  }

  /**
   * Stops training when {@code monitor} has not improved by {@code minDelta} for {@code patience}
   * epochs.
   *
   * @param monitor the figure watched
   * @param patience epochs without improvement after which training stops, at least 1
   * @param minDelta the least change that counts as an improvement, {@code >= 0}
   * @param restoreBestWeights put the best epoch's weights back when training ends
   */
  public EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBestWeights) {
    if (monitor == null) {
      throw new IllegalArgumentException("EarlyStopping: monitor must not be null");
    }
    if (patience < 1) {
      throw new IllegalArgumentException(
          "EarlyStopping: patience must be at least 1 epoch, got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException(
          "EarlyStopping: minDelta must be finite and >= 0, got " + minDelta);
    }
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
    reset();
  }

  private void reset() {
    best = monitor == Monitor.VAL_LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    bestEpoch = 0;
    wait = 0;
    stoppedEpoch = 0;
    bestWeights = null;
  }

  @Override
  public void onTrainBegin(Trainer trainer) {
    reset();
  }

  @Override
  public void onEpochEnd(EpochStats stats, Trainer trainer) {
    double value = monitor == Monitor.VAL_LOSS ? stats.valLoss() : stats.valAccuracy();
    if (Double.isNaN(value)) {
      throw new IllegalStateException(
          "EarlyStopping: monitors "
              + monitor.column()
              + " but epoch "
              + stats.epoch()
              + " has none ("
              + (stats.hasValidation()
                  ? "the validation targets are neither class indices nor one-hot rows"
                  : "pass a validation loader to fit")
              + ")");
    }
    boolean improved =
        monitor == Monitor.VAL_LOSS ? value < best - minDelta : value > best + minDelta;
    if (improved) {
      best = value;
      bestEpoch = stats.epoch();
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((n, t) -> bestWeights.put(n, t.copy()));
      }
      return;
    }
    wait++;
    if (wait >= patience) {
      stoppedEpoch = stats.epoch();
      trainer.stop();
      trainer.log(
          String.format(
              Locale.ROOT,
              "early stopping after epoch %d: %s has not improved for %d epochs (best %.4f at epoch %d)",
              stoppedEpoch,
              monitor.column(),
              wait,
              best,
              bestEpoch));
    }
  }

  @Override
  public void onTrainEnd(History history, Trainer trainer) {
    if (restoreBestWeights
        && bestWeights != null
        && !history.isEmpty()
        && history.last().epoch() != bestEpoch) {
      trainer.model().loadStateDict(bestWeights);
      trainer.log("restored the weights of epoch " + bestEpoch);
    }
  }

  /** The best value seen so far (infinite before the first epoch). */
  public double best() {
    return best;
  }

  /** The epoch of the best value, 0 before the first epoch. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch after which this callback stopped training, 0 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public String toString() {
    return "EarlyStopping(monitor="
        + monitor.column()
        + ", patience="
        + patience
        + ", minDelta="
        + minDelta
        + ", restoreBestWeights="
        + restoreBestWeights
        + ")";
  }
}
