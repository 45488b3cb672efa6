package dev.nabla.onnx.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxModule;
import dev.nabla.onnx.OnnxTensors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The one-node models that {@code make_cases.py} (next to them in the test resources) wrote for
 * what ONNX's own node tests leave out: bidirectional and reverse recurrent layers, uneven
 * sequence_lens, layout 1, every activation with its alpha and beta, clip, input_forget, peepholes,
 * both GRU variants; Einsum's other patterns (outer products, traces, ellipses that broadcast,
 * three operands, implicit outputs); the losses with int32 targets and float64; the windows, DFT,
 * STFT, Det, MaxUnpool, Unique and every GridSample mode, padding and align_corners. Expected
 * outputs are PyTorch's (or the specification's equations in numpy); in the float64 cases the
 * gradient of {@code sum(out0²) + sum(other outputs)} with respect to input 0 (and to each input
 * with a {@code grad_i.pb}, the grid of GridSample) is PyTorch's too.
 */
class OpCasesTest {
  static final Path CASES = casesDir();

  static Path casesDir() {
    try {
      return Path.of(OpCasesTest.class.getResource("/dev/nabla/onnx/ops/cases").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theCasesAreThere() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      assertThat(s.count()).isGreaterThanOrEqualTo(76);
    }
  }

  @TestFactory
  Stream<DynamicTest> outputsMatch() throws IOException {
    return cases().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
  }

  @TestFactory
  Stream<DynamicTest> gradientsMatch() throws IOException {
    return cases()
        .filter(c -> Files.exists(c.resolve("grad_0.pb")))
        .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> gradient(c)));
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  static void run(Path c) throws IOException {
    OnnxModel model = OnnxModel.load(c.resolve("model.onnx"));
    Map<String, Tensor> out = model.run(inputs(model, c));
    List<Tensor> want = outputs(c);
    List<Tensor> got = new ArrayList<>(out.values());
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      compare(c.getFileName() + " output " + i, got.get(i), want.get(i));
    }
  }

  static void gradient(Path c) throws IOException {
    OnnxModel model = OnnxModel.load(c.resolve("model.onnx"));
    OnnxModule module = (OnnxModule) model.asModule();
    Map<String, Tensor> feeds = inputs(model, c);
    List<String> names = new ArrayList<>(feeds.keySet());
    Map<Integer, Tensor> tracked = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (i == 0 || Files.exists(c.resolve("grad_" + i + ".pb"))) {
        Tensor x = feeds.get(names.get(i)).requiresGrad(true);
        feeds.put(names.get(i), x);
        tracked.put(i, x);
      }
    }
    List<Tensor> out = new ArrayList<>(module.forward(feeds).values());
    Tensor loss = out.get(0).mul(out.get(0)).sum();
    for (int i = 1; i < out.size(); i++) {
      loss = loss.add(out.get(i).sum());
    }
    loss.backward();
    for (var e : tracked.entrySet()) {
      compare(
          c.getFileName() + " d(loss)/d(" + names.get(e.getKey()) + ")",
          e.getValue().grad(),
          OnnxTensors.read(c.resolve("grad_" + e.getKey() + ".pb")).getValue());
    }
  }

  static Map<String, Tensor> inputs(OnnxModel model, Path c) throws IOException {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      Path p = c.resolve("test_data_set_0/input_" + i + ".pb");
      if (!Files.exists(p)) {
        assertThat(feeds).hasSameSizeAs(model.inputs());
        return feeds;
      }
      var e = OnnxTensors.read(p);
      feeds.put(e.getKey(), e.getValue());
    }
  }

  static List<Tensor> outputs(Path c) throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path p = c.resolve("test_data_set_0/output_" + i + ".pb");
      if (!Files.exists(p)) {
        return out;
      }
      out.add(OnnxTensors.read(p).getValue());
    }
  }

  /** float32 to rtol 1e-4 (PyTorch's float32 sums in another order), float64 to 1e-9. */
  static void compare(String what, Tensor got, Tensor want) {
    assertThat(got.dtype()).as(what + " dtype").isEqualTo(want.dtype());
    assertThat(got.shape()).as(what + " shape").isEqualTo(want.shape());
    double rtol = want.dtype() == DType.FLOAT64 ? 1e-9 : 1e-4;
    double atol = want.dtype() == DType.FLOAT64 ? 1e-12 : 1e-6;
    double[] g = got.toDoubleArray(), w = want.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      assertThat(g[i])
          .as("%s element %d of %s", what, i, Arrays.toString(want.shape()))
          .isCloseTo(w[i], within(atol + rtol * Math.abs(w[i])));
    }
  }
}
