package dev.nabla.train;

/**
 * Thrown by {@link Trainer#fit} when the training loss of a batch is NaN or infinite: training has
 * diverged. The batch's backward pass and optimizer step are not run, so the parameters are those
 * left by the previous batch, and nothing is saved from them (checkpoints of earlier epochs stay as
 * they were). Typical causes: a learning rate too large, exploding gradients (clip them), a loss
 * fed values outside its domain. {@link dev.nabla.core.Grad#detectAnomaly()} finds the op that
 * first produced the bad value.
 */
public final class DivergenceException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;
  private final double loss;

  DivergenceException(String message, int epoch, int batch, double loss) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
    this.loss = loss;
  }

  /** The epoch, counting from 1. */
  public int epoch() {
    return epoch;
  }

  /** The batch within the epoch, counting from 1. */
  public int batch() {
    return batch;
  }

  /** The loss value: NaN or an infinity. */
  public double loss() {
    return loss;
  }
}
