package dev.nabla.spark.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.Example;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One worker's training loop, the same in both modes: builds the model, loss and optimizer from the
 * factories, starts from the driver's parameters, and runs global steps on micro-batches of its
 * shard. In the all-reduce mode each step's gradients (and the step's loss and accuracy counts) go
 * through a {@link GradientSync} before the optimizer applies them.
 */
public final class WorkerLoop {
  /** Sums a float array over the workers, in place (the all-reduce). */
  public interface GradientSync {
    /** In place: {@code data} becomes the sum over the workers; {@code step} is the global step. */
    void allReduceSum(float[] data, long step);
  }

  /** Per-epoch sums: loss × samples, correct, samples, compute, waiting, transfer and wall ns. */
  static final int LOSS = 0, CORRECT = 1, COUNT = 2, COMPUTE = 3, WAIT = 4, TRANSFER = 5, WALL = 6;

  static final int FIELDS = 7;

  private final WorkerConfig cfg;
  private final int rank;
  private final Shard shard;
  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final LRScheduler scheduler;
  private final List<Dropout> dropouts = new ArrayList<>();
  private final List<Tensor> params;
  private final List<String> names;
  private final int paramValues;
  private final boolean classIndex;
  private float[] buffer;
  private int[] order;
  private int orderEpoch = -1;
  private long step;
  private double[] current = new double[FIELDS];
  private final List<double[]> finished = new ArrayList<>();

