package dev.nabla.spark.examples;

import dev.nabla.core.Backend;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Example;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.spark.SparkEpoch;
import dev.nabla.spark.SparkTrainer;
import dev.nabla.spark.SyncMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./nabla spark-bench}: steps/s and scaling efficiency (2 workers against 1) of the MNIST
 * MLP (global batch 32) and convnet (global batch 128) under SparkTrainer, in both modes, with the
 * time split, beside the same model trained in one process without Spark. Each worker computes with
 * one thread. Figures are medians over the steady epochs (all but the first) of {@code --repeat}
 * interleaved runs.
 *
 * <p>Options: {@code --master} (default {@code local-cluster[2,1,1024]}, which needs SPARK_HOME:
 * the launcher makes one), {@code --models mlp,cnn}, {@code --epochs 3}, {@code --repeat 1}, {@code
 * --average-every 8}, {@code --limit N} (training digits).
 */
public final class SparkBench {
  private SparkBench() {}

  private record Config(String model, String mode, int workers) {}

  /** Runs the benchmark and prints one Markdown table. */
  public static void main(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("--master", "local-cluster[2,1,1024]");
    opt.put("--models", "mlp,cnn");
    opt.put("--epochs", "3");
    opt.put("--repeat", "1");
    opt.put("--average-every", "8");
    opt.put("--limit", "10000");
    for (int i = 0; i < args.length; i++) {
      if (!opt.containsKey(args[i]) || i + 1 == args.length) {
        System.err.println(
            "spark-bench: unknown option or missing value '" + args[i] + "'; options: " + opt);
        System.exit(2);
      }
      opt.put(args[i], args[++i]);
    }
    int epochs = Integer.parseInt(opt.get("--epochs"));
    int repeat = Integer.parseInt(opt.get("--repeat"));
    int k = Integer.parseInt(opt.get("--average-every"));
    int limit = Integer.parseInt(opt.get("--limit"));
    if (epochs < 2 || repeat < 1 || k < 1 || limit < 256) {
      System.err.println(
          "spark-bench: --epochs must be at least 2 (the first is warm-up), --repeat and"
              + " --average-every at least 1, --limit at least 256; got "
              + opt);
      System.exit(2);
    }
    List<String> models = Arrays.asList(opt.get("--models").split(","));
    SparkSession spark =
        SparkSession.builder()
            .master(opt.get("--master"))
            .appName("nabla spark-bench")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate();
    Map<Config, List<double[]>> runs = new LinkedHashMap<>();
    Map<String, List<Double>> local = new LinkedHashMap<>();
    try {
      Dataset<Row> data = MnistFrames.train(spark, null, limit, 2).cache();
      data.count();
      for (int r = 0; r < repeat; r++) {
        for (String model : models) {
          local
              .computeIfAbsent(model, m -> new ArrayList<>())
              .add(singleProcess(model, limit, epochs));
          for (String mode : List.of("allReduce", "averageEvery(" + k + ")")) {
            for (int workers : new int[] {1, 2}) {
              Config c = new Config(model, mode, workers);
              List<SparkEpoch> h = fit(spark, data, c, epochs, k).history();
              List<double[]> steady = runs.computeIfAbsent(c, x -> new ArrayList<>());
              for (SparkEpoch e : h.subList(1, h.size())) {
                long steps = e.samples() / batch(model);
                steady.add(
                    new double[] {
                      e.samplesPerSecond(),
                      steps / e.seconds(),
                      e.computeSeconds() * 1e3 / steps,
                      e.communicationSeconds() * 1e3 / steps,
                      e.waitingSeconds() * 1e3 / steps
                    });
              }
              System.err.printf(Locale.ROOT, "spark-bench: run %d/%d %s done%n", r + 1, repeat, c);
            }
          }
        }
      }
    } finally {
      spark.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "%nSparkTrainer on %s, MNIST (%d training digits), 1 kernel thread per worker, %d epochs"
            + " (medians of the %d steady epochs of %d runs)%n%n",
        opt.get("--master"),
        limit,
        epochs,
        (epochs - 1) * repeat,
        repeat);
    System.out.println(
        "| model | mode | workers | samples/s | steps/s | compute ms/step | comm ms/step | wait"
            + " ms/step | scaling efficiency |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (String model : models) {
      System.out.printf(
          Locale.ROOT,
          "| %s | one process, no Spark | 1 | %.0f | %.1f | | | | |%n",
          model,
          median(local.get(model)),
          median(local.get(model)) / batch(model));
      for (Map.Entry<Config, List<double[]>> e : runs.entrySet()) {
        Config c = e.getKey();
        if (!c.model().equals(model)) {
          continue;
        }
        double sps = col(e.getValue(), 0);
        String eff = "";
        if (c.workers() == 2) {
          double one = col(runs.get(new Config(c.model(), c.mode(), 1)), 0);
          eff = String.format(Locale.ROOT, "%.2f", sps / (2 * one));
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %.0f | %.1f | %.2f | %.2f | %.2f | %s |%n",
            c.model(),
            c.mode(),
            c.workers(),
            sps,
            col(e.getValue(), 1),
            col(e.getValue(), 2),
            col(e.getValue(), 3),
            col(e.getValue(), 4),
            eff);
      }
    }
  }

