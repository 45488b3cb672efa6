package dev.nabla.spark.internal;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of the averaging mode, as a plain Spark task per worker: start from the broadcast
 * parameters and optimizer state, train {@code steps} local steps from global step {@code from},
 * and return the new state and the round's sums for the driver's {@code treeAggregate}.
 */
public final class AverageRound
    implements FlatMapFunction<java.util.Iterator<Shard>, WorkerReport> {
  private static final long serialVersionUID = 1L;

  /** The state every worker starts a round from. */
  public record Start(TensorState model, TensorState optimizer, long from, long steps)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Broadcast<WorkerConfig> config;
  private final Broadcast<Start> start;
  private transient WorkerConfig cfg;

  /**
   * A round of the run {@code config} (broadcast once for the run, not shipped with every round's
   * tasks) from the broadcast {@code start}.
   */
  public AverageRound(Broadcast<WorkerConfig> config, Broadcast<Start> start) {
    this.config = config;
    this.start = start;
  }

  /**
   * The worker of the latest run per rank in this executor JVM, kept between rounds: building the
   * model and optimizer again each round would cost more than the round's steps. At most one per
   * rank is kept (a new run replaces it).
   */
  private static final java.util.concurrent.ConcurrentHashMap<Integer, Kept> KEPT =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Kept(
      String runId, Shard shard, WorkerLoop loop, java.util.concurrent.atomic.AtomicBoolean busy) {}

  /** Drops this JVM's kept workers of run {@code runId} (the driver's, in local mode). */
  public static void forget(String runId) {
    KEPT.values().removeIf(k -> k.runId().equals(runId));
  }

  private WorkerLoop worker(int rank, Shard shard, Start s) {
    Kept k = KEPT.get(rank);
    // a second task of this rank at the same time (a speculative copy) builds its own worker
    if (k != null
        && k.runId().equals(cfg.runId())
        && k.shard() == shard
        && k.busy().compareAndSet(false, true)) {
      k.loop().optimizer().bindToCurrentThread(); // each round's task runs on a thread of its own
      k.loop().model().loadStateDict(s.model().tensors());
      k.loop().optimizer().loadStateDict(s.optimizer().tensors());
      return k.loop();
    }
    WorkerLoop loop = new WorkerLoop(cfg, rank, shard, s.model(), s.optimizer(), false);
    KEPT.put(
        rank,
        new Kept(cfg.runId(), shard, loop, new java.util.concurrent.atomic.AtomicBoolean(true)));
    return loop;
  }

  @Override
  public java.util.Iterator<WorkerReport> call(java.util.Iterator<Shard> partition) {
    cfg = config.value();
    Shard shard = partition.next();
    int rank = shard.rank();
    Start s = start.value();
    long step = s.from();
    WorkerLoop loop = null;
    try {
      loop = worker(rank, shard, s);
      loop.resumeAt(s.from(), List.of(), new double[WorkerLoop.FIELDS]);
      TaskContext task = TaskContext.get();
      for (long k = 0; k < s.steps(); k++) {
        if (task != null) {
          task.killTaskIfInterrupted(); // a cancelled job stops here, between steps
        }
        step = loop.step();
        loop.runStep(null, null);
      }
      double[] sums =
          loop.finishedEpochs().isEmpty() ? loop.currentEpoch() : loop.finishedEpochs().get(0);
      TaskContext ctx = TaskContext.get();
      return List.of(
              new WorkerReport(
                  rank,
                  List.of(sums),
                  TensorState.of(loop.model().stateDict()),
                  TensorState.of(loop.optimizer().stateDict()),
                  loop.step(),
                  ctx == null ? 0 : ctx.stageAttemptNumber(),
                  s.from()))
          .iterator();
    } catch (RuntimeException e) {
      if (WorkerConfig.namesWorker(e, rank)) {
        throw e;
      }
      throw new IllegalStateException(
          "SparkTrainer worker " + rank + " at step " + step + ": " + e, e);
    } finally {
      Kept k = KEPT.get(rank);
      if (k != null && k.loop() == loop) {
        k.busy().set(false);
      }
    }
  }
}
