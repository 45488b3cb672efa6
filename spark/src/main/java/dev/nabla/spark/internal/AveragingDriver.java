package dev.nabla.spark.internal;

import dev.nabla.layers.Module;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.spark.SparkEpoch;
import dev.nabla.spark.SparkTrainingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's side of the averaging mode: each round broadcasts the state, runs {@link
 * AverageRound} on every shard and averages what the workers return with {@code treeAggregate};
 * checkpoints are the driver's.
 */
public final class AveragingDriver {
  private AveragingDriver() {}

  /**
   * What an attempt trained: the history, and the step it resumed from (-1: the start).
   *
   * @param history one entry per epoch
   * @param resumedFrom the checkpoint step it began at, or -1
   */
  public record Outcome(List<SparkEpoch> history, long resumedFrom) {}

  /**
   * One attempt of an averaging run: rounds of {@code k} local steps from the newest checkpoint (or
   * the start) to the end, the state averaged after each; {@code model} and {@code optimizer} end
   * with the run's state.
   */
  public static Outcome run(
      SparkContext sc,
      JavaRDD<Shard> shards,
      WorkerConfig cfg,
      Module model,
      Optimizer optimizer,
      int k)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    LRScheduler scheduler = cfg.scheduler() == null ? null : cfg.scheduler().create(optimizer);
    List<SparkEpoch> out = new ArrayList<>();
    long s = cfg.stepsPerEpoch();
    long step = 0;
    long resumedFrom = -1;
    double[] sums = new double[7]; // the epoch under way: a resumed one keeps its saved sums
    CheckpointStore store = null;
    if (cfg.checkpointDir() != null) {
      try {
        store = new CheckpointStore(cfg.checkpointDir(), cfg.hadoopConf());
        long resume = store.latestStep(cfg.runId());
        if (resume > 0) {
          CheckpointStore.Restored r = store.load(resume, cfg, model, optimizer);
          step = r.step();
          resumedFrom = step;
          sums = r.partial().clone();
          for (double[] e : r.finishedEpochs()) {
            out.add(averagedEpoch(out.size() + 1, e, cfg));
          }
          if (scheduler != null) {
            scheduler.loadStateDict(
                Map.of("last_epoch", dev.nabla.core.Tensor.scalar((double) (step / s))));
          }
        }
      } catch (IOException e) {
        throw new SparkTrainingException("SparkTrainer.fit: checkpoint: " + e.getMessage(), e);
      }
    }
    Broadcast<WorkerConfig> config = jsc.broadcast(cfg);
    try {
      while (step < cfg.totalSteps()) {
        long roundSteps = Math.min(k, s - step % s);
        long t0 = System.nanoTime();
        Broadcast<AverageRound.Start> start =
            jsc.broadcast(
                new AverageRound.Start(
                    TensorState.of(model.stateDict()),
                    TensorState.of(optimizer.stateDict()),
                    step,
                    roundSteps));
        Round round;
        try {
          round =
              shards
                  .mapPartitions(new AverageRound(config, start))
                  .treeAggregate(new Round(), Round::add, Round::merge, 2);
        } catch (Exception e) { // SparkException is checked, but Scala throws it anyway
          throw new SparkTrainingException(
              "SparkTrainer.fit: training failed in the round from step "
                  + step
                  + ": "
                  + TaskFailures.rootMessage(e),
              e);
        } finally {
          start.destroy();
        }
        long wall = System.nanoTime() - t0;
        model.loadStateDict(round.model.mean().tensors());
        optimizer.loadStateDict(round.optimizer.mean().tensors());
        double maxCompute = round.maxCompute;
        double meanCompute = round.sums[3] / round.count;
        sums[0] += round.sums[0];
        sums[1] += round.sums[1];
        sums[2] += round.sums[2];
        sums[3] += meanCompute;
        sums[4] += maxCompute - meanCompute;
        sums[5] += Math.max(0, wall - maxCompute);
        sums[6] += wall;
        step += roundSteps;
        if (step % s == 0) {
          out.add(averagedEpoch(out.size() + 1, sums, cfg));
          sums = new double[7];
          if (scheduler != null) {
            scheduler.step();
          }
        }
        // the first round end at or past each multiple of checkpointEvery, and the run's end
        if (store != null
            && (step % cfg.checkpointEvery() < roundSteps || step == cfg.totalSteps())) {
          try {
            List<double[]> finished = new ArrayList<>();
            for (SparkEpoch e : out) {
              finished.add(
                  new double[] {
                    e.loss() * e.samples(),
                    e.accuracy() * e.samples(),
                    e.samples(),
                    e.computeSeconds() * 1e9,
                    e.waitingSeconds() * 1e9,
                    e.communicationSeconds() * 1e9,
                    e.seconds() * 1e9
                  });
            }
            store.save(step, (int) (step / s), cfg, model, optimizer, finished, sums);
          } catch (IOException e) {
            throw new SparkTrainingException("SparkTrainer.fit: checkpoint: " + e.getMessage(), e);
          }
        }
      }
    } finally {
      config.destroy();
    }
    return new Outcome(out, resumedFrom);
  }

  private static SparkEpoch averagedEpoch(int epoch, double[] s, WorkerConfig cfg) {
    return Histories.epoch(epoch, s, cfg, s[3] / 1e9, s[5] / 1e9, s[4] / 1e9, s[6] / 1e9);
  }

  /** A round's partial aggregate: summed states and stats. */
  static final class Round implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    TensorState.Sum model = new TensorState.Sum();
    TensorState.Sum optimizer = new TensorState.Sum();
    double[] sums = new double[7];
    double maxCompute;
    int count;

    Round add(WorkerReport r) {
      model.add(r.rank(), r.model());
      optimizer.add(r.rank(), r.optimizer());
      double[] s = r.epochs().get(0);
      for (int i = 0; i < sums.length; i++) {
        sums[i] += s[i];
      }
      maxCompute = Math.max(maxCompute, s[3]);
      count++;
      return this;
    }

    Round merge(Round o) {
      model.merge(o.model);
      optimizer.merge(o.optimizer);
      for (int i = 0; i < sums.length; i++) {
        sums[i] += o.sums[i];
      }
      maxCompute = Math.max(maxCompute, o.maxCompute);
      count += o.count;
      return this;
    }
  }
}
