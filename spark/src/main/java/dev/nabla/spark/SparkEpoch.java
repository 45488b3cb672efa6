package dev.nabla.spark;

import java.io.Serializable;

/**
 * What one epoch of a {@link SparkTrainer} run did, over all workers.
 *
 * @param epoch the epoch, from 1
 * @param loss the mean training loss over the epoch's samples (every worker's micro-batches)
 * @param accuracy the fraction of the epoch's training samples classified right (class-index
 *     targets), or NaN for other targets
 * @param samples training samples used in the epoch (steps × global batch)
 * @param seconds wall time of the epoch (the slowest worker's)
 * @param samplesPerSecond {@code samples / seconds}
 * @param computeSeconds mean time per worker in forward, backward, the optimizer and batch assembly
 * @param communicationSeconds mean time per worker moving gradients or parameters: in the
 *     all-reduce mode the exchanges once every peer's data is flowing; in the averaging mode the
 *     rounds' Spark jobs (broadcast, scheduling, treeAggregate) beyond the slowest worker's compute
 * @param waitingSeconds mean time per worker waiting for the slowest one: in the all-reduce mode
 *     until every peer's first bytes of an exchange arrived; in the averaging mode the gap between
 *     the slowest and the mean worker's compute in each round
 * @param syncMillisPerStep {@code (communicationSeconds + waitingSeconds)} per step, in ms
 */
public record SparkEpoch(
    int epoch,
    double loss,
    double accuracy,
    long samples,
    double seconds,
    double samplesPerSecond,
    double computeSeconds,
    double communicationSeconds,
    double waitingSeconds,
    double syncMillisPerStep)
    implements Serializable {

  /** One line for a log: {@code epoch 2/5 loss 0.1234 acc 0.9650 ...}. */
  public String line(int epochs) {
    return String.format(
        java.util.Locale.ROOT,
        "epoch %d/%d  loss %.4f  acc %.4f  %.1f s  %.0f samples/s  compute %.2f s  comm %.2f s  wait %.2f s  sync %.2f ms/step",
        epoch,
        epochs,
        loss,
        accuracy,
        seconds,
        samplesPerSecond,
        computeSeconds,
        communicationSeconds,
        waitingSeconds,
        syncMillisPerStep);
  }
}
