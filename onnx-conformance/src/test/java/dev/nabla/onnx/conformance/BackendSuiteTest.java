package dev.nabla.onnx.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxTensors;
import dev.nabla.onnx.UnsupportedModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX's backend test suite, as Debian's {@code libonnx-testdata} installs it: each case is a
 * {@code model.onnx} and folders {@code test_data_set_N} of {@code input_i.pb} / {@code
 * output_i.pb} tensors. Every case whose ops nabla supports is a test and must reproduce the
 * expected outputs to the suite's tolerances (rtol 1e-3, atol 1e-7); the others are counted by the
 * op (or element type) that stops them. The counts go to {@code target/onnx-conformance.txt}.
 *
 * <p>{@code -Donnx.conformance.filter=REGEX} runs the cases whose name matches (for example {@code
 * conv}); {@code -Donnx.conformance.data=DIR} reads another copy of the data.
 */
class BackendSuiteTest {
  static final Path DATA =
      Path.of(System.getProperty("onnx.conformance.data", "/usr/share/libonnx-testdata/data"));
  static final String[] SUITES = {
    "node", "pytorch-converted", "pytorch-operator", "simple", "real"
  };
  static final double RTOL = 1e-3, ATOL = 1e-7;

  /** The ops issue 14 lists: every node/ case made only of these must run. */
  static final Set<String> REQUIRED =
      Set.of(
          ("Conv BatchNormalization MaxPool AveragePool GlobalAveragePool Gemm MatMul Relu LeakyRelu"
                  + " Sigmoid Tanh Softmax LogSoftmax Flatten Reshape Transpose Concat Split Slice"
                  + " Gather Unsqueeze Squeeze Shape ConstantOfShape Expand Where Equal Less Greater"
                  + " Not And Cast Add Sub Mul Div Pow Sqrt Exp Log Erf Neg Abs ReduceMean ReduceSum"
                  + " ReduceMax ReduceL2 Clip Constant Identity Dropout Range Tile Pad Resize"
                  + " LayerNormalization LSTM GRU Einsum")
              .split(" "));

  /**
   * Cases whose expected outputs are random draws (numpy's generator inside ONNX's test writer):
   * training-mode dropout with a ratio above 0 and Bernoulli. No runtime can reproduce them; they
   * are counted apart, not run.
   */
  static final Pattern RANDOM_OUTPUTS =
      Pattern.compile("node/test_(training_dropout(_default)?(_mask)?|bernoulli.*)$");

  static final Map<String, String> random = new TreeMap<>();

  static final Map<String, String> passed = new TreeMap<>();
  static final Map<String, String> failed = new TreeMap<>();
  static final Map<String, Set<String>> unsupported = new TreeMap<>();
  static final Map<String, String> unsupportedRequired = new TreeMap<>();