  static int batch(String model) {
    return model.equals("cnn") ? 128 : 32;
  }

  static Module build(String model) {
    return model.equals("cnn") ? MnistFrames.cnn(42) : MnistFrames.mlp(42);
  }

  static SparkTrainer.Result fit(
      SparkSession spark, Dataset<Row> data, Config c, int epochs, int k) {
    String model = c.model();
    SparkTrainer.Builder b =
        SparkTrainer.builder()
            .model(() -> build(model))
            .loss(CrossEntropyLoss::new)
            .optimizer(m -> new Adam(m.parameters(), 1e-3))
            .workers(c.workers())
            .globalBatchSize(batch(model))
            .epochs(epochs)
            .seed(42)
            .mode(c.mode().equals("allReduce") ? SyncMode.allReduce() : SyncMode.averageEvery(k));
    if (model.equals("cnn")) {
      b.inputShape(1, 28, 28);
    }
    return b.build().fit(data, "features", "label");
  }

  /** The same model and batch in this JVM, without Spark: steady samples/s (median of epochs). */
  static double singleProcess(String model, int limit, int epochs) {
    IdxImageDataset train = MnistFrames.load(null, true);
    Module m = build(model);
    Adam adam = new Adam(m.parameters(), 1e-3);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    DataLoader loader =
        DataLoader.builder(train.subset(0, Math.min(limit, train.size())))
            .batchSize(batch(model))
            .shuffle(true)
            .seed(42)
            .dropLast(true)
            .build();
    List<Double> sps = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      loader.setEpoch(e);
      m.train();
      long t0 = System.nanoTime();
      long n = 0;
      for (Example b : loader) {
        Example in =
            model.equals("cnn")
                ? new Example(b.input().reshape(b.input().dim(0), 1, 28, 28), b.target())
                : b;
        adam.zeroGrad();
        loss.apply(m.apply(in.input()), in.target()).backward();
        adam.step();
        n += b.input().dim(0);
      }
      if (e > 0) {
        sps.add(n / ((System.nanoTime() - t0) / 1e9));
      }
    }
    System.err.printf(
        Locale.ROOT,
        "spark-bench: %s in one process (%s): %.0f samples/s%n",
        model,
        Backend.describe(),
        median(sps));
    return median(sps);
  }

  static double col(List<double[]> rows, int i) {
    List<Double> v = new ArrayList<>();
    for (double[] r : rows) {
      v.add(r[i]);
    }
    return median(v);
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length == 0
        ? Double.NaN
        : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
