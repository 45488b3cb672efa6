package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerTest {

  private static TransformerEncoderLayer encoder(boolean normFirst, Activation act, long seed) {
    return new TransformerEncoderLayer(4, 2, 6, 0, act, 1e-5, normFirst, seed);
  }

  private static TransformerDecoderLayer decoder(boolean normFirst, long seed) {
    return new TransformerDecoderLayer(4, 2, 6, 0, Activation.RELU, 1e-5, normFirst, seed);
  }

  @Test
  void parameterNamesArePyTorchs() {
    // torch 1.13's named_parameters() of the same layers
    assertThat(encoder(false, Activation.RELU, 1).namedParameters().keySet())
        .containsExactly(
            "self_attn.in_proj_weight",
            "self_attn.in_proj_bias",
            "self_attn.out_proj.weight",
            "self_attn.out_proj.bias",
            "linear1.weight",
            "linear1.bias",
            "linear2.weight",
            "linear2.bias",
            "norm1.weight",
            "norm1.bias",
            "norm2.weight",
            "norm2.bias");
    assertThat(decoder(false, 1).namedParameters().keySet())
        .containsExactly(
            "self_attn.in_proj_weight",
            "self_attn.in_proj_bias",
            "self_attn.out_proj.weight",
            "self_attn.out_proj.bias",
            "multihead_attn.in_proj_weight",
            "multihead_attn.in_proj_bias",
            "multihead_attn.out_proj.weight",
            "multihead_attn.out_proj.bias",
            "linear1.weight",
            "linear1.bias",
            "linear2.weight",
            "linear2.bias",
            "norm1.weight",
            "norm1.bias",
            "norm2.weight",
            "norm2.bias",
            "norm3.weight",
            "norm3.bias");
    TransformerEncoder stack =
        new TransformerEncoder(() -> encoder(false, Activation.RELU, 2), 2, new LayerNorm(4));
    List<String> names = List.copyOf(stack.namedParameters().keySet());
    assertThat(names).hasSize(26);
    assertThat(names.get(0)).isEqualTo("layers.0.self_attn.in_proj_weight");
    assertThat(names.get(12)).isEqualTo("layers.1.self_attn.in_proj_weight");
    assertThat(names.subList(24, 26)).containsExactly("norm.weight", "norm.bias");
    // Dense keeps nabla's [in, out] layout
    assertThat(stack.namedParameters().get("layers.0.linear1.weight").shape())
        .containsExactly(4, 6);
  }

  /** The layer written out from its children: attention, residual, norm, feed-forward. */
  private static Tensor byHand(TransformerEncoderLayer layer, Tensor x, boolean normFirst) {
    Map<String, Module> c = layer.namedChildren();
    MultiheadAttention attn = (MultiheadAttention) c.get("self_attn");
    Module n1 = c.get("norm1"), n2 = c.get("norm2");
    Dense l1 = (Dense) c.get("linear1"), l2 = (Dense) c.get("linear2");
    if (normFirst) {
      Tensor h = x.add(attn.apply(n1.apply(x)));
      return h.add(l2.apply(l1.apply(n2.apply(h)).gelu()));
    }
    Tensor h = n1.apply(x.add(attn.apply(x)));
    return n2.apply(h.add(l2.apply(l1.apply(h).relu())));
  }

  @Test
  void encoderLayerIsItsSublayersInPostOrPreNormOrder() {
    Tensor x = Tensor.randn(3, 2, 5, 4);
    TransformerEncoderLayer post = encoder(false, Activation.RELU, 4);
    assertClose(post.apply(x), byHand(post, x, false), 1e-5);
    TransformerEncoderLayer pre = encoder(true, Activation.GELU, 5);
    assertClose(pre.apply(x), byHand(pre, x, true), 1e-5);
    // the mask reaches the self-attention: causal equals the triangle as a float mask
    Tensor tri = Tensor.zeros(5, 5);
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        tri.floatStorage()[i * 5 + j] = Float.NEGATIVE_INFINITY;
      }
    }
    assertClose(post.forward(x, null, null, true), post.forward(x, tri, null, false), 1e-6);
    assertThat(post.forward(x, null, null, true).toFloatArray())
        .isNotEqualTo(post.apply(x).toFloatArray());
  }

  @Test
  void stacksRunTheirLayersInOrderThenTheNorm() {
    LayerNorm norm = new LayerNorm(4);
    TransformerEncoder stack =
        new TransformerEncoder(() -> encoder(false, Activation.RELU, 6), 2, norm);
    Tensor x = Tensor.randn(7, 2, 3, 4);
    Tensor expected = norm.apply(stack.layer(1).apply(stack.layer(0).apply(x)));
    assertClose(stack.apply(x), expected, 1e-6);
    TransformerDecoder dec = new TransformerDecoder(() -> decoder(true, 8), 2, null);
    Tensor memory = Tensor.randn(9, 2, 6, 4);
    Tensor tgt = Tensor.randn(10, 2, 3, 4);
    Tensor step =
        dec.layer(1)
            .forward(
                dec.layer(0).forward(tgt, memory, null, null, null, null, true),
                memory,
                null,
                null,
                null,
                null,
                true);
    assertClose(dec.forward(tgt, memory, null, null, null, null, true), step, 1e-6);
  }

  @Test
  void aStacksNodesCarryTheLayersPaths() {
    Tensor x = Tensor.randn(21, 2, 3, 4).requiresGrad(true);
    TransformerEncoder enc =
        new TransformerEncoder(() -> encoder(false, Activation.RELU, 22), 2, null);
    assertThat(enc.apply(x).gradFn().scopePath()).isEqualTo("layers.1.norm2");
    assertThat(enc.forward(x, null, null, true).gradFn().scopePath()).isEqualTo("layers.1.norm2");
    TransformerDecoder dec = new TransformerDecoder(() -> decoder(true, 23), 2, new LayerNorm(4));
    assertThat(dec.apply(x).gradFn().scopePath()).isEqualTo("norm");
    TransformerDecoder bare = new TransformerDecoder(() -> decoder(false, 24), 1, null);
    assertThat(bare.apply(x).gradFn().scopePath()).isEqualTo("layers.0.norm3");
  }

  @Test
  void decoderAttendsToTheMemory() {
    TransformerDecoderLayer layer = decoder(false, 11);
    Tensor tgt = Tensor.randn(12, 2, 3, 4);
    Tensor memory = Tensor.randn(13, 2, 6, 4);
    Tensor a = layer.forward(tgt, memory, null, null, null, null, false);
    assertThat(a.shape()).containsExactly(2, 3, 4);
    Tensor other = layer.forward(tgt, memory.mul(2), null, null, null, null, false);
    assertThat(other.toFloatArray()).isNotEqualTo(a.toFloatArray());
    // hiding memory keys 3..5 by key padding is hiding them by a memory mask
    Tensor kpm = Tensor.zeros(2, 6);
    Tensor mm = Tensor.zeros(3, 6);
    for (int j = 3; j < 6; j++) {
      kpm.floatStorage()[j] = Float.NEGATIVE_INFINITY;
      kpm.floatStorage()[6 + j] = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < 3; i++) {
        mm.floatStorage()[i * 6 + j] = Float.NEGATIVE_INFINITY;
      }
    }
    assertClose(
        layer.forward(tgt, memory, null, null, null, kpm, false),
        layer.forward(tgt, memory, null, mm, null, null, false),
        1e-6);
  }

  @Test
  void gradientsPassGradCheck() {
    LayerAssert.assertModuleGradients(
        encoder(false, Activation.RELU, 14), LayerAssert.randn64(15, 2, 3, 4));
    LayerAssert.assertModuleGradients(
        encoder(true, Activation.GELU, 16), LayerAssert.randn64(17, 2, 3, 4));
    TransformerDecoderLayer dec = decoder(false, 18);
    dec.to(DType.FLOAT64);
    Tensor memory = LayerAssert.randn64(19, 2, 4, 4);
    LayerAssert.assertModuleGradients(
        new Module() {
          {
            registerModule("dec", dec);
          }

          @Override
          public Tensor forward(Tensor x) {
            return dec.forward(x, memory, null, null, null, null, true);
          }
        },
        LayerAssert.randn64(20, 2, 3, 4));
  }

  @Test
  void badArgumentsFailNamingTheLayer() {
    assertThatThrownBy(() -> new TransformerEncoderLayer(6, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TransformerEncoderLayer: dModel must be divisible by nhead, got dModel 6 and nhead 4");
    assertThatThrownBy(() -> new TransformerDecoderLayer(4, 2, 0, 0, Activation.RELU, 1e-5, false))
        .hasMessageContaining("TransformerDecoderLayer: dimFeedforward");
    assertThatThrownBy(() -> new TransformerEncoderLayer(4, 2, 6, 0, null, 1e-5, false))
        .hasMessage("TransformerEncoderLayer: activation is null");
    assertThatThrownBy(
            () -> new TransformerEncoder(() -> encoder(false, Activation.RELU, 1), 0, null))
        .hasMessageContaining("TransformerEncoder: numLayers");
    TransformerEncoderLayer one = encoder(false, Activation.RELU, 1);
    assertThatThrownBy(() -> new TransformerEncoder(() -> one, 2, null))
        .hasMessage(
            "TransformerEncoder: the layer supplier returned the same module twice; it must build a"
                + " new one");
    assertThatThrownBy(() -> one.apply(Tensor.zeros(2, 3, 5)))
        .hasMessageContaining("query must have shape [B, L, 4]");
  }

  @Test
  void reprNamesTheOptions() {
    assertThat(encoder(true, Activation.GELU, 1).toString())
        .startsWith(
            "TransformerEncoderLayer(d_model=4, nhead=2, dim_feedforward=6, dropout=0.0,"
                + " activation=gelu, norm_first=true\n"
                + "  (self_attn): MultiheadAttention(embed_dim=4, num_heads=2\n");
  }

  private static void assertClose(Tensor actual, Tensor expected, double tol) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    LayerAssert.assertClose(actual.toDoubleArray(), expected.toDoubleArray(), tol);
  }
}
