package dev.nabla.torchoracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Activation;
import dev.nabla.layers.LayerNorm;
import dev.nabla.layers.Module;
import dev.nabla.layers.MultiheadAttention;
import dev.nabla.layers.TransformerDecoderLayer;
import dev.nabla.layers.TransformerEncoder;
import dev.nabla.layers.TransformerEncoderLayer;
import dev.nabla.torchoracle.TorchFixtures.Fixture;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attention case of {@code make_fixtures.py} (MultiheadAttention, the transformer layers and
 * a stack), in FLOAT64 and FLOAT32, dropout 0: nabla's module gets PyTorch's parameters, runs the
 * same inputs with the same masks ({@code mask.<name>}, no gradient), and must give PyTorch's
 * outputs and gradients of the input, of key, value or memory, and of every parameter.
 */
class AttentionAgainstTorchTest {

  @BeforeAll
  static void pyTorchWritesItsAnswers() {
    TorchFixtures.ensureGenerated();
  }

  static Stream<Arguments> cases() {
    return TorchFixtures.arguments("attention");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void forwardAndBackwardArePyTorchs(String name, DType dtype) throws Exception {
    Fixture f = TorchFixtures.load(name, dtype);
    Module m = build(f);
    m.to(dtype);
    LayersAgainstTorchTest.loadTorchState(m, f);
    Tensor x = f.get("input").copy().requiresGrad(true);
    Map<String, Tensor> inputs = LayersAgainstTorchTest.furtherInputs(f);
    LayersAgainstTorchTest.assertMatchesTorch(name, f, m, x, inputs, outputs(f, m, x, inputs));
  }

  @Test
  void pyTorchsBoolMasksArriveAsBool() throws Exception {
    // the BOOL cases exercise nabla's BOOL masks, not a float stand-in
    assertThat(TorchFixtures.load("mha_bool_attn_mask", DType.FLOAT32).get("mask.attnMask").dtype())
        .isEqualTo(DType.BOOL);
    assertThat(
            TorchFixtures.load("mha_key_padding", DType.FLOAT64).get("mask.keyPaddingMask").dtype())
        .isEqualTo(DType.BOOL);
    assertThat(TorchFixtures.load("decoder_post_relu", DType.FLOAT64).get("mask.tgtMask").dtype())
        .isEqualTo(DType.BOOL);
    assertThat(
            TorchFixtures.load("mha_float_attn_mask", DType.FLOAT64).get("mask.attnMask").dtype())
        .isEqualTo(DType.FLOAT64);
  }

  static Module build(Fixture f) {
    return switch (f.setting("attention")) {
      case "mha" ->
          new MultiheadAttention(
              f.intSetting("embedDim"),
              f.intSetting("numHeads"),
              0,
              true,
              f.intSetting("kdim"),
              f.intSetting("vdim"));
      case "encoder" -> encoderLayer(f);
      case "decoder" ->
          new TransformerDecoderLayer(
              f.intSetting("dModel"),
              f.intSetting("nhead"),
              f.intSetting("dimFeedforward"),
              0,
              activation(f),
              f.doubleSetting("layerNormEps"),
              f.boolSetting("normFirst"));
      case "stack" ->
          new TransformerEncoder(
              () -> encoderLayer(f),
              f.intSetting("numLayers"),
              new LayerNorm(f.intSetting("dModel")));
      default ->
          throw new IllegalArgumentException(
              f.name() + ": no nabla module for " + f.setting("attention"));
    };
  }

  private static TransformerEncoderLayer encoderLayer(Fixture f) {
    return new TransformerEncoderLayer(
        f.intSetting("dModel"),
        f.intSetting("nhead"),
        f.intSetting("dimFeedforward"),
        0,
        activation(f),
        f.doubleSetting("layerNormEps"),
        f.boolSetting("normFirst"));
  }

  private static Activation activation(Fixture f) {
    return Activation.valueOf(f.setting("activation").toUpperCase(Locale.ROOT));
  }

  private static Tensor mask(Fixture f, String name) {
    return f.has("mask." + name) ? f.get("mask." + name) : null;
  }

  static Map<String, Tensor> outputs(Fixture f, Module m, Tensor x, Map<String, Tensor> inputs) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    switch (m) {
      case MultiheadAttention mha -> {
        Tensor key = inputs.getOrDefault("input.key", x);
        Tensor value = inputs.getOrDefault("input.value", key);
        MultiheadAttention.Output o =
            mha.forward(
                x,
                key,
                value,
                mask(f, "keyPaddingMask"),
                mask(f, "attnMask"),
                f.boolSetting("needWeights"),
                f.boolSetting("causal"));
        out.put("output", o.output());
        if (o.weights() != null) {
          out.put("output.weights", o.weights());
        }
      }
      case TransformerEncoderLayer layer ->
          out.put("output", layer.forward(x, mask(f, "mask"), mask(f, "keyPaddingMask"), false));
      case TransformerEncoder stack ->
          out.put("output", stack.forward(x, mask(f, "mask"), mask(f, "keyPaddingMask"), false));
      case TransformerDecoderLayer layer ->
          out.put(
              "output",
              layer.forward(
                  x,
                  inputs.get("input.memory"),
                  mask(f, "tgtMask"),
                  mask(f, "memoryMask"),
                  mask(f, "tgtKeyPaddingMask"),
                  mask(f, "memoryKeyPaddingMask"),
                  false));
      default -> throw new IllegalArgumentException(f.name() + ": no outputs for " + m);
    }
    return out;
  }
}
