package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiheadAttentionTest {

  @Test
  void parametersHavePyTorchsNamesShapesAndInitialisation() {
    MultiheadAttention packed = new MultiheadAttention(8, 2, 0, true, 8, 8, 1L);
    Map<String, Tensor> p = packed.namedParameters();
    assertThat(p.keySet())
        .containsExactly("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
    assertThat(p.get("in_proj_weight").shape()).containsExactly(24, 8);
    assertThat(p.get("in_proj_bias").shape()).containsExactly(24);
    assertThat(p.get("out_proj.weight").shape()).containsExactly(8, 8);
    assertThat(p.get("in_proj_bias").toDoubleArray()).containsOnly(0.0);
    assertThat(p.get("out_proj.bias").toDoubleArray()).containsOnly(0.0);
    // xavier_uniform on [3E, E]: bound sqrt(6 / (E + 3E)) = sqrt(6 / 32); out_proj 1/sqrt(E)
    assertWithin(p.get("in_proj_weight"), Math.sqrt(6.0 / 32));
    assertWithin(p.get("out_proj.weight"), 1 / Math.sqrt(8));
    assertThat(packed.namedBuffers()).isEmpty();

    MultiheadAttention split = new MultiheadAttention(8, 4, 0.1, true, 5, 3, 2L);
    Map<String, Tensor> q = split.namedParameters();
    assertThat(q.keySet())
        .containsExactly(
            "q_proj_weight",
            "k_proj_weight",
            "v_proj_weight",
            "in_proj_bias",
            "out_proj.weight",
            "out_proj.bias");
    assertThat(q.get("k_proj_weight").shape()).containsExactly(8, 5);
    assertThat(q.get("v_proj_weight").shape()).containsExactly(8, 3);
    assertWithin(q.get("k_proj_weight"), Math.sqrt(6.0 / 13));
    assertThat(split.namedBuffers()).containsOnlyKeys(Dropout.RNG_STATE);

    MultiheadAttention noBias = new MultiheadAttention(4, 1, 0, false, 4, 4, 3L);
    assertThat(noBias.namedParameters().keySet())
        .containsExactly("in_proj_weight", "out_proj.weight");
  }

  private static void assertWithin(Tensor t, double bound) {
    double max = 0;
    for (double v : t.toDoubleArray()) {
      max = Math.max(max, Math.abs(v));
    }
    assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(bound * 0.5);
  }

  /**
   * The same attention written out head by head with core ops: each head's projection rows of the
   * weights, softmax(q·kᵀ/sqrt(d) + mask)·v, the heads concatenated, the output projection.
   */
  private static Tensor byHeads(
      MultiheadAttention m, Tensor query, Tensor key, Tensor value, Tensor mask) {
    Map<String, Tensor> p = m.namedParameters();
    int e = m.embedDim(), d = m.headDim();
    Tensor wq, wk, wv;
    if (p.containsKey("in_proj_weight")) {
      Tensor w = p.get("in_proj_weight");
      wq = w.slice(0, 0, e);
      wk = w.slice(0, e, 2 * e);
      wv = w.slice(0, 2 * e, 3 * e);
    } else {
      wq = p.get("q_proj_weight");
      wk = p.get("k_proj_weight");
      wv = p.get("v_proj_weight");
    }
    Tensor b = p.get("in_proj_bias");
    Tensor[] heads = new Tensor[m.numHeads()];
    for (int h = 0; h < m.numHeads(); h++) {
      int lo = h * d, hi = lo + d;
      Tensor q = query.matmul(wq.slice(0, lo, hi).transpose()).add(b.slice(0, lo, hi));
      Tensor k = key.matmul(wk.slice(0, lo, hi).transpose()).add(b.slice(0, e + lo, e + hi));
      Tensor v =
          value.matmul(wv.slice(0, lo, hi).transpose()).add(b.slice(0, 2 * e + lo, 2 * e + hi));
      Tensor logits = q.matmul(k.transpose(1, 2)).div(Math.sqrt(d));
      if (mask != null) {
        logits = logits.add(mask);
      }
      heads[h] = logits.softmax(-1).matmul(v);
    }
    Tensor cat = Tensor.concat(2, heads);
    return cat.matmul(p.get("out_proj.weight").transpose()).add(p.get("out_proj.bias"));
  }

  private static MultiheadAttention withBiases(MultiheadAttention m) {
    // PyTorch zeroes the biases; random ones make the test see them
    for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
      if (e.getKey().endsWith("bias")) {
        m.setParameter(e.getKey(), Tensor.randn(e.getKey().length(), e.getValue().shape()));
      }
    }
    return m;
  }

  @Test
  void selfAttentionMatchesTheHeadByHeadComposition() {
    MultiheadAttention m = withBiases(new MultiheadAttention(8, 2, 0, true, 8, 8, 4L));
    Tensor x = Tensor.randn(5, 3, 6, 8);
    Tensor expected = byHeads(m, x, x, x, null);
    assertClose(m.apply(x), expected, 1e-5);
    MultiheadAttention.Output o = m.forward(x, x, x, null, null, true, false);
    assertClose(o.output(), expected, 1e-5);
    assertThat(o.weights().shape()).containsExactly(3, 6, 6);
    // averaged weights: each row sums to 1
    assertClose(o.weights().sum(2), Tensor.ones(3, 6), 1e-6);
  }

  @Test
  void crossAttentionWithOtherKeyAndValueSizes() {
    MultiheadAttention m = withBiases(new MultiheadAttention(8, 4, 0, true, 5, 3, 6L));
    Tensor q = Tensor.randn(7, 2, 4, 8);
    Tensor k = Tensor.randn(8, 2, 6, 5);
    Tensor v = Tensor.randn(9, 2, 6, 3);
    Tensor expected = byHeads(m, q, k, v, null);
    assertClose(m.forward(q, k, v, null, null, false, false).output(), expected, 1e-5);
    assertClose(m.forward(q, k, v, null, null, true, false).output(), expected, 1e-5);
  }

  @Test
  void masksAreAddedOrHideWhatTheyMark() {
    MultiheadAttention m = withBiases(new MultiheadAttention(8, 2, 0, true, 8, 8, 10L));
    Tensor x = Tensor.randn(11, 2, 4, 8);
    double inf = Double.NEGATIVE_INFINITY;
    // float key padding: key 3 of batch 0 and keys 2, 3 of batch 1 hidden
    Tensor kpm =
        Tensor.of(new float[] {0, 0, 0, (float) inf, 0, 0, (float) inf, (float) inf}, 2, 4);
    Tensor expected = byHeads(m, x, x, x, kpm.reshape(2, 1, 4));
    for (boolean weights : new boolean[] {false, true}) {
      assertClose(m.forward(x, x, x, kpm, null, weights, false).output(), expected, 1e-5);
    }
    // causal equals the float triangle as attnMask [T, S]
    Tensor tri = Tensor.zeros(4, 4);
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        tri.floatStorage()[i * 4 + j] = (float) inf;
      }
    }
    Tensor causal = byHeads(m, x, x, x, tri);
    for (boolean weights : new boolean[] {false, true}) {
      assertClose(m.forward(x, x, x, null, null, weights, true).output(), causal, 1e-5);
      assertClose(m.forward(x, x, x, null, tri, weights, false).output(), causal, 1e-5);
    }
    // a per-(batch, head) float mask [B * H, T, S] adds to both masks
    Tensor bias = Tensor.randn(12, 4, 4, 4);
    MultiheadAttention.Output o = m.forward(x, x, x, kpm, bias, true, true);
    assertThat(o.weights().shape()).containsExactly(2, 4, 4);
    // weights of hidden keys are 0: batch 1, any query, keys 2 and 3
    float[] w = o.weights().toFloatArray();
    for (int i = 0; i < 4; i++) {
      assertThat(w[16 + i * 4 + 2]).isZero();
      assertThat(w[16 + i * 4 + 3]).isZero();
      for (int j = i + 1; j < 4; j++) {
        assertThat(w[i * 4 + j]).isZero();
      }
    }
    assertClose(o.output(), m.forward(x, x, x, kpm, bias, false, true).output(), 1e-5);
  }

  @Test
  void boolMasksHideWhereTrueAsPyTorch113s() {
    MultiheadAttention m = withBiases(new MultiheadAttention(8, 2, 0, true, 8, 8, 30L));
    Tensor x = Tensor.randn(31, 2, 4, 8);
    float inf = Float.NEGATIVE_INFINITY;
    // key padding: true = padding; attn mask: true = not allowed
    Tensor kpm =
        Tensor.of(new boolean[] {false, false, false, true, false, false, true, true}, 2, 4);
    Tensor kpmFloat = Tensor.of(new float[] {0, 0, 0, inf, 0, 0, inf, inf}, 2, 4);
    boolean[] hide = new boolean[16];
    float[] hideFloat = new float[16];
    for (int i = 0; i < 4; i++) {
      hide[i * 4 + (i + 1) % 4] = i != 3;
      hideFloat[i * 4 + (i + 1) % 4] = i != 3 ? inf : 0;
    }
    Tensor attn = Tensor.of(hide, 4, 4), attnFloat = Tensor.of(hideFloat, 4, 4);
    for (boolean weights : new boolean[] {false, true}) {
      assertClose(
          m.forward(x, x, x, kpm, attn, weights, false).output(),
          m.forward(x, x, x, kpmFloat, attnFloat, weights, false).output(),
          0);
    }
    MultiheadAttention.Output o = m.forward(x, x, x, kpm, attn, true, false);
    float[] w = o.weights().toFloatArray();
    assertThat(w[3]).isZero(); // batch 0, query 0, padded key 3
    assertThat(w[1]).isZero(); // batch 0, query 0, key 1 not allowed
    assertThat(w[0]).isPositive();
    // per (batch, head) [B * H, T, S] BOOL
    Tensor perHead = Tensor.zeros(DType.BOOL, 4, 4, 4);
    assertClose(m.forward(x, x, x, null, perHead, false, false).output(), m.apply(x), 0);
  }

  @Test
  void gradientsPassGradCheck() {
    MultiheadAttention m = withBiases(new MultiheadAttention(4, 2, 0, true, 4, 4, 13L));
    LayerAssert.assertModuleGradients(m, LayerAssert.randn64(14, 2, 3, 4));
    MultiheadAttention cross = withBiases(new MultiheadAttention(4, 2, 0, true, 3, 2, 15L));
    cross.to(DType.FLOAT64);
    Tensor k = LayerAssert.randn64(16, 2, 5, 3), v = LayerAssert.randn64(17, 2, 5, 2);
    LayerAssert.assertModuleGradients(
        new Module() {
          {
            registerModule("attn", cross);
          }

          @Override
          public Tensor forward(Tensor x) {
            return cross.forward(x, k, v, null, null, true, true).output();
          }
        },
        LayerAssert.randn64(18, 2, 3, 4));
  }

  @Test
  void dropoutRunsInTrainingModeOnlyAndFollowsTheSeed() {
    MultiheadAttention a = new MultiheadAttention(8, 2, 0.5, true, 8, 8, 20L);
    MultiheadAttention b = new MultiheadAttention(8, 2, 0.5, true, 8, 8, 20L);
    MultiheadAttention none = new MultiheadAttention(8, 2, 0, true, 8, 8, 20L);
    none.loadStateDict(withoutRng(a));
    Tensor x = Tensor.randn(21, 2, 5, 8);
    Tensor first = a.apply(x);
    assertClose(b.apply(x), first, 0);
    assertThat(a.apply(x).toFloatArray()).isNotEqualTo(first.toFloatArray());
    assertThat(first.toFloatArray()).isNotEqualTo(none.apply(x).toFloatArray());
    a.eval();
    assertClose(a.apply(x), none.apply(x), 0);
    assertClose(a.forward(x, x, x, null, null, true, false).output(), none.apply(x), 1e-6);
    // the unfused path drops too
    b.train();
    Tensor w = b.forward(x, x, x, null, null, true, false).weights();
    assertThat(w.toFloatArray()).contains(0f);
  }

  private static Map<String, Tensor> withoutRng(Module m) {
    Map<String, Tensor> s = m.stateDict();
    s.remove(Dropout.RNG_STATE);
    return s;
  }

  @Test
  void badArgumentsAndInputsFailNamingTheLayer() {
    assertThatThrownBy(() -> new MultiheadAttention(6, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MultiheadAttention: embedDim must be divisible by numHeads, got embedDim 6 and"
                + " numHeads 4");
    assertThatThrownBy(() -> new MultiheadAttention(4, 2, 1.5, true, 4, 4))
        .hasMessageContaining("dropout must be in [0, 1], got 1.5");
    MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 4, 4, 1L);
    assertThatThrownBy(() -> m.apply(Tensor.zeros(2, 3, 5)))
        .hasMessageContaining(
            "MultiheadAttention(embed_dim=4, num_heads=2): query must have shape [B, L, 4] (batch"
                + " first), got [2, 3, 5]");
    Tensor x = Tensor.zeros(2, 3, 4);
    assertThatThrownBy(() -> m.forward(x, Tensor.zeros(1, 3, 4), x, null, null, false, false))
        .hasMessageContaining("one batch size");
    assertThatThrownBy(() -> m.forward(x, x, Tensor.zeros(2, 5, 4), null, null, false, false))
        .hasMessageContaining("key and value must have one sequence length");
    assertThatThrownBy(() -> m.forward(x, x, x, Tensor.zeros(2, 4), null, false, false))
        .hasMessageContaining("keyPaddingMask must have shape [B, S] = [2, 3], got [2, 4]");
    assertThatThrownBy(() -> m.forward(x, x, x, null, Tensor.zeros(3, 4), false, false))
        .hasMessageContaining(
            "attnMask must have shape [T, S] = [3, 3] or [B * numHeads, T, S] = [4, 3, 3], got"
                + " [3, 4]");
    assertThatThrownBy(
            () -> m.forward(x, x, x, null, Tensor.zeros(DType.INT32, 3, 3), false, false))
        .hasMessageContaining("attnMask must be BOOL or floating-point, got INT32");
  }

  @Test
  void reprIsPyTorchShaped() {
    assertThat(new MultiheadAttention(8, 2, 0, true, 8, 8, 1L).toString())
        .isEqualTo(
            "MultiheadAttention(embed_dim=8, num_heads=2\n"
                + "  (out_proj): OutProjection(in_features=8, out_features=8, bias=true)\n"
                + ")");
  }

  private static void assertClose(Tensor actual, Tensor expected, double tol) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    LayerAssert.assertClose(actual.toDoubleArray(), expected.toDoubleArray(), tol);
  }
}
