package dev.nabla.bench.models;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.Example;
import dev.nabla.datasets.FashionMnist;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Conv2d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Flatten;
import dev.nabla.layers.Init;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.Module;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.Loss;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three reference models of {@code shared/peers}, defined exactly as the peers define them, and
 * measured the same way: wall time of the training loop per epoch (steady = median of epochs 2..N),
 * samples/s, test accuracy (batch 1000, argmax), inference images/s, time from process start to the
 * end of the first training step, peak RSS and the runtime classpath size. Prints one {@code RESULT
 * {...}} JSON line at the end.
 *
 * <pre>
 *   M1  784-100-50-10 tanh (after every layer), MSE, SGD 0.1, batch 1, first 1000 images, 35 epochs,
 *       weights U(-0.5, 0.5), biases 0
 *   M2  784-256-128-10 ReLU, softmax cross-entropy, Adam 1e-3, batch 128, all training images
 *   M3  conv 3x3 1->32 ReLU, maxpool 2, conv 3x3 32->64 ReLU, maxpool 2, flatten (1600),
 *       dropout 0.5, dense 1600->10, softmax cross-entropy, Adam 1e-3, batch 128
 * </pre>
 *
 * <p>Also, for M2 and M3, inference with the trained model (eval mode, no graph): {@code
 * infer_b64_img_per_s}, images/s of the median of {@code --infer-reps} passes (after a warm-up
 * pass) over the test set at batch 64, and {@code infer_b1_ms}, milliseconds per image of the
 * median pass over the first {@code --infer-b1-images} test images at batch 1; and for every model
 * {@code alloc_bytes_per_step}, the bytes allocated per training step over the steady epochs
 * (epochs 2..N) by the training thread and the kernel pool's worker threads ({@code
 * com.sun.management.ThreadMXBean}).
 *
 * <p>Arguments: {@code --model m1|m2|m3 --dataset fashion|mnist --epochs N --seed S --batch B
 * --infer-b1-images K (2000) --infer-reps R (3) --memory true}. With {@code --memory true} each
 * epoch line also reports the heap in use after a full GC and the process's resident set (VmRSS),
 * to show that memory stays flat across epochs: the graph of a step is garbage once the step ends.
 */
public final class ModelBench {
  private ModelBench() {}

