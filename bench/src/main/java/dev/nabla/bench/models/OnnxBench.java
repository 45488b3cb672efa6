package dev.nabla.bench.models;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxTensors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inference time of ONNX models in nabla: {@link OnnxModel#run} on the inputs that {@code
 * torch-oracle/src/test/python/make_onnx_fixtures.py} wrote beside each model ({@code
 * DIR/<model>/model.onnx}, {@code DIR/<model>/batch_<n>/input_<i>.pb}), the same tensors {@code
 * bench/onnx_torch.py} gives PyTorch. Per model and batch: warm-up (at least {@code --warmup} runs
 * and {@code --warmup-seconds}, then until the time per run stops falling), then {@code --runs}
 * timed runs (at least one second in all); prints one {@code RESULT {...}} JSON line with the
 * median and minimum wall time, the median process CPU time and the count of the timed runs, in
 * milliseconds. The thread count is nabla's ({@code -Dnabla.threads}).
 *
 * <p>Arguments: {@code --dir DIR --models mlp,cnn,... --batches 1,64 --warmup 20 --warmup-seconds
 * 10 --runs 30}. {@code ./nabla peers --models onnx} runs it beside PyTorch.
 */
public final class OnnxBench {
  private OnnxBench() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    Path dir = Path.of(args.getOrDefault("dir", "bench/target/onnx-models"));
    List<String> models =
        args.containsKey("models")
            ? List.of(args.get("models").split(","))
            : Files.readAllLines(dir.resolve("models.txt"));
    int[] batches =
        Arrays.stream(args.getOrDefault("batches", "1,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "20"));
    int runs = Integer.parseInt(args.getOrDefault("runs", "30"));
    double minWarmupSeconds = Double.parseDouble(args.getOrDefault("warmup-seconds", "10"));
    String threads = System.getProperty("nabla.threads", "");

    for (String name : models) {
      OnnxModel model = OnnxModel.load(dir.resolve(name).resolve("model.onnx"));
      for (int batch : batches) {
        Map<String, Tensor> feeds = inputs(dir.resolve(name).resolve("batch_" + batch));
        double warmupSeconds = warmUp(model, feeds, warmup, minWarmupSeconds);
        Timings t = time(model, feeds, runs, 1);
        System.out.println(
            String.format(
                Locale.ROOT,
                "RESULT {\"framework\":\"nabla\",\"model\":\"%s\",\"batch\":%d,\"threads\":\"%s\","
                    + "\"median_ms\":%.4f,\"min_ms\":%.4f,\"cpu_median_ms\":%.4f,\"runs\":%d,"
                    + "\"warmup_s\":%.1f}",
                name,
                batch,
                threads,
                median(t.wallMs()),
                Arrays.stream(t.wallMs()).min().orElseThrow(),
                median(t.cpuMs()),
                t.wallMs().length,
                warmupSeconds));
      }
    }
  }

  /**
   * Runs the model until the JIT has settled: blocks of at least 5 runs and half a second each, for
   * at least {@code minRuns} runs and {@code minSeconds}, then until a block's median is no longer
   * 3 % faster than the best before it (at most 60 s). On a loaded machine C2 can take tens of
   * seconds to compile the Vector API kernels; runs before that time the interpreter's vector
   * fallbacks. Returns the seconds it took.
   */
  private static double warmUp(
      OnnxModel model, Map<String, Tensor> feeds, int minRuns, double minSeconds) {
    long start = System.nanoTime();
    double best = Double.POSITIVE_INFINITY;
    int total = 0;
    while (true) {
      double[] block = time(model, feeds, 5, 0.5).wallMs();
      total += block.length;
      double m = median(block);
      double elapsed = (System.nanoTime() - start) / 1e9;
      boolean improved = m < 0.97 * best;
      best = Math.min(best, m);
      if (elapsed >= 60 || (total >= minRuns && elapsed >= minSeconds && !improved)) {
        return elapsed;
      }
    }
  }

  /**
   * Each run's wall time and the process's CPU time over it, in milliseconds: the CPU time is the
   * steadier figure on a shared machine (a run descheduled for a while costs wall time, not CPU
   * time), though it counts every thread (at 2 threads, both cores' work; also the JIT's and the
   * collector's).
   */
  private record Timings(double[] wallMs, double[] cpuMs) {}

  /** At least {@code runs} timed runs, and more until {@code seconds} have passed. */
  private static Timings time(
      OnnxModel model, Map<String, Tensor> feeds, int runs, double seconds) {
    double[] wall = new double[Math.max(runs, 16)];
    double[] cpu = new double[wall.length];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (n < runs || System.nanoTime() < end) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      model.run(feeds);
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      if (n == wall.length) {
        wall = Arrays.copyOf(wall, 2 * n);
        cpu = Arrays.copyOf(cpu, 2 * n);
      }
      wall[n] = (t1 - t0) / 1e6;
      cpu[n++] = (c1 - c0) / 1e6;
    }
    return new Timings(Arrays.copyOf(wall, n), Arrays.copyOf(cpu, n));
  }

  // clock_gettime(CLOCK_PROCESS_CPUTIME_ID): nanosecond CPU time of every thread of the process
  // (OperatingSystemMXBean.getProcessCpuTime counts in 10 ms clock ticks here)
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  private static final MethodHandle CLOCK_GETTIME = clockGettime();

  // a restricted method: the JVM warns once unless run with --enable-native-access=ALL-UNNAMED
  @SuppressWarnings("restricted")
  private static MethodHandle clockGettime() {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find("clock_gettime").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  }

  private static long processCpuNanos() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ts = arena.allocate(16, 8); // struct timespec { long tv_sec; long tv_nsec; }
      int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts);
      if (rc != 0) {
        throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) returned " + rc);
      }
      return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
    } catch (Throwable e) {
      throw new IllegalStateException("clock_gettime failed", e);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code input_0.pb, input_1.pb, ...} of one batch folder, by their ONNX names. */
  private static Map<String, Tensor> inputs(Path dir) throws IOException {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; Files.exists(dir.resolve("input_" + i + ".pb")); i++) {
      var e = OnnxTensors.read(dir.resolve("input_" + i + ".pb"));
      feeds.put(e.getKey(), e.getValue());
    }
    if (feeds.isEmpty()) {
      throw new IOException(dir + ": no input_0.pb (run make_onnx_fixtures.py with this batch)");
    }
    return feeds;
  }
}
