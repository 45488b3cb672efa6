package dev.nabla.spark.examples;

import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.CosineAnnealingLR;
import dev.nabla.spark.SparkEpoch;
import dev.nabla.spark.SparkTrainer;
import dev.nabla.spark.SyncMode;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.EpochStats;
import dev.nabla.train.History;
import dev.nabla.train.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./nabla spark-mnist}: the {@code mnist-mlp} example (784-256-128-10 ReLU, cross-entropy,
 * Adam with cosine decay, global batch 32, standardised pixels) trained data-parallel on Spark, so
 * its accuracy can be set beside {@code ./nabla mnist-mlp --epochs N}'s.
 */
@Command(
    name = "spark-mnist",
    description =
        "The mnist-mlp model and recipe trained on Apache Spark by SparkTrainer: the global batch is split over the workers.")
public final class SparkMnist implements Callable<Integer> {
  /** The synchronisation modes, as typed. */
  enum Mode {
    allreduce,
    average
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Option(names = "--workers", description = "workers (Spark tasks), default ${DEFAULT-VALUE}")
  int workers = 2;

  @Option(
      names = "--mode",
      description =
          "${COMPLETION-CANDIDATES}, default ${DEFAULT-VALUE}: gradients summed over TCP every step, or parameters averaged by Spark every --average-every steps")
  Mode mode = Mode.allreduce;

  @Option(
      names = "--average-every",
      paramLabel = "K",
      description = "local steps between averages in --mode average, default ${DEFAULT-VALUE}")
  int averageEvery = 8;

  @Option(
      names = "--master",
      description =
          "Spark master, default ${DEFAULT-VALUE} (spark-submit's --master wins when set)")
  String master = "local[2]";

  @Option(names = "--epochs", description = "default ${DEFAULT-VALUE}")
  int epochs = 10;

  @Option(names = "--batch-size", description = "global batch, default ${DEFAULT-VALUE}")
  int batchSize = 32;

  @Option(names = "--lr", description = "Adam's learning rate, default ${DEFAULT-VALUE}")
  double lr = 1e-3;

  @Option(names = "--seed", description = "default ${DEFAULT-VALUE}")
  long seed = 42;

  @Option(
      names = "--limit",
      description = "train on the first N digits only (default: all of them)")
  int limit = Integer.MAX_VALUE;

  @Option(
      names = "--data-dir",
      description =
          "read MNIST's IDX files from DIR on every executor (default: the embedded digits)")
  String dataDir;

  @Option(names = "--out", description = "output folder, default ${DEFAULT-VALUE}")
  Path out = Path.of("out", "spark-mnist");

  @Option(
      names = "--checkpoint-every",
      paramLabel = "STEPS",
      description =
          "write a checkpoint to OUT/checkpoints every STEPS steps (0: none, the default)")
  long checkpointEvery = 0;

  @Override
  public Integer call() throws Exception {
    String bad =
        firstBad(
            bad(workers >= 1, "--workers", "at least 1", workers),
            bad(averageEvery >= 1, "--average-every", "at least 1", averageEvery),
            bad(epochs >= 1, "--epochs", "at least 1", epochs),
            bad(
                batchSize >= 1 && workers >= 1 && batchSize % workers == 0,
                "--batch-size",
                "a positive multiple of --workers (" + workers + ")",
                batchSize),
            bad(lr > 0 && Double.isFinite(lr), "--lr", "a positive number", lr),
            bad(limit >= 1, "--limit", "at least 1", limit),
            bad(checkpointEvery >= 0, "--checkpoint-every", "0 or more", checkpointEvery));
    if (bad != null) {
      System.err.println("spark-mnist: " + bad);
      return 2;
    }
    long start = System.nanoTime();
    SparkSession.Builder sb = SparkSession.builder().appName("nabla spark-mnist");
    if (System.getProperty("spark.master") == null) {
      sb.master(master);
    }
    SparkSession spark = sb.config("spark.ui.showConsoleProgress", "false").getOrCreate();
    try {
      spark.sparkContext().setLogLevel("WARN");
      var data = MnistFrames.train(spark, dataDir, limit, workers);
      long seed = this.seed;
      double lr = this.lr;
      int epochs = this.epochs;
      SparkTrainer.Builder b =
          SparkTrainer.builder()
              .model(() -> MnistFrames.mlp(seed))
              .loss(CrossEntropyLoss::new)
              .optimizer(m -> new Adam(m.parameters(), lr))
              .scheduler(opt -> new CosineAnnealingLR(opt, epochs))
              .workers(workers)
              .globalBatchSize(batchSize)
              .epochs(epochs)
              .seed(seed)
              .mode(
                  mode == Mode.allreduce
                      ? SyncMode.allReduce()
                      : SyncMode.averageEvery(averageEvery));
      if (checkpointEvery > 0) {
        b.checkpoint(
            out.toAbsolutePath().resolve("checkpoints").toUri().toString(), checkpointEvery);
      }
      System.out.printf(
          Locale.ROOT,
          "spark-mnist: %s on %s, %d workers, global batch %d (%d per worker), %s, %d epochs%n",
          "784-256-128-10 MLP",
          spark.sparkContext().master(),
          workers,
          batchSize,
          batchSize / workers,
          mode == Mode.allreduce
              ? "all-reduce every step"
              : "averaging every " + averageEvery + " steps",
          epochs);
      SparkTrainer.Result r = b.build().fit(data, "features", "label");
      History history = new History();
      for (SparkEpoch e : r.history()) {
        System.out.println(e.line(epochs));
        history.add(
            new EpochStats(
                e.epoch(), e.loss(), Double.NaN, Double.NaN, e.seconds(), e.samplesPerSecond()));
      }
      IdxImageDataset test = MnistFrames.load(dataDir, false);
      Metrics.Evaluation eval =
          Metrics.evaluate(
              r.model(), DataLoader.builder(test).batchSize(1000).build(), new CrossEntropyLoss());
      Files.createDirectories(out);
      Checkpoint.save(out.resolve("model.safetensors"), r.model());
      history.writeCsv(out.resolve("history.csv"));
      history.writeChart(
          out.resolve("history.png"), "spark-mnist · " + workers + " workers · " + mode);
      double samples = r.history().stream().mapToDouble(SparkEpoch::samples).sum();
      double trainSeconds = r.history().stream().mapToDouble(SparkEpoch::seconds).sum();
      double sync =
          r.history().stream().mapToDouble(SparkEpoch::syncMillisPerStep).average().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "test accuracy %.2f %% on %d images; outputs in %s%n",
          100 * eval.accuracy(),
          test.size(),
          out);
      System.out.printf(
          Locale.ROOT,
          "result: test_accuracy=%.4f samples_per_s=%d seconds=%.1f sync_ms_per_step=%.3f%n",
          eval.accuracy(),
          Math.round(samples / trainSeconds),
          (System.nanoTime() - start) / 1e9,
          sync);
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static String bad(boolean ok, String option, String expected, Object got) {
    return ok ? null : option + " must be " + expected + ", got " + got;
  }

  private static String firstBad(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** Runs the example; exit code 2 for bad options, 1 for a failed run. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new SparkMnist());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          System.err.println("spark-mnist: " + e.getMessage());
          return 1;
        });
    System.exit(cl.execute(args));
  }
}
