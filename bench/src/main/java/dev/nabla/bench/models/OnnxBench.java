package dev.nabla.bench.models;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxTensors;
import java.io.IOException;
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
 * and one second), then {@code --runs} timed runs (at least one second in all); prints one {@code
 * RESULT {...}} JSON line with the median, minimum and count of the timed runs in milliseconds. The
 * thread count is nabla's ({@code -Dnabla.threads}).
 *
 * <p>Arguments: {@code --dir DIR --models mlp,cnn,... --batches 1,64 --warmup 20 --runs 30}. {@code
 * ./nabla peers --models onnx} runs it beside PyTorch.
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
    String threads = System.getProperty("nabla.threads", "");

    for (String name : models) {
      OnnxModel model = OnnxModel.load(dir.resolve(name).resolve("model.onnx"));
      for (int batch : batches) {
        Map<String, Tensor> feeds = inputs(dir.resolve(name).resolve("batch_" + batch));
        long end = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < end; i++) {
          model.run(feeds);
        }
        double[] ms = time(model, feeds, runs);
        Arrays.sort(ms);
        System.out.println(
            String.format(
                Locale.ROOT,
                "RESULT {\"framework\":\"nabla\",\"model\":\"%s\",\"batch\":%d,\"threads\":\"%s\","
                    + "\"median_ms\":%.4f,\"min_ms\":%.4f,\"runs\":%d}",
                name,
                batch,
                threads,
                median(ms),
                ms[0],
                ms.length));
      }
    }
  }

  /** At least {@code runs} timed runs, and more until one second has passed. */
  private static double[] time(OnnxModel model, Map<String, Tensor> feeds, int runs) {
    double[] ms = new double[Math.max(runs, 16)];
    int n = 0;
    long end = System.nanoTime() + 1_000_000_000L;
    while (n < runs || System.nanoTime() < end) {
      long t0 = System.nanoTime();
      model.run(feeds);
      long t1 = System.nanoTime();
      if (n == ms.length) {
        ms = Arrays.copyOf(ms, 2 * n);
      }
      ms[n++] = (t1 - t0) / 1e6;
    }
    return Arrays.copyOf(ms, n);
  }

  private static double median(double[] sorted) {
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
