package dev.nabla.torchoracle;

import static dev.nabla.torchoracle.TorchFixtures.assertClose;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
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
import dev.nabla.layers.LSTM;
import dev.nabla.layers.LayerNorm;
import dev.nabla.layers.LeakyReLU;
import dev.nabla.layers.LogSoftmax;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.Module;
import dev.nabla.layers.RMSNorm;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Sigmoid;
import dev.nabla.layers.Softmax;
import dev.nabla.layers.Tanh;
import dev.nabla.torchoracle.TorchFixtures.Fixture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer case of {@code make_fixtures.py}, in FLOAT64 and FLOAT32: nabla's module gets
 * PyTorch's parameters (and running statistics), runs the same input (and initial states) in the
 * same mode, and backpropagates the same {@code sum(output * r)}, summed over the outputs of a
 * module with several (a recurrent layer's sequence and final states); every output, the gradient
 * of the input and of each further input, every parameter's gradient and the buffers after the step
 * must be PyTorch's.
 */
class LayersAgainstTorchTest {

  @BeforeAll
  static void pyTorchWritesItsAnswers() {
    TorchFixtures.ensureGenerated();
  }

  static Stream<Arguments> cases() {
    return TorchFixtures.arguments("layer");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void forwardAndBackwardArePyTorchs(String name, DType dtype) throws Exception {
    Fixture f = TorchFixtures.load(name, dtype);
    Module m = build(f);
    m.to(dtype);
    loadTorchState(m, f);
    boolean training = !f.meta().containsKey("training") || f.boolSetting("training");
    m.train(training && !name.endsWith("_eval"));

    // Integer input (an embedding's ids) has no gradient: neither side computes one.
    Tensor x =
        f.get("input").dtype().isFloatingPoint()
            ? f.get("input").copy().requiresGrad(true)
            : f.get("input").copy();
    Map<String, Tensor> inputs = furtherInputs(f);
    assertMatchesTorch(name, f, m, x, inputs, outputs(m, x, inputs));
  }

  /** The further inputs ({@code input.<k>}: a recurrent layer's h0, c0), as leaves. */
  static Map<String, Tensor> furtherInputs(Fixture f) {
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (String key : f.tensors().keySet()) {
      if (key.startsWith("input.")) {
        inputs.put(key, f.get(key).copy().requiresGrad(true));
      }
    }
    return inputs;
  }

  /**
   * Backpropagates {@code sum(output * r)} over {@code outputs} and compares every output, the
   * gradients of {@code x}, of the further {@code inputs} and of every parameter, and the buffers,
   * with PyTorch's in {@code f}.
   */
  static void assertMatchesTorch(
      String name,
      Fixture f,
      Module m,
      Tensor x,
      Map<String, Tensor> inputs,
      Map<String, Tensor> outputs) {
    Tensor loss = null;
    for (Map.Entry<String, Tensor> y : outputs.entrySet()) {
      Tensor term = y.getValue().mul(f.get("r" + y.getKey().substring("output".length()))).sum();
      loss = loss == null ? term : loss.add(term);
    }
    loss.backward();

    for (Map.Entry<String, Tensor> y : outputs.entrySet()) {
      assertClose(name + " " + y.getKey(), y.getValue(), f.get(y.getKey()));
    }
    if (x.dtype().isFloatingPoint()) {
      assertClose(name + " input gradient", x.grad(), f.get("grad.input"));
    }
    for (Map.Entry<String, Tensor> in : inputs.entrySet()) {
      assertClose(
          name + " gradient of " + in.getKey(), in.getValue().grad(), f.get("grad." + in.getKey()));
    }
    Map<String, Tensor> params = m.namedParameters();
    for (Map.Entry<String, Tensor> p : params.entrySet()) {
      Tensor want = f.get("grad.param." + p.getKey());
      assertClose(
          name + " gradient of " + p.getKey(), toNabla(m, p.getKey(), want), p.getValue().grad());
    }
    for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
      if (f.has("buffer." + b.getKey())) {
        assertClose(name + " buffer " + b.getKey(), b.getValue(), f.get("buffer." + b.getKey()));
      }
    }
  }

  /**
   * Every output of {@code m} by its fixture name: {@code output} for a layer; for a recurrent
   * layer also its final states, {@code output.h} (and {@code output.c}), from the initial states
   * {@code input.h0} (and {@code input.c0}) when the case has them, else from zeros.
   */
  static Map<String, Tensor> outputs(Module m, Tensor x, Map<String, Tensor> inputs) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    switch (m) {
      case LSTM lstm -> {
        LSTM.Output o = lstm.forward(x, inputs.get("input.h0"), inputs.get("input.c0"));
        out.put("output", o.output());
        out.put("output.h", o.h());
        out.put("output.c", o.c());
      }
      case GRU gru -> {
        GRU.Output o = gru.forward(x, inputs.get("input.h0"));
        out.put("output", o.output());
        out.put("output.h", o.h());
      }
      default -> out.put("output", m.apply(x));
    }
    return out;
  }

  /** nabla's module for a case, built from the case's settings. */
  static Module build(Fixture f) {
    return switch (f.setting("layer")) {
      case "Dense" ->
          new Dense(f.intSetting("inFeatures"), f.intSetting("outFeatures"), f.boolSetting("bias"));
      case "Conv2d" ->
          new Conv2d(
              f.intSetting("inChannels"),
              f.intSetting("outChannels"),
              f.intSetting("kernel"),
              f.intSetting("stride"),
              f.intSetting("padding"),
              f.meta().containsKey("dilation") ? f.intSetting("dilation") : 1,
              f.meta().containsKey("groups") ? f.intSetting("groups") : 1,
              f.boolSetting("bias"));
      case "Conv1d" ->
          new Conv1d(
              f.intSetting("inChannels"),
              f.intSetting("outChannels"),
              f.intSetting("kernel"),
              f.intSetting("stride"),
              f.intSetting("padding"),
              f.intSetting("dilation"),
              f.intSetting("groups"),
              f.boolSetting("bias"));
      case "LayerNorm" ->
          new LayerNorm(normalizedShape(f), f.doubleSetting("eps"), f.boolSetting("affine"));
      case "RMSNorm" ->
          new RMSNorm(normalizedShape(f), f.doubleSetting("eps"), f.boolSetting("affine"));
      case "MaxPool2d" ->
          new MaxPool2d(f.intSetting("kernel"), f.intSetting("stride"), f.intSetting("padding"));
      case "AvgPool2d" ->
          new AvgPool2d(f.intSetting("kernel"), f.intSetting("stride"), f.intSetting("padding"));
      case "BatchNorm1d" ->
          new BatchNorm1d(
              f.intSetting("features"), f.doubleSetting("eps"), f.doubleSetting("momentum"));
      case "BatchNorm2d" ->
          new BatchNorm2d(
              f.intSetting("features"), f.doubleSetting("eps"), f.doubleSetting("momentum"));
      case "LSTM", "GRU" -> recurrent(f);
      case "Embedding" ->
          new Embedding(
              f.intSetting("numEmbeddings"),
              f.intSetting("embeddingDim"),
              f.meta().containsKey("paddingIdx") ? (Integer) f.intSetting("paddingIdx") : null);
      case "relu" -> new ReLU();
      case "leaky_relu" -> new LeakyReLU(f.doubleSetting("slope"));
      case "tanh" -> new Tanh();
      case "sigmoid" -> new Sigmoid();
      case "gelu" -> new GELU();
      case "softmax" -> new Softmax(f.intSetting("axis"));
      case "log_softmax" -> new LogSoftmax(f.intSetting("axis"));
      case "flatten" -> new Flatten();
      case "dropout_eval" -> new Dropout(f.doubleSetting("p"));
      case "mlp" ->
          new Sequential(new Dense(6, 8), new ReLU(), new Dense(8, 8), new Tanh(), new Dense(8, 3));
      case "convnet" ->
          new Sequential(
              new Conv2d(1, 4, 3, 1, 1),
              new ReLU(),
              new MaxPool2d(2),
              new Conv2d(4, 6, 3),
              new BatchNorm2d(6),
              new ReLU(),
              new Flatten(),
              new Dense(6 * 2 * 2, 5));
      default ->
          throw new IllegalArgumentException(
              f.name() + ": no nabla module for " + f.setting("layer"));
    };
  }

  /** A normalisation case's trailing shape, written {@code 3x8} in its settings. */
  static int[] normalizedShape(Fixture f) {
    return Arrays.stream(f.setting("normalizedShape").split("x"))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  /** An LSTM or a GRU from a case's settings (PyTorch's constructor arguments). */
  static Module recurrent(Fixture f) {
    int in = f.intSetting("inputSize"), hidden = f.intSetting("hiddenSize");
    int layers = f.intSetting("numLayers");
    boolean bias = f.boolSetting("bias"), bidirectional = f.boolSetting("bidirectional");
    double dropout = f.doubleSetting("dropout");
    return f.setting("layer").equals("LSTM")
        ? new LSTM(in, hidden, layers, bias, bidirectional, dropout)
        : new GRU(in, hidden, layers, bias, bidirectional, dropout);
  }

  /**
   * PyTorch's parameters and buffers as nabla's state: the names are PyTorch's, and a Dense weight
   * is the transpose of a Linear weight ({@code [in, out]} against {@code [out, in]}).
   */
  static void loadTorchState(Module m, Fixture f) {
    Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
    for (String key : state.keySet()) {
      if (f.has("param." + key)) {
        state.put(key, toNabla(m, key, f.get("param." + key)));
      } else if (f.has("before.buffer." + key)) {
        state.put(key, f.get("before.buffer." + key));
      } else if (m.namedParameters().containsKey(key)) {
        throw new IllegalStateException(f.name() + ": PyTorch has no parameter " + key);
      }
    }
    m.loadStateDict(state);
  }

  /** A PyTorch tensor of parameter {@code key} in nabla's layout. */
  static Tensor toNabla(Module m, String key, Tensor torch) {
    int dot = key.lastIndexOf('.');
    Module owner = dot < 0 ? m : m.namedModules().get(key.substring(0, dot));
    String leaf = key.substring(dot + 1);
    return owner instanceof Dense && leaf.equals("weight") ? torch.transpose().copy() : torch;
  }
}
