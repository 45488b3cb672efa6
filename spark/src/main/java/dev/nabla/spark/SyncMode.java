package dev.nabla.spark;

import java.io.Serializable;

/**
 * How the workers of a {@link SparkTrainer} keep one model.
 *
 * <ul>
 *   <li>{@link #allReduce()} (the default): one Spark barrier stage runs one task per worker for
 *       the whole run; the tasks meet once through {@code BarrierTaskContext.allGather}, then sum
 *       their gradients every step over TCP connections between themselves, so every worker applies
 *       the same averaged gradient and keeps the same parameters and optimizer state. Each worker
 *       opens one TCP port (ephemeral, on its executor's address).
 *   <li>{@link #averageEvery(int)}: pure Spark, no ports between executors: each round, the workers
 *       train {@code k} local steps from the same parameters and optimizer state, which are then
 *       averaged with {@code treeAggregate} and broadcast for the next round (local SGD, as
 *       Deeplearning4j's parameter averaging).
 * </ul>
 */
public sealed interface SyncMode extends Serializable {
  /** Gradients summed every step over TCP between the workers. */
  static SyncMode allReduce() {
    return new AllReduce();
  }

  /**
   * Parameters and optimizer state averaged by Spark every {@code k} local steps.
   *
   * @throws IllegalArgumentException when {@code k < 1}
   */
  static SyncMode averageEvery(int k) {
    return new AverageEvery(k);
  }

  /** The all-reduce mode; see {@link SyncMode}. */
  record AllReduce() implements SyncMode {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "allReduce";
    }
  }

  /**
   * The parameter-averaging mode; see {@link SyncMode}.
   *
   * @param k local steps between averages, at least 1
   */
  record AverageEvery(int k) implements SyncMode {
    private static final long serialVersionUID = 1L;

    /** Checks {@code k}. */
    public AverageEvery {
      if (k < 1) {
        throw new IllegalArgumentException(
            "SyncMode.averageEvery: k (local steps between averages) must be at least 1, got " + k);
      }
    }

    @Override
    public String toString() {
      return "averageEvery(" + k + ")";
    }
  }
}