  /**
   * A worker over {@code shard}, its model built by the factory and given {@code start}'s values.
   *
   * @param stepScheduler whether this loop steps the learning-rate schedule at epoch ends (the
   *     all-reduce mode; in the averaging mode the driver does)
   */
  public WorkerLoop(
      WorkerConfig cfg,
      int rank,
      Shard shard,
      TensorState start,
      TensorState optimizerState,
      boolean stepScheduler) {
    this.cfg = cfg;
    this.rank = rank;
    this.shard = shard;
    this.model = cfg.model().get();
    if (model == null) {
      throw new IllegalStateException("SparkTrainer: the model factory returned null");
    }
    model.loadStateDict(start.tensors());
    this.loss = cfg.loss().get();
    this.optimizer = cfg.optimizer().create(model);
    if (optimizerState != null) {
      optimizer.loadStateDict(optimizerState.tensors());
    }
    this.scheduler =
        stepScheduler && cfg.scheduler() != null ? cfg.scheduler().create(optimizer) : null;
    for (Module m : model.namedModules().values()) {
      if (m instanceof Dropout d) {
        dropouts.add(d);
      }
    }
    Map<String, Tensor> named = model.namedParameters();
    this.params = new ArrayList<>(named.values());
    this.names = new ArrayList<>(named.keySet());
    long count = 0;
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (p.dtype() != DType.FLOAT32) {
        throw new IllegalArgumentException(
            "SparkTrainer: parameter '"
                + names.get(i)
                + "' is "
                + p.dtype()
                + "; data-parallel training sums FLOAT32 gradients, so the model must be FLOAT32");
      }
      count += p.size();
    }
    if (count + 3 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "SparkTrainer: the model has " + count + " parameters, more than one array can hold");
    }
    this.paramValues = (int) count;
    this.classIndex = shard.targetLength() == 0;
  }

  /** Global steps done. */
  public long step() {
    return step;
  }

  /** The worker's model. */
  public Module model() {
    return model;
  }

  /** The worker's optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The epochs finished so far, as per-epoch sums (see the field indices). */
  public List<double[]> finishedEpochs() {
    return finished;
  }

  /** The sums of the epoch under way. */
  public double[] currentEpoch() {
    return current;
  }

  /**
   * Continues from a checkpoint taken after {@code stepsDone} steps, with the epochs finished by
   * then and the sums of the one under way.
   */
  public void resumeAt(long stepsDone, List<double[]> finishedEpochs, double[] partial) {
    step = stepsDone;
    finished.clear();
    finished.addAll(finishedEpochs);
    current = partial.clone();
    if (scheduler != null) {
      int epochsDone = (int) (stepsDone / cfg.stepsPerEpoch());
      scheduler.loadStateDict(Map.of("last_epoch", Tensor.scalar((double) epochsDone)));
    }
  }

  /**
   * Runs global step {@link #step()}: a micro-batch forward and backward, the gradient sum through
   * {@code sync} (null: this worker's gradient alone), the optimizer's update; the time goes into
   * the epoch's compute, waiting (as {@code collective} counts it) and transfer sums.
   */
  public void runStep(GradientSync sync, Collective collective) {
    long s = cfg.stepsPerEpoch();
    int b = cfg.microBatch();
    int epoch = (int) (step / s);
    int pos = (int) (step % s);
    long t0 = System.nanoTime();
    if (epoch != orderEpoch) {
      order =
          shard.order(
              Math.toIntExact(s * b),
              cfg.shuffle(),
              Seeds.of(cfg.seed(), Seeds.SHUFFLE, rank, epoch));
      orderEpoch = epoch;
    }
    for (int i = 0; i < dropouts.size(); i++) {
      dropouts.get(i).reseed(Seeds.of(cfg.seed(), Seeds.DROPOUT + i, rank, step));
    }
    Example batch = shard.batch(order, pos * b, b, cfg.inputShape());
    model.train();
    optimizer.zeroGrad();
    Tensor out = model.apply(batch.input());
    Tensor value = loss.apply(out, batch.target());
    if (value.size() != 1) {
      throw new IllegalStateException(
          "SparkTrainer: the loss must be a scalar, the mean over the micro-batch (Reduction.MEAN,"
              + " which the averaged gradient assumes), got shape "
              + Arrays.toString(value.shape()));
    }
    double v = value.item();
    value.backward();
    double correct = classIndex ? Metrics.correct(out, batch.target()) : 0;
    double lossSum = v * b;
    double count = b;
    long syncNanos = 0;
    long waitNanos = 0;
    if (sync != null) {
      float[] buf = gradientsToBuffer();
      buf[paramValues] = (float) lossSum;
      buf[paramValues + 1] = (float) correct;
      buf[paramValues + 2] = (float) count;
      long waitBefore = collective == null ? 0 : collective.waitingNanos();
      long t1 = System.nanoTime();
      sync.allReduceSum(buf, step);
      syncNanos = System.nanoTime() - t1;
      waitNanos = collective == null ? 0 : collective.waitingNanos() - waitBefore;
      bufferToGradients(buf, 1.0 / cfg.workers());
      lossSum = buf[paramValues];
      correct = buf[paramValues + 1];
      count = buf[paramValues + 2];
    }
    if (!Double.isFinite(lossSum)) {
      throw new IllegalStateException(
          "SparkTrainer: worker "
              + rank
              + ": training diverged at step "
              + step
              + " (epoch "
              + (epoch + 1)
              + "): the loss is "
              + lossSum / count
              + (sync != null ? " (the mean over every worker's micro-batch)" : "")
              + ". Stopped before this step's update; lower the learning rate or clip gradients");
    }
    optimizer.step();
    long wall = System.nanoTime() - t0;
    current[LOSS] += lossSum;
    current[CORRECT] += correct;
    current[COUNT] += count;
    current[COMPUTE] += wall - syncNanos;
    current[WAIT] += waitNanos;
    current[TRANSFER] += syncNanos - waitNanos;
    current[WALL] += wall;
    step++;
    if (step % s == 0) {
      finished.add(current);
      current = new double[FIELDS];
      if (scheduler != null) {
        scheduler.step();
      }
    }
  }

  private float[] gradientsToBuffer() {
    if (buffer == null) {
      buffer = new float[paramValues + 3];
    }
    int off = 0;
    for (Tensor p : params) {
      Tensor g = p.grad();
      if (g == null) {
        // not reached by this worker's backward: a zero gradient, so the sum still lines up
        p.mul(0.0).sum().backward();
        g = p.grad();
      }
      int n = p.size();
      System.arraycopy(g.floatStorage(), 0, buffer, off, n);
      off += n;
    }
    return buffer;
  }

  private void bufferToGradients(float[] buf, double scale) {
    int off = 0;
    for (Tensor p : params) {
      Tensor g = p.grad();
      int n = p.size();
      System.arraycopy(buf, off, g.floatStorage(), 0, n);
      g.mulInPlace(scale);
      off += n;
    }
  }
}
