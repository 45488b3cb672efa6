package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Activation;
import dev.nabla.layers.AvgPool2d;
import dev.nabla.layers.BatchNorm1d;
import dev.nabla.layers.BatchNorm2d;
import dev.nabla.layers.Conv1d;
import dev.nabla.layers.Conv2d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Embedding;
import dev.nabla.layers.Flatten;
import dev.nabla.layers.GELU;
import dev.nabla.layers.GRU;
import dev.nabla.layers.Init;
import dev.nabla.layers.LSTM;
import dev.nabla.layers.LayerNorm;
import dev.nabla.layers.LeakyReLU;
import dev.nabla.layers.LearnedPositionalEmbedding;
import dev.nabla.layers.LogSoftmax;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.Module;
import dev.nabla.layers.MultiheadAttention;
import dev.nabla.layers.RMSNorm;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Sigmoid;
import dev.nabla.layers.SinusoidalPositionalEncoding;
import dev.nabla.layers.Softmax;
import dev.nabla.layers.Tanh;
import dev.nabla.layers.TransformerDecoder;
import dev.nabla.layers.TransformerDecoderLayer;
import dev.nabla.layers.TransformerEncoder;
import dev.nabla.layers.TransformerEncoderLayer;
import dev.nabla.onnx.internal.export.TensorEncoder;
import dev.nabla.onnx.internal.proto.ModelProto;
import dev.nabla.onnx.internal.proto.ProtoReader;
import dev.nabla.onnx.internal.proto.ProtoWriter;
import dev.nabla.onnx.internal.proto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer kind and a few stacks, exported with seeded weights (and random normalisation
 * statistics): ONNX's checker (full check) and strict shape inference must accept the file and
 * infer the output shape nabla computes, and nabla's importer must run it to nabla's own
 * evaluation-mode forward pass to 1e-6, at the example's batch size and at another one. The files,
 * inputs and expected outputs are kept under {@code target/export-models/} for other runtimes.
 */
class OnnxExportTest {
  static final Path KEEP = Path.of("target", "export-models");
  static final double TOLERANCE = 1e-6;

  @TempDir Path dir;

  /** One case: a model and an example input (batch first) made of the case's seed. */
  record Case(String name, Supplier<Module> model, Supplier<Tensor> input) {}

  static Tensor randn(long seed, int... shape) {
    return Tensor.randn(seed, shape);
  }

