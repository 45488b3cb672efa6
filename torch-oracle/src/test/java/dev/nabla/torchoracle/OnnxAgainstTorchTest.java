package dev.nabla.torchoracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxTensors;
import dev.nabla.onnx.ValueInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real PyTorch models through ONNX: {@code make_onnx_fixtures.py} builds, trains a few steps and
 * exports (opset 17, dynamic batch) the MNIST MLP and convnet, a BatchNorm/residual convnet, an
 * LSTM and a GRU tagger and a 2-layer transformer encoder with a padding mask, with PyTorch's
 * outputs at batch 1 and 5 (and batch 3 at sequence length 7 for the token models); nabla loads
 * each {@code model.onnx} with {@link OnnxModel#load}, runs it on the same inputs and must give
 * PyTorch's outputs: {@code |nabla - torch| <= 1e-4 (1 + |torch|)} elementwise, in FLOAT32. Each
 * case's largest absolute difference is appended to {@code target/onnx-parity.txt}.
 */
class OnnxAgainstTorchTest {
  private static final Path DIR = Path.of("target", "onnx-fixtures");
  private static final Path SCRIPT = Path.of("src", "test", "python", "make_onnx_fixtures.py");
  private static final Path REPORT = Path.of("target", "onnx-parity.txt");
  private static final double TOLERANCE = 1e-4;
  private static String unavailable;
  private static boolean generated;

  @BeforeAll
  static void pyTorchExportsItsModels() throws IOException {
    ensureGenerated();
    Files.deleteIfExists(REPORT);
  }

  private static synchronized void ensureGenerated() {
    if (!generated && unavailable == null) {
      unavailable = TorchFixtures.generate(SCRIPT, DIR);
      generated = unavailable == null;
    }
    TorchFixtures.abortIfUnavailable(unavailable);
  }

  /**
   * Every model of {@code models.txt} with every input set the script wrote for it: {@code
   * batch_<n>}, and {@code batch_<n>_seq_<t>} for the token models at another sequence length.
   */
  static Stream<Arguments> cases() throws IOException {
    ensureGenerated();
    List<Arguments> cases = new ArrayList<>();
    for (String model : Files.readAllLines(DIR.resolve("models.txt"), StandardCharsets.UTF_8)) {
      try (Stream<Path> batches = Files.list(DIR.resolve(model))) {
        batches
            .map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith("batch_"))
            .sorted()
            .forEach(c -> cases.add(Arguments.of(model, c)));
      }
    }
    assertThat(cases).as("cases in %s", DIR).isNotEmpty();
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void nablaRunsPyTorchsExportToPyTorchsOutputs(String model, String inputs) throws IOException {
    OnnxModel onnx = OnnxModel.load(DIR.resolve(model).resolve("model.onnx"));
    Path data = DIR.resolve(model).resolve(inputs);
    Map<String, Tensor> feeds = tensors(data, "input_", onnx.inputs().size());
    Map<String, Tensor> want = tensors(data, "output_", onnx.outputs().size());
    assertThat(feeds.keySet())
        .as("%s: the model's inputs", model)
        .containsExactlyElementsOf(onnx.inputs().stream().map(ValueInfo::name).toList());

    Map<String, Tensor> got = onnx.run(feeds);

    assertThat(got.keySet()).as("%s: the model's outputs", model).isEqualTo(want.keySet());
    for (var e : want.entrySet()) {
      String what = model + " " + inputs + " output '" + e.getKey() + "'";
      double maxAbs = assertClose(what, got.get(e.getKey()), e.getValue());
      Files.writeString(
          REPORT,
          String.format(
              Locale.ROOT,
              "%s %s %s max |nabla - torch| = %.3g%n",
              model,
              inputs,
              e.getKey(),
              maxAbs),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** {@code prefix0.pb, prefix1.pb, ...}: the tensors by their ONNX names, in order. */
  private static Map<String, Tensor> tensors(Path dir, String prefix, int count)
      throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      Path p = dir.resolve(prefix + i + ".pb");
      if (!Files.exists(p)) {
        break;
      }
      var e = OnnxTensors.read(p);
      tensors.put(e.getKey(), e.getValue());
    }
    assertThat(tensors).as("%s%s*.pb: the model has %d", dir, prefix, count).hasSize(count);
    return tensors;
  }

  /**
   * Asserts {@code got} has PyTorch's shape, dtype and values to {@code 1e-4 (1 + |want|)}; returns
   * the largest absolute difference.
   */
  private static double assertClose(String what, Tensor got, Tensor want) {
    assertThat(got).as("%s: nabla gave no tensor", what).isNotNull();
    assertThat(got.dtype()).as("%s: dtype", what).isEqualTo(want.dtype());
    assertThat(got.shape()).as("%s: shape", what).containsExactly(want.shape());
    double[] g = got.toDoubleArray();
    double[] w = want.toDoubleArray();
    double maxAbs = 0;
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < w.length; i++) {
      double diff = Math.abs(g[i] - w[i]);
      maxAbs = Double.isNaN(diff) ? Double.NaN : Math.max(maxAbs, diff);
      double excess = diff / (1 + Math.abs(w[i]));
      if (!(excess <= TOLERANCE) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
        worst = i;
        worstExcess = excess;
      }
    }
    if (worst >= 0) {
      fail(
          "%s (shape %s): element %d is %s in nabla and %s in PyTorch (|difference| / (1 + |torch|)"
              + " = %.3g, tolerance %.0g; max |difference| %.3g)",
          what,
          Arrays.toString(want.shape()),
          worst,
          g[worst],
          w[worst],
          worstExcess,
          TOLERANCE,
          maxAbs);
    }
    return maxAbs;
  }
}