  public static void main(String[] argv) throws IOException {
    long processStart = launchTime();
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    String model = args.getOrDefault("model", "m2");
    String dataset = args.getOrDefault("dataset", "fashion");
    long seed = Long.parseLong(args.getOrDefault("seed", "42"));
    int epochs =
        Integer.parseInt(
            args.getOrDefault(
                "epochs", model.equals("m1") ? "35" : model.equals("m2") ? "5" : "3"));
    int batch = model.equals("m1") ? 1 : Integer.parseInt(args.getOrDefault("batch", "128"));
    boolean memory = Boolean.parseBoolean(args.getOrDefault("memory", "false"));
    int b1Images = Integer.parseInt(args.getOrDefault("infer-b1-images", "2000"));
    int inferReps = Integer.parseInt(args.getOrDefault("infer-reps", "3"));

    LoadOptions opts =
        LoadOptions.defaults().flatten(!model.equals("m3")).oneHot(model.equals("m1")).quiet(true);
    IdxImageDataset train = dataset.equals("mnist") ? Mnist.train(opts) : FashionMnist.train(opts);
    IdxImageDataset test = dataset.equals("mnist") ? Mnist.test(opts) : FashionMnist.test(opts);
    Dataset trainSet = model.equals("m1") ? train.subset(0, 1000) : train;

    Module net;
    Loss loss;
    Optimizer opt;
    switch (model) {
      case "m1" -> {
        Init w = Init.uniform(-0.5, 0.5);
        net =
            new Sequential(
                new Dense(784, 100, true, w, Init.zeros(), seed), new Tanh(),
                new Dense(100, 50, true, w, Init.zeros(), seed + 1), new Tanh(),
                new Dense(50, 10, true, w, Init.zeros(), seed + 2), new Tanh());
        loss = new MSELoss();
        opt = new SGD(net.parameters(), 0.1);
      }
      case "m2" -> {
        net =
            new Sequential(
                new Dense(784, 256),
                new ReLU(),
                new Dense(256, 128),
                new ReLU(),
                new Dense(128, 10));
        loss = new CrossEntropyLoss();
        opt = new Adam(net.parameters(), 1e-3);
      }
      case "m3" -> {
        net =
            new Sequential(
                new Conv2d(1, 32, 3),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(32, 64, 3),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dropout(0.5, seed),
                new Dense(1600, 10));
        loss = new CrossEntropyLoss();
        opt = new Adam(net.parameters(), 1e-3);
      }
      default -> throw new IllegalArgumentException("--model must be m1, m2 or m3, got " + model);
    }

    DataLoader loader =
        DataLoader.builder(trainSet)
            .batchSize(batch)
            .shuffle(!model.equals("m1"))
            .seed(seed)
            .build();
    List<Double> epochSeconds = new ArrayList<>();
    double firstBatch = Double.NaN;
    Allocations allocations = new Allocations();
    long steadySteps = 0;
    net.train();
    for (int e = 0; e < epochs; e++) {
      if (e == 1) {
        allocations.start();
      }
      long t0 = System.nanoTime();
      double sum = 0;
      int n = 0;
      for (Example b : loader) {
        opt.zeroGrad();
        Tensor l = loss.apply(net.apply(b.input()), b.target());
        l.backward();
        opt.step();
        sum += l.item();
        if (Double.isNaN(firstBatch)) {
          firstBatch = (System.currentTimeMillis() - processStart) / 1000.0;
        }
        n++;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (e >= 1) {
        allocations.pause();
        steadySteps += n;
      }
      epochSeconds.add(s);
      System.out.printf(
          Locale.ROOT,
          "epoch %d/%d: %.3f s, loss %.4f%s%n",
          e + 1,
          epochs,
          s,
          sum / n,
          memory ? memoryLine() : "");
      if (e >= 1 && e + 1 < epochs) {
        allocations.resume();
      }
    }
    net.eval();
    double accuracy = 0;
    double bestInference = Double.MAX_VALUE;
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      int correct = 0;
      try (var _ = Grad.disabled()) {
        for (int from = 0; from < test.size(); from += 1000) {
          int[] idx = new int[Math.min(1000, test.size() - from)];
          Arrays.setAll(idx, i -> i);
          for (int i = 0; i < idx.length; i++) {
            idx[i] += from;
          }
          Example b = test.batch(idx);
          correct +=
              (int)
                  net.apply(b.input())
                      .argmax(1)
                      .eq(test.labels().slice(0, from, from + idx.length))
                      .sum()
                      .item();
        }
      }
      bestInference = Math.min(bestInference, (System.nanoTime() - t0) / 1e9);
      accuracy = correct / (double) test.size();
    }
    double b1Ms = Double.NaN;
    double b64ImagesPerS = Double.NaN;
    int b1Count = Math.min(b1Images, test.size());
    if (!model.equals("m1")) {
      b64ImagesPerS = test.size() / medianPassSeconds(net, test, 64, test.size(), inferReps);
      b1Ms = medianPassSeconds(net, test, 1, b1Count, inferReps) * 1000 / b1Count;
    }
    List<Double> steady =
        epochSeconds.size() > 1 ? epochSeconds.subList(1, epochSeconds.size()) : epochSeconds;
    double steadyS = median(steady);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("peer", "nabla");
    r.put("model", model);
    r.put("dataset", dataset);
    r.put("threads", dev.nabla.core.Backend.threads());
    r.put("epochs", epochs);
    r.put("epoch1_s", round(epochSeconds.get(0)));
    r.put("steady_s", round(steadyS));
    r.put("total_train_s", round(epochSeconds.stream().mapToDouble(Double::doubleValue).sum()));
    r.put("samples_per_s", Math.round(trainSet.size() / steadyS));
    r.put("test_accuracy", round(accuracy));
    r.put("inference_img_per_s", Math.round(test.size() / bestInference));
    if (!model.equals("m1")) {
      r.put("infer_b64_img_per_s", Math.round(b64ImagesPerS));
      r.put("infer_b1_ms", Math.round(b1Ms * 10000) / 10000.0);
      r.put("infer_b1_images", b1Count);
    }
    if (steadySteps > 0) {
      r.put("alloc_bytes_per_step", Math.round(allocations.total() / (double) steadySteps));
      r.put(
          "alloc_bytes_per_step_training_thread",
          Math.round(allocations.main / (double) steadySteps));
      r.put("alloc_bytes_per_step_workers", Math.round(allocations.workers / (double) steadySteps));
      r.put("alloc_worker_threads", allocations.measuredWorkers);
    }
    r.put("start_to_first_batch_s", round(firstBatch));
    r.put("peak_rss_mb", peakRssMb());
    r.put("classpath_mb", round(classpathBytes() / 1e6));
    StringBuilder json = new StringBuilder("{");
    r.forEach(
        (k, v) ->
            json.append(json.length() > 1 ? ", " : "")
                .append('"')
                .append(k)
                .append("\": ")
                .append(v instanceof String ? "\"" + v + "\"" : v));
    System.out.println("RESULT " + json.append('}'));
  }

