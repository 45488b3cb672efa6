package dev.nabla.spark.internal;

import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.spark.Factory;
import dev.nabla.spark.SerializableSupplier;
import java.io.Serializable;
import java.util.Map;

/**
 * Everything a worker task needs, shipped in its closure: the factories, the model's starting
 * state, the run's shape (workers, micro-batch, steps) and where checkpoints go.
 *
 * @param model builds the model (its parameters are then replaced by {@code initial})
 * @param loss builds the loss
 * @param optimizer builds the optimizer over the model
 * @param scheduler builds the per-epoch learning-rate schedule, or null
 * @param initial the model's starting state (the driver's model)
 * @param workers number of workers
 * @param microBatch samples per worker per step
 * @param stepsPerEpoch steps every worker runs in each epoch
 * @param epochs epochs of the run
 * @param seed the run's seed (shuffles, Dropout)
 * @param shuffle whether each epoch shuffles the worker's shard
 * @param inputShape the shape of one input (without the batch dimension)
 * @param timeoutMillis the all-reduce's timeout
 * @param token the secret every connection of the all-reduce presents
 * @param checkpointDir where rank 0 writes checkpoints (a Hadoop path), or null
 * @param checkpointEvery steps between checkpoints
 * @param hadoopConf the driver's Hadoop configuration, for the checkpoint file system
 * @param runId the run's id, written into checkpoints and required of those resumed from
 * @param threadsPerWorker kernel threads each worker expects
 * @param localMaster whether the executors are the driver's JVM (local[N])
 * @param classIndex whether the targets are class indices (accuracy is counted)
 * @param badTokenRank a test hook: the rank that presents a wrong token, or -1
 */
public record WorkerConfig(
    SerializableSupplier<Module> model,
    SerializableSupplier<Loss> loss,
    Factory<Module, Optimizer> optimizer,
    Factory<Optimizer, LRScheduler> scheduler,
    TensorState initial,
    int workers,
    int microBatch,
    long stepsPerEpoch,
    int epochs,
    long seed,
    boolean shuffle,
    int[] inputShape,
    long timeoutMillis,
    byte[] token,
    String checkpointDir,
    long checkpointEvery,
    Map<String, String> hadoopConf,
    String runId,
    int threadsPerWorker,
    boolean localMaster,
    boolean classIndex,
    int badTokenRank)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The settings a checkpoint must have been written with to be resumed: what fixes the step
   * numbering, the epochs and the data each step sees.
   */
  public String settings() {
    return "workers="
        + workers
        + " microBatch="
        + microBatch
        + " stepsPerEpoch="
        + stepsPerEpoch
        + " epochs="
        + epochs
        + " seed="
        + seed
        + " shuffle="
        + shuffle;
  }

  /** Whether {@code e}'s message already names worker {@code rank} (ours, or the collective's). */
  static boolean namesWorker(Throwable e, int rank) {
    return e.getMessage() != null
        && java.util.regex.Pattern.compile("\\bworker " + rank + "\\b")
            .matcher(e.getMessage())
            .find();
  }

  /** Total steps of the run. */
  public long totalSteps() {
    return stepsPerEpoch * epochs;
  }
}