  static List<Path> cases() throws IOException {
    Pattern filter = Pattern.compile(System.getProperty("onnx.conformance.filter", ""));
    List<Path> out = new ArrayList<>();
    for (String suite : SUITES) {
      Path dir = DATA.resolve(suite);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> Files.isRegularFile(p.resolve("model.onnx")))
            .filter(p -> filter.matcher(suite + "/" + p.getFileName()).find())
            .sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  static String name(Path c) {
    return c.getParent().getFileName() + "/" + c.getFileName();
  }

  @Test
  void theTestDataIsInstalled() {
    assertThat(DATA.resolve("node"))
        .as("ONNX's backend test data (apt-get install libonnx-testdata)")
        .isDirectory();
  }

  @TestFactory
  Stream<DynamicTest> everySupportedCasePasses() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path c : cases()) {
      String name = name(c);
      if (RANDOM_OUTPUTS.matcher(name).matches()) {
        random.put(name, "");
        continue;
      }
      OnnxModel model;
      try {
        model = OnnxModel.load(c.resolve("model.onnx"));
      } catch (UnsupportedModelException e) {
        unsupported.put(name, e.unsupportedOps());
        if (name.startsWith("node/")) {
          for (String op : e.unsupportedOps()) {
            if (REQUIRED.contains(op)) {
              unsupportedRequired.put(name, e.getMessage());
            }
          }
        }
        continue;
      } catch (IOException | RuntimeException e) {
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> {
                  failed.put(name, "load: " + e);
                  throw new AssertionError(name + ": the model does not load: " + e, e);
                }));
        continue;
      }
      List<Path> sets;
      try (Stream<Path> s = Files.list(c)) {
        sets =
            s.filter(p -> p.getFileName().toString().startsWith("test_data_set")).sorted().toList();
      }
      Map<String, Map<String, Tensor>> inputs = new LinkedHashMap<>();
      Map<String, List<Tensor>> expected = new LinkedHashMap<>();
      try {
        for (Path set : sets) {
          inputs.put(set.getFileName().toString(), readInputs(model, set));
          expected.put(set.getFileName().toString(), readOutputs(set));
        }
      } catch (UnsupportedModelException e) {
        unsupported.put(name, e.unsupportedOps());
        continue;
      }
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                try {
                  for (String set : inputs.keySet()) {
                    Map<String, Tensor> out = model.run(inputs.get(set));
                    List<Tensor> want = expected.get(set);
                    List<Tensor> got = new ArrayList<>(out.values());
                    assertThat(got.size())
                        .as(name + " " + set + ": outputs")
                        .isEqualTo(want.size());
                    for (int i = 0; i < want.size(); i++) {
                      compare(name + " " + set + " output " + i, got.get(i), want.get(i));
                    }
                  }
                  passed.put(name, "");
                } catch (AssertionError | RuntimeException e) {
                  failed.put(name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                  throw e;
                }
              }));
    }
    return tests.stream();
  }

  static Map<String, Tensor> readInputs(OnnxModel model, Path set) throws IOException {
    List<Path> files = numbered(set, "input_");
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      Map.Entry<String, Tensor> e = OnnxTensors.read(files.get(i));
      String key = e.getKey();
      boolean known = model.inputs().stream().anyMatch(v -> v.name().equals(key));
      if (!known) {
        if (i >= model.inputs().size()) {
          throw new IOException(files.get(i) + ": more input files than model inputs");
        }
        // unnamed (or differently named) inputs go in the model's order
        feeds.put(model.inputs().get(i).name(), e.getValue());
      } else {
        feeds.put(key, e.getValue());
      }
    }
    return feeds;
  }

  static List<Tensor> readOutputs(Path set) throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (Path p : numbered(set, "output_")) {
      out.add(OnnxTensors.read(p).getValue());
    }
    return out;
  }

  static List<Path> numbered(Path set, String prefix) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path p = set.resolve(prefix + i + ".pb");
      if (!Files.exists(p)) {
        return files;
      }
      files.add(p);
    }
  }

  static void compare(String what, Tensor got, Tensor want) {
    assertThat(got.dtype()).as(what + " dtype").isEqualTo(want.dtype());
    assertThat(got.shape()).as(what + " shape").isEqualTo(want.shape());
    if (want.dtype().isFloatingPoint()) {
      double[] g = got.toDoubleArray(), w = want.toDoubleArray();
      for (int i = 0; i < w.length; i++) {
        boolean ok =
            Double.isNaN(w[i])
                ? Double.isNaN(g[i])
                : Double.isInfinite(w[i])
                    ? g[i] == w[i]
                    : Math.abs(g[i] - w[i]) <= ATOL + RTOL * Math.abs(w[i]);
        if (!ok) {
          throw new AssertionError(
              what
                  + ": element "
                  + i
                  + " is "
                  + g[i]
                  + ", expected "
                  + w[i]
                  + " (shape "
                  + Arrays.toString(want.shape())
                  + ")");
        }
      }
    } else if (want.dtype() == DType.BOOL) {
      assertThat(got.toBooleanArray()).as(what).isEqualTo(want.toBooleanArray());
    } else {
      assertThat(got.toLongArray()).as(what).isEqualTo(want.toLongArray());
    }
  }

  @AfterAll
  static void report() {
    Map<String, Integer> byOp = new TreeMap<>();
    unsupported.values().forEach(ops -> ops.forEach(op -> byOp.merge(op, 1, Integer::sum)));
    long nodePassed = passed.keySet().stream().filter(n -> n.startsWith("node/")).count();
    StringBuilder b = new StringBuilder();
    b.append("ONNX backend test suite (")
        .append(DATA)
        .append("): passed ")
        .append(passed.size())
        .append(", failed ")
        .append(failed.size())
        .append(", unsupported ")
        .append(unsupported.size())
        .append(", random outputs (not run) ")
        .append(random.size())
        .append("; node/: passed ")
        .append(nodePassed)
        .append(" of 932\n");
    b.append("failed:\n");
    failed.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    b.append("unsupported, by op (cases):\n");
    byOp.entrySet().stream()
        .sorted((x, y) -> y.getValue() - x.getValue())
        .forEach(
            e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
    b.append("random outputs, not run: ").append(random.keySet()).append('\n');
    b.append("unsupported cases:\n");
    unsupported.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    try {
      Path report = Path.of("target", "onnx-conformance.txt");
      Files.createDirectories(report.getParent());
      Files.writeString(report, b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(b.substring(0, b.indexOf("\n")));
  }

  /** How a problem names a limit of nabla's dtypes rather than of an op. */
  static final Pattern DTYPE_LIMIT =
      Pattern.compile("nabla (has|supports) float, double, int32, int64 and bool");

  @Test
  void everyCaseOfTheIssuesOpsIsSupported() throws IOException {
    // a node/ case may be stopped by an op outside the issue's list, or by an element type nabla
    // does not have (float16, uint8, string: a Cast to them, say), but never by a listed op itself
    List<String> missing = new ArrayList<>();
    for (Path c : cases()) {
      if (!name(c).startsWith("node/")) {
        continue;
      }
      try {
        OnnxModel.load(c.resolve("model.onnx"));
      } catch (UnsupportedModelException e) {
        for (String problem : e.problems()) {
          int end = problem.indexOf(" node");
          String op = end < 0 ? "" : problem.substring(0, end);
          if (REQUIRED.contains(op) && !DTYPE_LIMIT.matcher(problem).find()) {
            missing.add(name(c) + ": " + problem);
          }
        }
      }
    }
    assertThat(missing).as("node/ cases stopped by an op the issue requires").isEmpty();
  }
}