  /**
   * One untimed warm-up pass, then {@code reps} timed passes over the first {@code images} test
   * images at this batch size (gathering each batch, the forward pass in eval mode without a graph,
   * the argmax and its comparison with the labels, read back): the median pass's seconds. The DJL
   * harness and bench/torch_models.py time their inference passes the same way.
   */
  private static double medianPassSeconds(
      Module net, IdxImageDataset test, int batch, int images, int reps) {
    List<Double> seconds = new ArrayList<>();
    for (int rep = -1; rep < reps; rep++) {
      long t0 = System.nanoTime();
      try (var _ = Grad.disabled()) {
        for (int from = 0; from < images; from += batch) {
          int[] idx = new int[Math.min(batch, images - from)];
          for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
          }
          net.apply(test.batch(idx).input())
              .argmax(1)
              .eq(test.labels().slice(0, from, from + idx.length))
              .sum()
              .item();
        }
      }
      if (rep >= 0) {
        seconds.add((System.nanoTime() - t0) / 1e9);
      }
    }
    return median(seconds);
  }

  /**
   * Bytes allocated on the training thread and on the kernel pool's worker threads (the daemon
   * threads {@code nabla-kernel-<i>} of core's internal parallel package, found by name, since the
   * pool has no public handle), summed over the windows between {@link #start} / {@link #resume}
   * and {@link #pause}: the steady epochs' training loops, without the per-epoch printing.
   */
  private static final class Allocations {
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] workerIds = new long[0];
    long main;
    long workers;
    int measuredWorkers;
    private long mainAt;
    private long[] workersAt = new long[0];

    void start() {
      workerIds =
          Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
              .filter(t -> t != null && t.getThreadName().startsWith("nabla-kernel-"))
              .mapToLong(java.lang.management.ThreadInfo::getThreadId)
              .toArray();
      resume();
    }

    void resume() {
      workersAt = threads.getThreadAllocatedBytes(workerIds);
      mainAt = threads.getCurrentThreadAllocatedBytes();
    }

    void pause() {
      main += threads.getCurrentThreadAllocatedBytes() - mainAt;
      long[] now = threads.getThreadAllocatedBytes(workerIds);
      measuredWorkers = 0;
      for (int i = 0; i < now.length; i++) {
        if (now[i] >= 0 && workersAt[i] >= 0) { // -1: the thread ended or is not measured
          workers += now[i] - workersAt[i];
          measuredWorkers++;
        }
      }
    }

    long total() {
      return main + workers;
    }
  }

  /**
   * Heap in use after a full collection, and the resident set, in MB (measured outside the timing).
   */
  private static String memoryLine() throws IOException {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rssKb = -1;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return String.format(
        Locale.ROOT, ", heap after GC %.1f MB, RSS %d MB", heap / 1e6, rssKb / 1024);
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** VmHWM from /proc: the process's peak resident set, in MB. */
  private static long peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static long classpathBytes() {
    long total = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      total += size(new File(entry));
    }
    return total;
  }

  private static long size(File f) {
    if (f.isFile()) {
      return f.length();
    }
    long s = 0;
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        s += size(c);
      }
    }
    return s;
  }

  /**
   * When the process was launched, in epoch milliseconds: the wall-clock time the caller put in
   * {@code NABLA_LAUNCH_EPOCH_MS} just before starting it (./nabla peers does), else the JVM's own
   * start time, which misses the few milliseconds before the JVM initialises. Not the OS's process
   * start ({@code ProcessHandle.info().startInstant()}): Linux derives it from the boot time, which
   * has a one-second resolution and drifts from the wall clock, and on these VMs it was 0.85 s
   * early.
   */
  static long launchTime() {
    String passed = System.getenv("NABLA_LAUNCH_EPOCH_MS");
    if (passed != null && passed.matches("\\d{10,16}")) {
      return Long.parseLong(passed);
    }
    return ManagementFactory.getRuntimeMXBean().getStartTime();
  }
}