  static Tensor ids(long seed, DType dtype, int vocab, int... shape) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    long[] v = new long[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(vocab);
    }
    return Tensor.of(v, shape).to(dtype);
  }

  /** Every parameter random (not at its init: ones and zeros hide mistakes), running var > 0. */
  static <M extends Module> M randomized(M m, long seed) {
    try (var _ = Grad.disabled()) {
      long s = seed;
      for (Tensor p : m.parameters()) {
        p.copyFrom(Tensor.randn(s++, p.dtype(), p.shape()).mul(0.5));
      }
      m.namedBuffers()
          .forEach(
              (name, b) -> {
                if (name.endsWith("running_mean")) {
                  b.copyFrom(Tensor.randn(name.hashCode(), b.dtype(), b.shape()).mul(0.3));
                } else if (name.endsWith("running_var")) {
                  b.copyFrom(Tensor.uniform(name.hashCode(), b.dtype(), 0.5, 1.5, b.shape()));
                }
              });
    }
    return m;
  }

  static Module f64(Module m) {
    return m.to(DType.FLOAT64);
  }

  static List<Case> cases() {
    Init d = Init.pytorchDefault();
    List<Case> c = new ArrayList<>();
    c.add(
        new Case(
            "mlp",
            () ->
                randomized(
                    new Sequential(
                        new Dense(6, 8, true, d, d, 1),
                        new ReLU(),
                        new Dense(8, 5, true, d, d, 2),
                        new Tanh(),
                        new Dense(5, 3, false, d, d, 3),
                        new Sigmoid()),
                    10),
            () -> randn(100, 4, 6)));
    c.add(
        new Case(
            "dense-rank3",
            () ->
                randomized(
                    new Sequential(
                        new Dense(5, 4, true, d, d, 4),
                        new ReLU(),
                        new Dense(4, 3, false, d, d, 5)),
                    11),
            () -> randn(101, 2, 3, 5)));
    c.add(
        new Case(
            "activations",
            () ->
                randomized(
                    new Sequential(
                        new Dense(4, 6, true, d, d, 6),
                        new LeakyReLU(0.2),
                        new GELU(),
                        new Dense(6, 5, true, d, d, 7),
                        new Softmax(-1),
                        new Dense(5, 4, true, d, d, 8),
                        new LogSoftmax(1)),
                    12),
            () -> randn(102, 3, 4).mul(2)));
    c.add(
        new Case(
            "conv2d-bn-pool",
            () ->
                randomized(
                    new Sequential(
                        new Conv2d(3, 4, 3, 2, 1, 1, 1, true, d, d, 20),
                        new BatchNorm2d(4),
                        new ReLU(),
                        new Conv2d(4, 6, 3, 1, 2, 2, 2, false, d, d, 21),
                        new MaxPool2d(2),
                        new AvgPool2d(3, 1, 1),
                        new Dropout(0.5, 22),
                        new Flatten(),
                        new Dense(6 * 2 * 2, 3, true, d, d, 23)),
                    13),
            () -> randn(103, 2, 3, 9, 9)));
    c.add(
        new Case(
            "conv1d-bn",
            () ->
                randomized(
                    new Sequential(
                        new Conv1d(2, 4, 3, 1, 1, 1, 1, true, d, d, 30),
                        new BatchNorm1d(4),
                        new Tanh(),
                        new Conv1d(4, 4, 3, 2, 0, 2, 4, true, d, d, 31),
                        new Flatten(),
                        new Dense(4 * 2, 5, true, d, d, 32),
                        new BatchNorm1d(5, 1e-3, 0.1)),
                    14),
            () -> randn(104, 3, 2, 8)));
    c.add(
        new Case(
            "norms",
            () ->
                randomized(
                    new Sequential(
                        new LayerNorm(4),
                        new RMSNorm(4),
                        new LayerNorm(new int[] {3, 4}, 1e-3, false),
                        new RMSNorm(new int[] {3, 4}, 1e-4, false),
                        new Dense(4, 4, true, d, d, 40),
                        new RMSNorm(new int[] {3, 4}, 1e-5, true),
                        new LayerNorm(new int[] {3, 4}, 1e-5, true)),
                    15),
            () -> randn(105, 2, 3, 4).mul(3).add(1)));
    c.add(
        new Case(
            "lstm",
            () -> randomized(new LSTM(4, 5, 1, true, false, 0, d, 50), 16),
            () -> randn(106, 2, 3, 4)));
    c.add(
        new Case(
            "lstm-stacked-bidirectional",
            () ->
                randomized(
                    new Sequential(
                        new LSTM(4, 5, 2, true, true, 0.3, d, 51),
                        new Dense(10, 2, true, d, d, 52)),
                    17),
            () -> randn(107, 3, 4, 4)));
    c.add(
        new Case(
            "lstm-no-bias",
            () -> randomized(new LSTM(3, 4, 2, false, false, 0, d, 53), 18),
            () -> randn(108, 2, 5, 3)));
    c.add(
        new Case(
            "gru",
            () -> randomized(new GRU(4, 5, 1, true, false, 0, d, 60), 19),
            () -> randn(109, 2, 3, 4)));
    c.add(
        new Case(
            "gru-stacked-bidirectional",
            () -> randomized(new GRU(4, 3, 3, true, true, 0, d, 61), 20),
            () -> randn(110, 2, 4, 4)));
    c.add(
        new Case(
            "gru-no-bias",
            () -> randomized(new GRU(3, 4, 1, false, true, 0, d, 62), 21),
            () -> randn(111, 2, 5, 3)));
    // Sequential (like every module but Embedding) takes floating-point input: ids go to an
    // Embedding at the root
    c.add(
        new Case(
            "embedding-int64-padding",
            () -> randomized(new Embedding(10, 6, 0, Init.normal(0, 1), 70), 22),
            () -> ids(112, DType.INT64, 10, 2, 5)));
    c.add(
        new Case(
            "embedding-int32",
            () -> randomized(new Embedding(7, 4, null, Init.normal(0, 1), 72), 23),
            () -> ids(113, DType.INT32, 7, 3, 6)));
    c.add(
        new Case(
            "learned-positions",
            () ->
                randomized(
                    new Sequential(
                        new LearnedPositionalEmbedding(8, 6, Init.normal(0, 1), 71),
                        new LayerNorm(6)),
                    22),
            () -> randn(112, 2, 5, 6)));
    c.add(
        new Case(
            "sinusoidal-positions",
            () ->
                randomized(
                    new Sequential(
                        new SinusoidalPositionalEncoding(16, 4), new Dense(4, 3, true, d, d, 73)),
                    23),
            () -> randn(113, 3, 6, 4)));
    c.add(
        new Case(
            "multihead-attention",
            () -> randomized(new MultiheadAttention(8, 2, 0.1, true, 8, 8, 80), 24),
            () -> randn(114, 2, 3, 8)));
    c.add(
        new Case(
            "multihead-attention-no-bias",
            () -> randomized(new MultiheadAttention(6, 3, 0, false, 6, 6, 81), 25),
            () -> randn(115, 2, 4, 6)));
    c.add(
        new Case(
            "encoder-layer-post-norm-relu",
            () ->
                randomized(
                    new TransformerEncoderLayer(8, 2, 16, 0.1, Activation.RELU, 1e-5, false, 90),
                    26),
            () -> randn(116, 2, 5, 8)));
    c.add(
        new Case(
            "encoder-layer-pre-norm-gelu",
            () ->
                randomized(
                    new TransformerEncoderLayer(8, 4, 12, 0, Activation.GELU, 1e-6, true, 91), 27),
            () -> randn(117, 2, 3, 8)));
    c.add(
        new Case(
            "decoder-layer-post-norm-gelu",
            () ->
                randomized(
                    new TransformerDecoderLayer(8, 2, 16, 0.1, Activation.GELU, 1e-5, false, 92),
                    28),
            () -> randn(118, 2, 4, 8)));
    c.add(
        new Case(
            "decoder-layer-pre-norm-relu",
            () ->
                randomized(
                    new TransformerDecoderLayer(6, 2, 10, 0, Activation.RELU, 1e-5, true, 93), 29),
            () -> randn(119, 3, 2, 6)));
    c.add(
        new Case(
            "encoder-stack-with-norm",
            () ->
                randomized(
                    new TransformerEncoder(
                        seeded(
                            s ->
                                new TransformerEncoderLayer(
                                    8, 2, 16, 0.1, Activation.RELU, 1e-5, false, s),
                            94),
                        2,
                        new LayerNorm(8)),
                    30),
            () -> randn(120, 2, 4, 8)));
    c.add(
        new Case(
            "decoder-stack-pre-norm",
            () ->
                randomized(
                    new TransformerDecoder(
                        seeded(
                            s ->
                                new TransformerDecoderLayer(
                                    8, 2, 16, 0, Activation.GELU, 1e-5, true, s),
                            95),
                        2,
                        new RMSNorm(8)),
                    31),
            () -> randn(121, 2, 3, 8)));
    c.add(
        new Case(
            "char-transformer",
            () ->
                randomized(
                    new Sequential(
                        new SinusoidalPositionalEncoding(10, 8),
                        new Dropout(0.1, 97),
                        new TransformerEncoder(
                            seeded(
                                s ->
                                    new TransformerEncoderLayer(
                                        8, 2, 16, 0.1, Activation.GELU, 1e-5, true, s),
                                98),
                            2,
                            new LayerNorm(8)),
                        new Dense(8, 12, true, d, d, 99),
                        new LogSoftmax(-1)),
                    32),
            () -> randn(122, 2, 7, 8)));
    c.add(
        new Case(
            "nested-sequentials",
            () ->
                randomized(
                    new Sequential(
                        new Sequential(new Dense(3, 4, true, d, d, 100), new ReLU()),
                        new Sequential(
                            new Sequential(new Dense(4, 2, true, d, d, 101)),
                            new Dropout(0.2, 102))),
                    33),
            () -> randn(123, 5, 3)));
    c.add(new Case("empty-sequential", Sequential::new, () -> randn(124, 2, 3)));
    c.add(
        new Case(
            "mlp-float64",
            () ->
                f64(
                    randomized(
                        new Sequential(
                            new Dense(6, 8, true, d, d, 110),
                            new GELU(),
                            new Dense(8, 3, true, d, d, 111),
                            new Softmax()),
                        34)),
            () -> Tensor.randn(125, DType.FLOAT64, 4, 6)));
    c.add(
        new Case(
            "convnet-float64",
            () ->
                f64(
                    randomized(
                        new Sequential(
                            new Conv2d(2, 3, 3, 1, 1, 1, 1, true, d, d, 112),
                            new BatchNorm2d(3),
                            new LeakyReLU(),
                            new MaxPool2d(2, 2, 1),
                            new Flatten()),
                        35)),
            () -> Tensor.randn(126, DType.FLOAT64, 2, 2, 6, 6)));
    c.add(
        new Case(
            "lstm-gru-float64",
            () ->
                f64(
                    randomized(
                        new Sequential(
                            new LSTM(3, 4, 1, true, true, 0, d, 113),
                            new GRU(8, 3, 2, true, false, 0, d, 114)),
                        36)),
            () -> Tensor.randn(127, DType.FLOAT64, 2, 3, 3)));
    c.add(
        new Case(
            "encoder-float64",
            () ->
                f64(
                    randomized(
                        new TransformerEncoderLayer(
                            8, 2, 16, 0.1, Activation.GELU, 1e-5, false, 115),
                        37)),
            () -> Tensor.randn(128, DType.FLOAT64, 2, 3, 8)));
    return c;
  }

  /** A layer supplier that seeds each new layer from its own stream. */
  static <M extends Module> Supplier<M> seeded(
      java.util.function.LongFunction<M> layer, long seed) {
    long[] next = {seed};
    return () -> layer.apply(next[0]++);
  }

  /** The example again with another batch size: the graph's batch dimension is symbolic. */
  static Tensor otherBatch(Tensor x) {
    int[] shape = x.shape();
    Tensor twice = Tensor.concat(0, x, x.mul(x.dtype().isFloatingPoint() ? -0.5 : 1));
    return twice.slice(0, 0, shape[0] + 1);
  }

  @TestFactory
  Stream<DynamicContainer> everyLayerKindExportsChecksAndRunsToNablasOutputs() {
    return cases().stream()
        .map(
            c ->
                DynamicContainer.dynamicContainer(
                    c.name(),
                    Stream.of(
                        DynamicTest.dynamicTest("onnx checker", () -> checker(c)),
                        DynamicTest.dynamicTest("nabla runs it", () -> runs(c)))));
  }

  private Path export(Case c, Module model, Tensor x) throws IOException {
    Path file = dir.resolve(c.name() + ".onnx");
    Onnx.export(model, x, file);
    Path keep = KEEP.resolve(c.name());
    Files.createDirectories(keep);
    Files.copy(file, keep.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.write(keep.resolve("input_0.pb"), ProtoWriter.tensor(TensorEncoder.encode("input", x)));
    Tensor y = model.predict(x);
    Files.write(keep.resolve("output_0.pb"), ProtoWriter.tensor(TensorEncoder.encode("output", y)));
    // the same as raw little-endian data and a JSON header, for runtimes that read no TensorProto
    Files.write(keep.resolve("input.bin"), TensorEncoder.encode("", x).rawData().toByteArray());
    Files.write(keep.resolve("output.bin"), TensorEncoder.encode("", y).rawData().toByteArray());
    Files.writeString(
        keep.resolve("io.json"),
        "{\"input\": {\"dtype\": \""
            + x.dtype()
            + "\", \"shape\": "
            + Arrays.toString(x.shape())
            + "}, \"output\": {\"dtype\": \""
            + y.dtype()
            + "\", \"shape\": "
            + Arrays.toString(y.shape())
            + "}}\n");
    return file;
  }

  private void checker(Case c) throws IOException {
    Module model = c.model().get();
    Tensor x = c.input().get();
    Path file = export(c, model, x);
    int[] shape = model.predict(x).shape();
    List<String> dims = new ArrayList<>(List.of("'batch'"));
    for (int i = 1; i < shape.length; i++) {
      dims.add(Integer.toString(shape[i]));
    }
    assertThat(PythonOnnx.check(file)).isEqualTo(dims.toString());
    // the initializers are the state dict's tensors, under its names
    ModelProto m = ProtoReader.model(Files.readAllBytes(file), file.toString());
    var state = model.stateDict();
    for (TensorProto t : m.graph().initializers()) {
      assertThat(state).as("initializer %s", t.name()).containsKey(t.name());
      assertThat(Arrays.stream(t.dims()).mapToInt(v -> (int) v).toArray())
          .isEqualTo(state.get(t.name()).shape());
    }
    for (String p : model.namedParameters().keySet()) {
      assertThat(m.graph().initializers().stream().map(TensorProto::name))
          .as("parameter")
          .contains(p);
    }
  }

  private void runs(Case c) throws IOException {
    Module model = c.model().get();
    Tensor x = c.input().get();
    Path file = export(c, model, x);
    OnnxModel onnx = OnnxModel.load(file);
    assertThat(onnx.opsetVersion()).isEqualTo(17);
    assertThat(onnx.inputs()).hasSize(1);
    assertThat(onnx.inputs().getFirst().name()).isEqualTo("input");
    assertThat(onnx.inputs().getFirst().shape().getFirst()).isEqualTo(Dim.symbolic("batch"));
    for (Tensor in : List.of(x, otherBatch(x))) {
      Tensor want = model.predict(in);
      Tensor got = onnx.run(in);
      assertClose(c.name(), got, want);
    }
  }

  static void assertClose(String what, Tensor got, Tensor want) {
    assertThat(got.shape()).as("%s: shape", what).isEqualTo(want.shape());
    assertThat(got.dtype()).as("%s: dtype", what).isEqualTo(want.dtype());
    double[] g = got.toDoubleArray(), w = want.toDoubleArray();
    double worst = 0;
    int at = -1;
    for (int i = 0; i < g.length; i++) {
      double err = Math.abs(g[i] - w[i]) / (1 + Math.abs(w[i]));
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    assertThat(worst)
        .as(
            "%s: worst error |got - want| / (1 + |want|) at element %d (got %s, want %s)",
            what, at, at < 0 ? "" : g[at], at < 0 ? "" : w[at])
        .isLessThanOrEqualTo(TOLERANCE);
  }

  // ---------------------------------------------------------------- the API's promises

  static final class Custom extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return x.mul(2);
    }
  }

  @Test
  void anUnknownLayerFailsNamingItAndLeavesAnExistingFileAsItWas() throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "old");
    Module model = new Sequential(new Dense(2, 2), new Sequential(new ReLU(), new Custom()));
    assertThatThrownBy(() -> Onnx.export(model, Tensor.zeros(1, 2), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1.1'")
        .hasMessageContaining(Custom.class.getName())
        .hasMessageContaining("not supported");
    assertThat(Files.readString(file)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.onnx");
    }
  }

  @Test
  void anExampleTheModelRejectsFailsWithTheLayersMessage() {
    Module model = new Sequential(new Dense(3, 2));
    assertThatThrownBy(() -> Onnx.export(model, Tensor.zeros(1, 4), dir.resolve("m.onnx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dense(3 -> 2)")
        .hasMessageContaining("expected 3");
  }

  @Test
  void theModelsModesAreRestoredAndTheExportIsTheEvaluationForward() throws IOException {
    Init d = Init.pytorchDefault();
    Sequential model =
        new Sequential(new Dense(3, 3, true, d, d, 1), new Dropout(0.9, 2), new BatchNorm1d(3));
    model.train();
    model.get(2).eval(); // a child in another mode than its parent keeps it
    Path file = dir.resolve("m.onnx");
    Onnx.export(model, randn(3, 4, 3), file);
    assertThat(model.isTraining()).isTrue();
    assertThat(model.get(1).isTraining()).isTrue();
    assertThat(model.get(2).isTraining()).isFalse();
    // no Dropout node: the graph is the evaluation forward; the rng state is no initializer
    ModelProto m = ProtoReader.model(Files.readAllBytes(file), file.toString());
    assertThat(m.graph().nodes().stream().map(n -> n.opType()))
        .containsExactly("Gemm", "BatchNormalization");
    assertThat(m.graph().initializers().stream().map(TensorProto::name))
        .containsExactly(
            "0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var");
    assertThat(m.graph().outputs().getFirst().name()).isEqualTo("output");
    assertThat(m.opsetImports().getFirst().version()).isEqualTo(17);
  }

  @Test
  void tiedWeightsAreOneInitializer() throws IOException {
    Init d = Init.pytorchDefault();
    Dense shared = new Dense(4, 4, true, d, d, 5);
    Sequential model = new Sequential(shared, new Tanh(), shared);
    Path file = dir.resolve("tied.onnx");
    Onnx.export(model, randn(6, 2, 4), file);
    ModelProto m = ProtoReader.model(Files.readAllBytes(file), file.toString());
    assertThat(m.graph().initializers().stream().map(TensorProto::name))
        .containsExactly("0.weight", "0.bias");
    PythonOnnx.check(file);
  }

  @Test
  void theImportedModulesParametersAreTheExportedModelsStateDict() throws IOException {
    Init d = Init.pytorchDefault();
    Module model =
        randomized(
            new Sequential(
                new Dense(3, 4, true, d, d, 7),
                new Tanh(),
                new Sequential(new Dense(4, 2, false, d, d, 8))),
            9);
    Path file = dir.resolve("mlp.onnx");
    Onnx.export(model, randn(4, 2, 3), file);
    var imported = OnnxModel.load(file).asModule().namedParameters();
    var state = model.stateDict();
    assertThat(imported.keySet()).containsExactlyInAnyOrderElementsOf(state.keySet());
    state.forEach(
        (name, t) ->
            assertThat(imported.get(name).toFloatArray())
                .as(name)
                .containsExactly(t.toFloatArray()));
  }

  /** A sequence model exported with a dynamic length runs at other lengths. */
  @Test
  void aSequenceAxisCanBeDynamic() throws IOException {
    Init d = Init.pytorchDefault();
    Module model =
        randomized(
            new Sequential(
                new SinusoidalPositionalEncoding(10, 8),
                new TransformerEncoder(
                    seeded(
                        s ->
                            new TransformerEncoderLayer(
                                8, 2, 16, 0.1, Activation.GELU, 1e-5, true, s),
                        200),
                    2,
                    new LayerNorm(8)),
                new LSTM(8, 4, 1, true, true, 0, d, 201),
                new Dense(8, 5, true, d, d, 202),
                new LogSoftmax(-1)),
            40);
    Path file = dir.resolve("seq.onnx");
    Onnx.export(model, randn(130, 2, 6, 8), file, java.util.Map.of(0, "batch", 1, "sequence"));
    assertThat(PythonOnnx.check(file)).isEqualTo("['batch', 'sequence', 5]");
    OnnxModel onnx = OnnxModel.load(file);
    assertThat(onnx.inputs().getFirst().shape())
        .containsExactly(Dim.symbolic("batch"), Dim.symbolic("sequence"), Dim.of(8));
    for (int[] shape : new int[][] {{2, 6, 8}, {3, 1, 8}, {1, 10, 8}}) {
      Tensor x = randn(131, shape);
      assertClose("length " + shape[1], onnx.run(x), model.predict(x));
    }
  }

  @Test
  void everyAxisFixedWhenNoneIsDynamic() throws IOException {
    Init d = Init.pytorchDefault();
    Module model = new Sequential(new Dense(6, 3, true, d, d, 1));
    Path file = dir.resolve("fixed.onnx");
    Onnx.export(model, randn(1, 4, 6), file, java.util.Map.of());
    assertThat(PythonOnnx.check(file)).isEqualTo("[4, 3]");
    assertThat(OnnxModel.load(file).inputs().getFirst().shape())
        .containsExactly(Dim.of(4), Dim.of(6));
  }

  @Test
  void anAxisTheModelCannotResizeIsRefusedNamingIt() {
    Init d = Init.pytorchDefault();
    Module model =
        new Sequential(
            new Conv2d(1, 2, 3, 1, 1, 1, 1, true, d, d, 1),
            new Flatten(),
            new Dense(2 * 4 * 4, 3, true, d, d, 2));
    Path file = dir.resolve("conv.onnx");
    assertThatThrownBy(
            () -> Onnx.export(model, randn(2, 2, 1, 4, 4), file, java.util.Map.of(2, "height")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input axis 2 ('height') cannot be dynamic")
        .hasMessageContaining("[2, 1, 3, 4]");
    assertThatThrownBy(
            () -> Onnx.export(model, randn(2, 2, 1, 4, 4), file, java.util.Map.of(4, "w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamic axis 4 is not an axis of the example input [2, 1, 4, 4]");
    assertThat(file).doesNotExist();
  }
}
