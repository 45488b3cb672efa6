package dev.nabla.train;

import java.util.Locale;

/**
 * What one epoch of training measured. Validation figures are {@code NaN} when there was no
 * validation loader; {@code valAccuracy} is also {@code NaN} when the targets are neither INT32
 * class indices nor one-hot rows (a regression).
 *
 * @param epoch the epoch, counting from 1
 * @param trainLoss the mean training loss over the epoch's batches, weighted by batch size
 * @param valLoss the mean validation loss, weighted by batch size, in evaluation mode
 * @param valAccuracy the fraction of validation examples whose arg-max over the class axis is the
 *     label (the one-hot target's arg-max)
 * @param seconds wall time of the whole epoch, training and validation
 * @param samplesPerSecond training examples per second of the training part of the epoch
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double valLoss,
    double valAccuracy,
    double seconds,
    double samplesPerSecond) {

  /** Checks the epoch number and the figures that are always measured. */
  public EpochStats {
    if (epoch < 1) {
      throw new IllegalArgumentException("EpochStats: epoch counts from 1, got " + epoch);
    }
    if (!(seconds >= 0) || !(samplesPerSecond >= 0)) {
      throw new IllegalArgumentException(
          "EpochStats: seconds and samplesPerSecond must be >= 0, got "
              + seconds
              + " and "
              + samplesPerSecond);
    }
  }

  /** Whether a validation loss was measured. */
  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }

  /** Whether a validation accuracy was measured. */
  public boolean hasAccuracy() {
    return !Double.isNaN(valAccuracy);
  }

  /**
   * The line printed after each epoch, for instance {@code epoch 3/10 train_loss=0.1234
   * val_loss=0.0987 val_accuracy=0.9712 seconds=4.2 samples/s=14203}; figures not measured are left
   * out.
   */
  public String line(int epochs) {
    StringBuilder sb = new StringBuilder();
    sb.append("epoch ").append(epoch).append('/').append(epochs);
    sb.append(String.format(Locale.ROOT, " train_loss=%.4f", trainLoss));
    if (hasValidation()) {
      sb.append(String.format(Locale.ROOT, " val_loss=%.4f", valLoss));
    }
    if (hasAccuracy()) {
      sb.append(String.format(Locale.ROOT, " val_accuracy=%.4f", valAccuracy));
    }
    sb.append(
        String.format(Locale.ROOT, " seconds=%.1f samples/s=%.0f", seconds, samplesPerSecond));
    return sb.toString();
  }
}
