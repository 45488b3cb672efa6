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
public final class AverageRound implements FlatMapFunction<java.util.Iterator<Shard>, WorkerReport> {
  private static final long serialVersionUID = 1L;

  /** The state every worker starts a round from. */
  public record Start(TensorState model, TensorState optimizer, long from, long steps)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final WorkerConfig cfg;
  private final Broadcast<Start> start;

  /** A round of the run {@code cfg} from the broadcast {@code start}. */
  public AverageRound(WorkerConfig cfg, Broadcast<Start> start) {
    this.cfg = cfg;
    this.start = start;
  }

  @Override
  public java.util.Iterator<WorkerReport> call(java.util.Iterator<Shard> partition) {
    Shard shard = partition.next();
    int rank = shard.rank();
    Start s = start.value();
    long step = s.from();
    try {
      WorkerLoop loop = new WorkerLoop(cfg, rank, shard, s.model(), s.optimizer(), false);
      loop.resumeAt(s.from(), List.of(), new double[WorkerLoop.FIELDS]);
      for (long k = 0; k < s.steps(); k++) {
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
      if (e.getMessage() != null && e.getMessage().contains("worker " + rank)) {
        throw e;
      }
      throw new IllegalStateException("SparkTrainer worker " + rank + " at step " + step + ": " + e, e);
    }
  }
}
