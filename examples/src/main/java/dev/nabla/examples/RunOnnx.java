package dev.nabla.examples;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.Dim;
import dev.nabla.onnx.Npy;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./nabla run-onnx MODEL.onnx --input NAME=FILE.npy ... --output DIR}: runs any ONNX model
 * that nabla supports on NumPy {@code .npy} inputs and writes each output as {@code DIR/<output
 * name>.npy}; {@code --bench} times repeated runs at batch 1 and batch 64.
 */
@Command(
    name = "run-onnx",
    description =
        "Runs an ONNX model on NumPy .npy inputs (--input NAME=FILE.npy), writes each output as"
            + " DIR/<output name>.npy (--output DIR) and prints the time per run; --bench times"
            + " batch 1 and batch 64.")
final class RunOnnx implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model to run.")
  Path modelFile;

  @Option(
      names = "--input",
      paramLabel = "NAME=FILE.npy",
      description =
          "A model input and the .npy file holding it; one per input (with --bench, optional:"
              + " missing ones are random).")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Directory to write each output into, as <output name>.npy (default: none).")
  Path output;

  @Option(
      names = "--runs",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Runs to time; the median is printed (default: ${DEFAULT-VALUE}).")
  int runs = 1;

  @Mixin ThreadsOption threads = new ThreadsOption();

  @Option(
      names = "--bench",
      description =
          "Time repeated runs at batch 1 and batch 64 (the symbolic first dimension), from the"
              + " --input files repeated along it, or random inputs of the declared shapes.")
  boolean bench;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      converter = OptionValues.PositiveFinite.class,
      description = "With --bench: seconds to time each batch size (default: ${DEFAULT-VALUE}).")
  double seconds = 3;

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws IOException {
    Result result = new Result();
    threads.apply();
    if (!Files.isRegularFile(modelFile)) {
      throw bad(
          "MODEL.onnx: "
              + modelFile
              + (Files.isDirectory(modelFile) ? " is a directory" : ": no such file"));
    }
    if (output != null && Files.isRegularFile(output)) {
      throw bad("--output must be a directory, got the file " + output);
    }
    long t0 = System.nanoTime();
    OnnxModel model = OnnxModel.load(modelFile);
    double loadMs = (System.nanoTime() - t0) / 1e6;
    // the inputs are checked before anything is printed: a bad --input is one line on stderr
    Map<String, Tensor> given = readInputs(model);
    if (!bench) {
      for (ValueInfo in : model.inputs()) {
        if (!given.containsKey(in.name())) {
          throw bad(
              "--input: the model's input '"
                  + in.name()
                  + "' ("
                  + in
                  + ") is not given; add --input "
                  + in.name()
                  + "=FILE.npy (the model's inputs: "
                  + names(model.inputs())
                  + ")");
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "model: %s (%s, opset %d), loaded in %.0f ms%n",
        modelFile,
        model.producer().isEmpty() ? "unknown producer" : model.producer(),
        model.opsetVersion(),
        loadMs);
    System.out.println("inputs:");
    model.inputs().forEach(v -> System.out.println("  " + v));
    System.out.println("outputs:");
    model.outputs().forEach(v -> System.out.println("  " + v));

    if (bench) {
      return bench(model, given);
    }
    if (output != null) {
      try {
        Files.createDirectories(output);
      } catch (IOException e) {
        throw bad("--output: cannot create the directory " + output + ": " + e);
      }
    }
    Map<String, Tensor> out = null;
    double[] ms = new double[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      out = model.run(given);
      ms[r] = (System.nanoTime() - start) / 1e6;
    }
    Map<String, Path> files = output == null ? Map.of() : fileNames(out.keySet(), output);
    for (Map.Entry<String, Tensor> e : out.entrySet()) {
      Tensor t = e.getValue();
      String line = "  " + e.getKey() + ": " + t.dtype() + " " + Arrays.toString(t.shape());
      if (output != null) {
        Path f = files.get(e.getKey());
        Npy.write(f, t);
        line += " -> " + f;
      }
      System.out.println(line);
    }
    System.out.printf(
        Locale.ROOT,
        "time per run: %.3f ms (%s)%n",
        median(ms),
        runs == 1 ? "one run, the first: it includes the JIT's warm-up" : "median of " + runs);
    result.put("outputs", out.size()).put("ms_per_run", median(ms)).print();
    return 0;
  }

  /** The --input files, checked against the model's inputs: names, dtypes, ranks, fixed sizes. */
  private Map<String, Tensor> readInputs(OnnxModel model) {
    Map<String, ValueInfo> declared = new LinkedHashMap<>();
    model.inputs().forEach(v -> declared.put(v.name(), v));
    Map<String, Tensor> given = new LinkedHashMap<>();
    for (String arg : inputs) {
      int eq = arg.indexOf('=');
      if (eq <= 0 || eq == arg.length() - 1) {
        throw bad("--input: expected NAME=FILE.npy, got '" + arg + "'");
      }
      String name = arg.substring(0, eq);
      Path file = Path.of(arg.substring(eq + 1));
      ValueInfo info = declared.get(name);
      if (info == null) {
        throw bad(
            "--input "
                + arg
                + ": the model has no input '"
                + name
                + "'; its inputs are "
                + names(model.inputs()));
      }
      if (given.containsKey(name)) {
        throw bad("--input " + arg + ": input '" + name + "' is given twice");
      }
      Tensor t;
      try {
        t = Npy.read(file);
      } catch (NoSuchFileException e) {
        throw bad("--input " + arg + ": no such file " + file);
      } catch (IOException e) {
        throw bad("--input " + arg + ": " + e.getMessage());
      }
      String problem = mismatch(info, t);
      if (problem != null) {
        throw bad("--input " + arg + ": " + problem);
      }
      given.put(name, t);
    }
    return given;
  }

  /** Why {@code t} cannot feed {@code info}, or null. */
  static String mismatch(ValueInfo info, Tensor t) {
    if (info.dtype() != null && t.dtype() != info.dtype()) {
      return "the file holds "
          + t.dtype()
          + " "
          + Arrays.toString(t.shape())
          + ", the model's input '"
          + info.name()
          + "' is "
          + info.elementType()
          + " ("
          + info.dtype()
          + ")";
    }
    if (info.shape() == null) {
      return null;
    }
    int[] s = t.shape();
    boolean ok = s.length == info.shape().size();
    for (int d = 0; ok && d < s.length; d++) {
      Dim dim = info.shape().get(d);
      ok = !dim.isFixed() || dim.size() == s[d];
    }
    return ok
        ? null
        : "the file's shape is "
            + Arrays.toString(s)
            + ", the model's input '"
            + info.name()
            + "' has shape "
            + info.shape();
  }

  private static String names(List<ValueInfo> infos) {
    return infos.stream().map(ValueInfo::toString).toList().toString();
  }

  /**
   * A file name for each output: the name with characters other than letters, digits, {@code .},
   * {@code -} and {@code _} replaced by {@code _} (never empty, never a dot name), made unique.
   */
  static Map<String, Path> fileNames(Iterable<String> outputNames, Path dir) {
    Map<String, Path> files = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (String name : outputNames) {
      String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
      if (base.isEmpty() || base.chars().allMatch(c -> c == '.')) {
        base = "output" + base.replace('.', '_');
      }
      if (base.startsWith(".")) {
        base = "_" + base.substring(1);
      }
      String candidate = base;
      for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++) {
        candidate = base + "_" + k;
      }
      files.put(name, dir.resolve(candidate + ".npy"));
    }
    return files;
  }

  // ------------------------------------------------------------------ --bench

  private int bench(OnnxModel model, Map<String, Tensor> given) {
    boolean symbolicBatch = false;
    for (ValueInfo in : model.inputs()) {
      if (in.rank() > 0 && !in.shape().get(0).isFixed()) {
        symbolicBatch = true;
      }
    }
    int[] batches = symbolicBatch ? new int[] {1, 64} : new int[] {0};
    if (!symbolicBatch) {
      System.out.println(
          "bench: no input has a symbolic first dimension: timing the declared shapes only");
    }
    System.out.printf(
        Locale.ROOT,
        "bench: %s thread(s), %.1f s per batch size after warm-up%n",
        threads,
        seconds);
    for (int batch : batches) {
      Map<String, Tensor> feeds = new LinkedHashMap<>();
      for (ValueInfo in : model.inputs()) {
        feeds.put(in.name(), benchInput(in, given.get(in.name()), batch));
      }
      // warm-up: the JIT compiles the kernels on the first runs
      long warmEnd = System.nanoTime() + (long) (Math.min(2, seconds) * 1e9);
      int warm = 0;
      while (warm < 3 || (System.nanoTime() < warmEnd && warm < 200)) {
        model.run(feeds);
        warm++;
      }
      List<Double> ms = new ArrayList<>();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (ms.size() < 5 || (System.nanoTime() < end && ms.size() < 10_000)) {
        long start = System.nanoTime();
        model.run(feeds);
        ms.add((System.nanoTime() - start) / 1e6);
      }
      double median = median(ms.stream().mapToDouble(Double::doubleValue).toArray());
      int samples = batch == 0 ? firstDim(feeds) : batch;
      System.out.printf(
          Locale.ROOT,
          "batch %d: median %.3f ms per run (%d runs), %.1f samples/s%n",
          samples,
          median,
          ms.size(),
          samples / (median / 1e3));
    }
    return 0;
  }

  private static int firstDim(Map<String, Tensor> feeds) {
    for (Tensor t : feeds.values()) {
      if (t.rank() > 0) {
        return t.dim(0);
      }
    }
    return 1;
  }

  /**
   * The input for a bench run at {@code batch} (0: as declared): the file's rows repeated (or cut)
   * along a symbolic first dimension, or a random tensor of the declared shape with the first
   * dimension set to {@code batch} (floats standard normal, integers 0, booleans false).
   */
  private Tensor benchInput(ValueInfo info, Tensor file, int batch) {
    boolean symbolic = info.rank() > 0 && !info.shape().get(0).isFixed();
    if (file != null) {
      if (!symbolic || batch == 0) {
        return file;
      }
      if (file.rank() == 0 || file.dim(0) == 0) {
        throw bad("--input " + info.name() + ": the file has no rows to repeat along the batch");
      }
      int[] idx = new int[batch];
      for (int i = 0; i < batch; i++) {
        idx[i] = i % file.dim(0);
      }
      return file.indexSelect(0, Tensor.of(idx, batch));
    }
    if (info.shape() == null || info.dtype() == null) {
      throw bad(
          "--bench: input '"
              + info
              + "' has no declared shape or dtype nabla has; give it with --input "
              + info.name()
              + "=FILE.npy");
    }
    int[] shape = new int[info.rank()];
    Map<String, Integer> symbols = new HashMap<>();
    for (int d = 0; d < shape.length; d++) {
      Dim dim = info.shape().get(d);
      if (dim.isFixed()) {
        shape[d] = (int) dim.size();
      } else if (d == 0) {
        shape[d] = batch;
        symbols.put(dim.symbol(), batch);
      } else if (symbols.containsKey(dim.symbol()) && !dim.symbol().isEmpty()) {
        shape[d] = symbols.get(dim.symbol());
      } else {
        throw bad(
            "--bench: input '"
                + info
                + "' has the symbolic dimension '"
                + dim
                + "' besides the batch; give the input with --input "
                + info.name()
                + "=FILE.npy");
      }
    }
    DType dt = info.dtype();
    return dt.isFloatingPoint() ? Tensor.randn(14, dt, shape) : Tensor.zeros(dt, shape);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
