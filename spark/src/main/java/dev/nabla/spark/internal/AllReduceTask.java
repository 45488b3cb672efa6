package dev.nabla.spark.internal;

import dev.nabla.core.Backend;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The all-reduce mode's barrier task, one per worker for the whole run: it opens a port, meets the
 * other workers through {@code allGather} (rank 0 also says which checkpoint they all resume from),
 * connects the collective, then trains every remaining step, summing gradients each step.
 */
public final class AllReduceTask extends AbstractFunction1<Iterator<Shard>, Iterator<WorkerReport>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long the exchange after a checkpoint waits for the worker that writes or reads it. */
  static final Duration CHECKPOINT_WAIT = Duration.ofMinutes(10);

  private final WorkerConfig cfg;

  /** The task of a run configured by {@code cfg}. */
  public AllReduceTask(WorkerConfig cfg) {
    this.cfg = cfg;
  }

  @Override
  public Iterator<WorkerReport> apply(Iterator<Shard> partition) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId();
    Shard shard = partition.next();
    long step = -1;
    try {
      checkThreads(rank);
      CheckpointStore store =
          cfg.checkpointDir() == null
              ? null
              : new CheckpointStore(cfg.checkpointDir(), cfg.hadoopConf());
      InetAddress host =
          InetAddress.getByName(SparkEnv.get().blockManager().blockManagerId().host());
      try (Collective.Listener listener = Collective.listen(host)) {
        long resume = rank == 0 && store != null ? store.latestStep(cfg.runId()) : -1;
        InetSocketAddress own = listener.address();
        String[] all =
            ctx.allGather(own.getAddress().getHostAddress() + " " + own.getPort() + " " + resume);
        List<InetSocketAddress> peers = new ArrayList<>(all.length);
        for (String a : all) {
          String[] f = a.split(" ");
          peers.add(new InetSocketAddress(InetAddress.getByName(f[0]), Integer.parseInt(f[1])));
        }
        resume = Long.parseLong(all[0].split(" ")[2]);
        byte[] token = cfg.token();
        if (rank == cfg.badTokenRank()) {
          token = token.clone();
          token[0] ^= 1;
        }
        try (Collective c =
            Collective.connect(
                listener, rank, peers, token, Duration.ofMillis(cfg.timeoutMillis()))) {
          WorkerLoop loop = new WorkerLoop(cfg, rank, shard, cfg.initial(), null, true);
          if (resume > 0) {
            CheckpointStore.Restored r = store.load(resume, cfg, loop.model(), loop.optimizer());
            loop.resumeAt(r.step(), r.finishedEpochs(), r.partial());
          }
          // one worker has nothing to sum with: its gradients are the mean already
          WorkerLoop.GradientSync sync = cfg.workers() == 1 ? null : c::allReduceSum;
          Duration normal = Duration.ofMillis(cfg.timeoutMillis());
          Duration slow = normal.compareTo(CHECKPOINT_WAIT) > 0 ? normal : CHECKPOINT_WAIT;
          // the exchange after a checkpoint waits for the ranks that read or wrote it
          boolean afterCheckpoint = resume > 0;
          while (loop.step() < cfg.totalSteps()) {
            ctx.killTaskIfInterrupted(); // a cancelled job stops here, between steps
            step = loop.step();
            c.timeout(afterCheckpoint ? slow : normal);
            loop.runStep(sync, c);
            long done = loop.step();
            afterCheckpoint =
                store != null && (done % cfg.checkpointEvery() == 0 || done == cfg.totalSteps());
            if (rank == 0 && afterCheckpoint) {
              store.save(
                  done,
                  (int) (done / cfg.stepsPerEpoch()),
                  cfg,
                  loop.model(),
                  loop.optimizer(),
                  loop.finishedEpochs(),
                  loop.currentEpoch());
            }
          }
          WorkerReport report =
              new WorkerReport(
                  rank,
                  loop.finishedEpochs(),
                  rank == 0 ? TensorState.of(loop.model().stateDict()) : null,
                  rank == 0 ? TensorState.of(loop.optimizer().stateDict()) : null,
                  loop.step(),
                  ctx.stageAttemptNumber(),
                  resume);
          return CollectionConverters.asScala(List.of(report).iterator());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "SparkTrainer worker " + rank + (step < 0 ? " (setup)" : " at step " + step) + ": " + e,
          e);
    } catch (RuntimeException e) {
      if (WorkerConfig.namesWorker(e, rank)) {
        throw e;
      }
      throw new IllegalStateException(
          "SparkTrainer worker " + rank + (step < 0 ? " (setup)" : " at step " + step) + ": " + e,
          e);
    }
  }

  private void checkThreads(int rank) {
    if (!cfg.localMaster() && Backend.threads() < cfg.threadsPerWorker()) {
      throw new IllegalStateException(
          "SparkTrainer worker "
              + rank
              + ": this executor's nabla kernels use "
              + Backend.threads()
              + " thread(s), but threadsPerWorker is "
              + cfg.threadsPerWorker()
              + "; start the executors with spark.executor.extraJavaOptions=-Dnabla.threads="
              + cfg.threadsPerWorker());
    }
  }
}
