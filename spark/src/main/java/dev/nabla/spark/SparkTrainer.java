package dev.nabla.spark;

import dev.nabla.datasets.Example;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.spark.internal.AllReduceTask;
import dev.nabla.spark.internal.AverageRound;
import dev.nabla.spark.internal.AveragingDriver;
import dev.nabla.spark.internal.CheckpointStore;
import dev.nabla.spark.internal.Histories;
import dev.nabla.spark.internal.ModPartitioner;
import dev.nabla.spark.internal.Rows;
import dev.nabla.spark.internal.Sample;
import dev.nabla.spark.internal.Shard;
import dev.nabla.spark.internal.TaskFailures;
import dev.nabla.spark.internal.TensorState;
import dev.nabla.spark.internal.WorkerConfig;
import dev.nabla.spark.internal.WorkerReport;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Data-parallel training of a nabla model on Apache Spark, in the shape of Spark's {@code
 * TorchDistributor}: the data stays in Spark (a {@code DataFrame} or an RDD of {@link Example}s),
 * it is split into one shard per worker, and the workers train one model with a global batch split
 * between them.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder()
 *     .model(() -> mlp())                         // built on the driver and on every worker
 *     .loss(CrossEntropyLoss::new)
 *     .optimizer(m -> new Adam(m.parameters(), 1e-3))
 *     .workers(2).globalBatchSize(32).epochs(5).seed(1)
 *     .build();
 * SparkTrainer.Result r = trainer.fit(df, "features", "label");
 * r.model();     // the trained model, on the driver
 * r.history();   // loss, accuracy, samples/s and the time split, per epoch
 * }</pre>
 *
 * <p>Each step every worker takes {@code globalBatchSize / workers} samples of its shard; in the
 * default {@link SyncMode#allReduce()} mode the gradients are summed in rank order and averaged, so
 * the update is the one a single process would make from the whole global batch (see {@link
 * SyncMode}). Steps per epoch are {@code floor(rows / globalBatchSize)}, fixed by the driver for
 * every worker: shards (whose sizes differ by at most one row) are trimmed, or padded by repeating
 * their own rows, to that many micro-batches. Every worker shuffles its shard each epoch and
 * reseeds its Dropout layers each step from the run's seed, its rank and the epoch or step, so a
 * run is reproducible. With a checkpoint folder, the first worker (the driver, in the averaging
 * mode) writes a checkpoint every {@code checkpointEvery} steps, and a failed run resumes from the
 * newest one: Spark's own retry of the stage, then up to {@code maxAttempts} runs of the job.
 */
public final class SparkTrainer {
  private static final System.Logger LOG = System.getLogger("dev.nabla.spark");
  private static final ClassTag<WorkerReport> REPORT = ClassTag$.MODULE$.apply(WorkerReport.class);

  private final Builder b;

  private SparkTrainer(Builder b) {
    this.b = b;
  }

  /** A builder; {@code model}, {@code loss} and {@code optimizer} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What {@link #fit} returns.
   *
   * @param model the trained model, on the driver
   * @param optimizer its optimizer, with the state it ended with (to go on training locally)
   * @param history one entry per epoch
   * @param attempts how many times the training stage ran (more than 1 after a failure it recovered
   *     from: Spark's retries of the stage and this trainer's reruns of the job)
   * @param resumedFromStep the checkpoint step the last attempt resumed from, or -1 when it started
   *     from the beginning
   */
  public record Result(
      Module model,
      Optimizer optimizer,
      List<SparkEpoch> history,
      int attempts,
      long resumedFromStep) {
    /** The last epoch. */
    public SparkEpoch last() {
      return history.get(history.size() - 1);
    }
  }

  /** The settings of a {@link SparkTrainer}. */
  public static final class Builder {
    private SerializableSupplier<Module> model;
    private SerializableSupplier<Loss> loss;
    private Factory<Module, Optimizer> optimizer;
    private Factory<Optimizer, LRScheduler> scheduler;
    private int workers = 2;
    private int threadsPerWorker = 1;
    private int globalBatchSize = 32;
    private int epochs = 1;
    private long seed = 0;
    private boolean shuffle = true;
    private SyncMode mode = SyncMode.allReduce();
    private int[] inputShape;
    private Duration timeout = Duration.ofSeconds(60);
    private String checkpointDir;
    private long checkpointEvery = 500;
    private boolean resume;
    private int maxAttempts = 3;
    private int badTokenRank = -1;

    private Builder() {}

    /**
     * Builds the model, on the driver and on every worker. Every worker starts from the driver's
     * parameters, so the factory need not be deterministic.
     */
    public Builder model(SerializableSupplier<Module> factory) {
      this.model = factory;
      return this;
    }

    /** Builds the loss on every worker, e.g. {@code CrossEntropyLoss::new}. */
    public Builder loss(SerializableSupplier<Loss> factory) {
      this.loss = factory;
      return this;
    }

    /** Builds the optimizer over a model, e.g. {@code m -> new Adam(m.parameters(), 1e-3)}. */
    public Builder optimizer(Factory<Module, Optimizer> factory) {
      this.optimizer = factory;
      return this;
    }

    /** Builds a learning-rate schedule stepped at each epoch's end, e.g. cosine decay. */
    public Builder scheduler(Factory<Optimizer, LRScheduler> factory) {
      this.scheduler = factory;
      return this;
    }

    /** Number of workers (Spark tasks, one shard each), 2 by default. */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /**
     * Kernel threads each worker uses, 1 by default: it must equal {@code spark.task.cpus}, and on
     * a cluster each executor must run nabla with as many ({@code
     * spark.executor.extraJavaOptions=-Dnabla.threads=T}).
     */
    public Builder threadsPerWorker(int t) {
      this.threadsPerWorker = t;
      return this;
    }

    /** Samples per step over all workers (a multiple of the worker count), 32 by default. */
    public Builder globalBatchSize(int size) {
      this.globalBatchSize = size;
      return this;
    }

    /** Passes over the data, 1 by default. */
    public Builder epochs(int n) {
      this.epochs = n;
      return this;
    }

    /** The seed of the shuffles and Dropout masks, 0 by default. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Whether each worker shuffles its shard every epoch (true by default). */
    public Builder shuffle(boolean on) {
      this.shuffle = on;
      return this;
    }

    /** {@link SyncMode#allReduce()} (the default) or {@link SyncMode#averageEvery(int)}. */
    public Builder mode(SyncMode m) {
      this.mode = m;
      return this;
    }

    /**
     * The shape of one input, without the batch dimension, e.g. {@code 1, 28, 28} for a convnet fed
     * 784-value rows; by default the rows' values as one dimension (or channels × height × width
     * for an image column).
     */
    public Builder inputShape(int... shape) {
      this.inputShape = shape == null ? null : shape.clone();
      return this;
    }

    /**
     * How long a worker waits, in the all-reduce mode, for a peer that sends nothing (a dead or
     * stuck worker) before the run fails naming it; 60 s by default.
     */
    public Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    /**
     * Writes a checkpoint every {@code everySteps} steps to {@code dir} (a path Spark's Hadoop file
     * systems reach: a local folder, {@code file:}, {@code hdfs:}; on a cluster, one every executor
     * reads), and resumes a failed run from the newest one.
     */
    public Builder checkpoint(String dir, long everySteps) {
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException(
            "SparkTrainer.builder: checkpoint needs a folder, got "
                + (dir == null ? null : "'" + dir + "'"));
      }
      this.checkpointDir = dir;
      this.checkpointEvery = everySteps;
      return this;
    }

    /**
     * Continue the run whose checkpoints are in the checkpoint folder (same settings), instead of
     * refusing a folder that already holds checkpoints.
     */
    public Builder resume(boolean on) {
      this.resume = on;
      return this;
    }

    /** Runs of the training job before a failure is final (3 by default; with checkpoints). */
    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    /** Test hook: worker {@code rank} presents a wrong token to its peers. */
    Builder badTokenRank(int rank) {
      this.badTokenRank = rank;
      return this;
    }

    /** Checks the settings and builds the trainer. */
    public SparkTrainer build() {
      List<String> bad = new ArrayList<>();
      if (model == null) bad.add("model (a factory) is required");
      if (loss == null) bad.add("loss (a factory) is required");
      if (optimizer == null) bad.add("optimizer (a factory) is required");
      if (workers < 1) bad.add("workers must be at least 1, got " + workers);
      if (threadsPerWorker < 1)
        bad.add("threadsPerWorker must be at least 1, got " + threadsPerWorker);
      if (globalBatchSize < 1 || workers >= 1 && globalBatchSize % workers != 0) {
        bad.add(
            "globalBatchSize must be a positive multiple of workers ("
                + workers
                + "), got "
                + globalBatchSize);
      }
      if (epochs < 1) bad.add("epochs must be at least 1, got " + epochs);
      if (mode == null) bad.add("mode must not be null");
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        bad.add("timeout must be positive, got " + timeout);
      }
      if (checkpointDir != null && checkpointEvery < 1) {
        bad.add("checkpoint every must be at least 1 step, got " + checkpointEvery);
      }
      if (maxAttempts < 1) bad.add("maxAttempts must be at least 1, got " + maxAttempts);
      if (resume && checkpointDir == null) {
        bad.add("resume(true) needs a checkpoint folder (checkpoint(dir, everySteps))");
      }
      if (inputShape != null && Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
        bad.add("inputShape must have positive sizes, got " + Arrays.toString(inputShape));
      }
      if (!bad.isEmpty()) {
        throw new IllegalArgumentException("SparkTrainer.builder: " + String.join("; ", bad));
      }
      return new SparkTrainer(this);
    }
  }

  // ---------------------------------------------------------------- fit

  /**
   * Trains on {@code data}: {@code features} is an {@code array<float>} / {@code array<double>}
   * column or an image column (Spark's image source), {@code label} an integer column (class
   * indices), a float/double column or an array column (targets).
   */
  public Result fit(org.apache.spark.sql.Dataset<Row> data, String features, String label) {
    if (data == null || features == null || label == null) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: data, features and label must not be null");
    }
    if (features.equals(label)) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: features and label must be two columns, got '" + features + "' twice");
    }
    Rows.converter(data.schema(), features, label); // checks the columns, naming the frame's
    org.apache.spark.sql.Dataset<Row> selected = data.select(features, label);
    var convert = Rows.converter(selected.schema(), features, label);
    JavaRDD<Sample> samples = selected.javaRDD().map(convert);
    return train(samples);
  }

  /**
   * Trains on an RDD of examples: each an input (FLOAT32, without a batch dimension) and a target
   * (an INT32 class index, or FLOAT32 values). The examples must be made on the executors (nabla's
   * tensors are not serializable), e.g. {@code sc.parallelize(indices).map(dataset::get)}.
   */
  public Result fit(JavaRDD<Example> data) {
    if (data == null) {
      throw new IllegalArgumentException("SparkTrainer.fit: data must not be null");
    }
    return train(data.map(Rows::of));
  }

  private Result train(JavaRDD<Sample> samples) {
    SparkContext sc = samples.context();
    int n = b.workers;
    checkCluster(sc);
    JavaRDD<Shard> shards;
    try { // zipWithIndex runs a job: the rows are read here first
      shards =
          samples
              .zipWithIndex()
              .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
              .partitionBy(new ModPartitioner(n))
              .mapPartitionsWithIndex(
                  (rank, rows) -> List.of(Shard.pack(rank, rows)).iterator(), true)
              .persist(StorageLevel.MEMORY_AND_DISK());
    } catch (Exception e) { // SparkException is checked, but Scala throws it anyway
      throw inputError(e);
    }
    try {
      List<int[]> sizes;
      try {
        sizes =
            shards
                .map(
                    s -> {
                      int[] shape = s.exampleShape() == null ? new int[0] : s.exampleShape();
                      int[] row = new int[4 + shape.length];
                      row[0] = s.rank();
                      row[1] = s.size();
                      row[2] = s.inputLength();
                      row[3] = s.targetLength();
                      System.arraycopy(shape, 0, row, 4, shape.length);
                      return row;
                    })
                .collect();
      } catch (Exception e) { // SparkException is checked, but Scala throws it anyway
        throw inputError(e);
      }
      long rows = 0;
      int inputLength = -1;
      int targetLength = -1;
      for (int[] s : sizes) {
        rows += s[1];
        if (s[1] == 0) {
          continue;
        }
        if (inputLength >= 0 && (s[2] != inputLength || s[3] != targetLength)) {
          throw new IllegalArgumentException(
              "SparkTrainer.fit: the rows differ in length: worker "
                  + s[0]
                  + "'s have "
                  + s[2]
                  + " input and "
                  + s[3]
                  + " target values, another's "
                  + inputLength
                  + " and "
                  + targetLength);
        }
        inputLength = s[2];
        targetLength = s[3];
      }
      long steps = rows / b.globalBatchSize;
      if (steps == 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: the data has "
                + rows
                + " rows, fewer than one global batch of "
                + b.globalBatchSize);
      }
      int[] exampleShape = null;
      for (int[] sz : sizes) {
        if (sz[1] > 0 && sz.length > 4) {
          exampleShape = Arrays.copyOfRange(sz, 4, sz.length);
          break;
        }
      }
      // by default the examples' own shape, or the rows' values as one dimension
      int[] shape =
          b.inputShape != null
              ? b.inputShape
              : exampleShape != null ? exampleShape : new int[] {inputLength};
      if (Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y) != inputLength) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: inputShape "
                + Arrays.toString(shape)
                + " holds "
                + Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y)
                + " values, but each row has "
                + inputLength);
      }
      Module model = b.model.get();
      Optimizer optimizer = b.optimizer.create(model);
      WorkerConfig cfg = config(sc, model, steps, shape, targetLength == 0);
      Run run =
          b.mode instanceof SyncMode.AverageEvery avg
              ? average(sc, shards, cfg, model, optimizer, avg.k())
              : allReduce(sc, shards, cfg, model, optimizer);
      return new Result(
          model,
          optimizer,
          Collections.unmodifiableList(run.history()),
          run.attempts(),
          run.resumedFrom());
    } finally {
      shards.unpersist(false);
    }
  }

  /**
   * A bad row found on an executor (a null, a ragged array, a negative label) as the same
   * IllegalArgumentException the driver's own checks throw, not as Spark's job failure.
   */
  private static RuntimeException inputError(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae
          && iae.getMessage() != null
          && iae.getMessage().startsWith("SparkTrainer")) {
        return new IllegalArgumentException(iae.getMessage(), e);
      }
    }
    Matcher m =
        Pattern.compile("SparkTrainer(\\.fit)?: [^\\n]*").matcher(String.valueOf(e.getMessage()));
    if (m.find()) {
      return new IllegalArgumentException(m.group(), e);
    }
    return new SparkTrainingException(
        "SparkTrainer.fit: reading the data failed: " + TaskFailures.rootMessage(e), e);
  }

  private void checkCluster(SparkContext sc) {
    int taskCpus = sc.conf().getInt("spark.task.cpus", 1);
    if (taskCpus != b.threadsPerWorker) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: threadsPerWorker is "
              + b.threadsPerWorker
              + " but spark.task.cpus is "
              + taskCpus
              + "; set spark.task.cpus="
              + b.threadsPerWorker
              + " so that Spark gives each worker as many cores as it computes with");
    }
    awaitSlots(sc);
  }

  private void awaitSlots(SparkContext sc) {
    int taskCpus = sc.conf().getInt("spark.task.cpus", 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (slots(sc) < b.workers) {
      if (System.nanoTime() > deadline) {
        throw new SparkTrainingException(
            "SparkTrainer.fit: "
                + b.workers
                + " workers need "
                + b.workers
                + " task slots at once (a barrier stage), but the cluster offers "
                + slots(sc)
                + " (master "
                + sc.master()
                + ", spark.task.cpus="
                + taskCpus
                + ") after waiting 120 s for executors",
            null);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("SparkTrainer.fit: interrupted waiting for executors", e);
      }
    }
  }

  /**
   * Tasks the cluster can run at once: what Spark's own barrier check counts ({@code
   * maxNumConcurrentTasks}, internal to Spark but public in its bytecode), else an estimate.
   */
  private static int slots(SparkContext sc) {
    try {
      return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    } catch (RuntimeException | LinkageError e) {
      int taskCpus = sc.conf().getInt("spark.task.cpus", 1);
      int executors = sc.statusTracker().getExecutorInfos().length - (sc.isLocal() ? 0 : 1);
      return executors <= 0 ? 0 : sc.defaultParallelism() / taskCpus;
    }
  }

  private WorkerConfig config(
      SparkContext sc, Module model, long steps, int[] shape, boolean classIndex) {
    Map<String, String> hadoop = new HashMap<>();
    sc.hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
    byte[] token = new byte[32];
    new SecureRandom().nextBytes(token);
    String runId = UUID.randomUUID().toString();
    if (b.checkpointDir != null) {
      try {
        CheckpointStore store = new CheckpointStore(b.checkpointDir, hadoop);
        String previous = store.latestRun();
        if (previous != null && !b.resume) {
          throw new IllegalArgumentException(
              "SparkTrainer.fit: checkpoint folder "
                  + b.checkpointDir
                  + " already holds checkpoints of another run; pass resume(true) to continue it,"
                  + " or give an empty folder");
        }
        if (previous != null) {
          runId = previous;
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: cannot read checkpoint folder " + b.checkpointDir + ": " + e, e);
      }
    }
    WorkerConfig cfg =
        new WorkerConfig(
            b.model,
            b.loss,
            b.optimizer,
            b.scheduler,
            TensorState.of(model.stateDict()),
            b.workers,
            b.globalBatchSize / b.workers,
            steps,
            b.epochs,
            b.seed,
            b.shuffle,
            shape,
            b.timeout.toMillis(),
            token,
            b.checkpointDir,
            b.checkpointEvery,
            hadoop,
            runId,
            b.threadsPerWorker,
            sc.isLocal(),
            classIndex,
            b.badTokenRank);
    if (b.checkpointDir != null && b.resume) {
      try {
        new CheckpointStore(b.checkpointDir, hadoop).requireSettings(cfg);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: cannot read checkpoint folder " + b.checkpointDir + ": " + e, e);
      }
    }
    requireSerializable(cfg);
    return cfg;
  }

  /**
   * Fails before any job when what the workers need cannot be shipped to them (a factory lambda
   * that captures a model, a SparkSession, ...), instead of once per attempt inside Spark.
   */
  private static void requireSerializable(WorkerConfig cfg) {
    try (var out = new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
      out.writeObject(cfg);
    } catch (java.io.NotSerializableException e) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: the model, loss, optimizer or scheduler factory cannot be sent to the"
              + " workers: it holds a "
              + e.getMessage()
              + ", which is not serializable; build it inside the factory instead of capturing it",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: the settings cannot be sent to the workers: " + e, e);
    }
  }

  private record Run(List<SparkEpoch> history, int attempts, long resumedFrom) {}

  // ---------------------------------------------------------------- all-reduce

  /** One run of the training job; a later attempt resumes from the newest checkpoint. */
  private interface Attempt {
    Run run(int attempt) throws Exception;
  }

  /**
   * Runs {@code body} until it succeeds or {@code maxAttempts} runs have failed (one without a
   * checkpoint folder, since nothing could resume), under a job group of its own whose task
   * failures name the worker in the error.
   */
  private Run withAttempts(SparkContext sc, WorkerConfig cfg, Attempt body) {
    TaskFailures failures = new TaskFailures(cfg.runId());
    sc.addSparkListener(failures);
    String[] keys = {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      saved[i] = sc.getLocalProperty(keys[i]);
    }
    // the run's jobs, so that its failures are told from other jobs' and cancelling it interrupts
    sc.setLocalProperty(keys[0], cfg.runId());
    sc.setLocalProperty(keys[1], "nabla SparkTrainer " + cfg.settings());
    sc.setLocalProperty(keys[2], "true");
    try {
      for (int attempt = 1; ; attempt++) {
        failures.clear();
        try {
          if (attempt > 1) {
            awaitSlots(sc); // a lost executor's replacement; Spark waits 15 s between its checks
          }
          return body.run(attempt);
        } catch (Exception e) { // Spark's SparkException is checked, but Scala throws it anyway
          if (e instanceof IllegalArgumentException iae) {
            throw iae;
          }
          String why = failures.describe(sc, e);
          boolean hopeless = why.contains("training diverged");
          boolean retry = cfg.checkpointDir() != null && attempt < b.maxAttempts && !hopeless;
          if (!retry) {
            throw new SparkTrainingException(
                "SparkTrainer.fit: training failed"
                    + (attempt > 1 ? " (attempt " + attempt + " of " + b.maxAttempts + ")" : "")
                    + ": "
                    + why,
                e);
          }
          LOG.log(
              System.Logger.Level.WARNING,
              "SparkTrainer: attempt "
                  + attempt
                  + " failed ("
                  + why
                  + "); resuming from the newest checkpoint in "
                  + cfg.checkpointDir());
        }
      }
    } finally {
      for (int i = 0; i < keys.length; i++) {
        sc.setLocalProperty(keys[i], saved[i]);
      }
      sc.removeSparkListener(failures);
    }
  }

  // ---------------------------------------------------------------- all-reduce

  private Run allReduce(
      SparkContext sc, JavaRDD<Shard> shards, WorkerConfig cfg, Module model, Optimizer optimizer) {
    return withAttempts(
        sc,
        cfg,
        attempt -> {
          RDD<WorkerReport> rdd =
              shards.rdd().barrier().mapPartitions(new AllReduceTask(cfg), false, REPORT);
          List<WorkerReport> reports = new ArrayList<>(new JavaRDD<>(rdd, REPORT).collect());
          reports.sort((x, y) -> Integer.compare(x.rank(), y.rank()));
          WorkerReport first = reports.get(0);
          model.loadStateDict(first.model().tensors());
          optimizer.loadStateDict(first.optimizer().tensors());
          return new Run(
              Histories.allReduce(reports, cfg), attempt + first.attempt(), first.resumedFrom());
        });
  }

  // ---------------------------------------------------------------- averaging

  private Run average(
      SparkContext sc,
      JavaRDD<Shard> shards,
      WorkerConfig cfg,
      Module model,
      Optimizer optimizer,
      int k) {
    try {
      return withAttempts(
          sc,
          cfg,
          attempt -> {
            AveragingDriver.Outcome o = AveragingDriver.run(sc, shards, cfg, model, optimizer, k);
            return new Run(o.history(), attempt, o.resumedFrom());
          });
    } finally {
      AverageRound.forget(cfg.runId());
    }
  }
}
