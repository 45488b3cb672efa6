package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.OpCheck.Array;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ScaledDotProductAttentionTest {

  private static Tensor sdpa(Tensor[] in, boolean causal) {
    Tensor mask = in.length == 4 ? in[3] : null;
    return Tensor.scaledDotProductAttention(in[0], in[1], in[2], mask, 0, causal, 0);
  }

  /**
   * The textbook formula in plain Java, one (batch, head) at a time: logits scale·q·kᵀ + mask
   * (broadcast from its own shape), keys after the query hidden when causal, a softmax over each
   * row, then the weighted sum of the values.
   */
  private static Array naive(Array[] in, boolean causal) {
    int[] qs = in[0].shape(), ks = in[1].shape(), vs = in[2].shape();
    int r = qs.length, t = qs[r - 2], d = qs[r - 1], s = ks[r - 2], dv = vs[r - 1];
    int count = Naive.size(Arrays.copyOf(qs, r - 2));
    double scale = 1 / Math.sqrt(d);
    int[] outShape = qs.clone();
    outShape[r - 1] = dv;
    double[] out = new double[count * t * dv];
    for (int b = 0; b < count; b++) {
      for (int i = 0; i < t; i++) {
        double[] w = new double[s];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
          double dot = 0;
          for (int c = 0; c < d; c++) {
            dot += in[0].values()[(b * t + i) * d + c] * in[1].values()[(b * s + j) * d + c];
          }
          w[j] = dot * scale + (in.length == 4 ? maskAt(in[3], qs, b, i, j) : 0);
          if (causal && j > i) {
            w[j] = Double.NEGATIVE_INFINITY;
          }
          max = Math.max(max, w[j]);
        }
        double sum = 0;
        for (int j = 0; j < s; j++) {
          w[j] = Math.exp(w[j] - max);
          sum += w[j];
        }
        for (int c = 0; c < dv; c++) {
          double acc = 0;
          for (int j = 0; j < s; j++) {
            acc += w[j] / sum * in[2].values()[(b * s + j) * dv + c];
          }
          out[(b * t + i) * dv + c] = acc;
        }
      }
    }
    return new Array(outShape, out);
  }

  /** The mask's value for logit (batch b, i, j), read with numpy broadcasting. */
  private static double maskAt(Array mask, int[] qs, int b, int i, int j) {
    int r = qs.length;
    int[] full = new int[r];
    for (int a = r - 3, rest = b; a >= 0; a--) {
      full[a] = rest % qs[a];
      rest /= qs[a];
    }
    full[r - 2] = i;
    full[r - 1] = j;
    int[] ms = mask.shape();
    int[] idx = new int[ms.length];
    for (int a = 0; a < ms.length; a++) {
      idx[a] = ms[a] == 1 ? 0 : full[a + r - ms.length];
    }
    return mask.at(idx);
  }

  private static final int[][][] CASES = {
    // q, k, v: [B, H, T, D], [B, H, S, D], [B, H, S, Dv]
    {{2, 3, 4, 5}, {2, 3, 6, 5}, {2, 3, 6, 7}},
    {{4, 3}, {4, 3}, {4, 2}},
    {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
    {{3, 5, 8}, {3, 2, 8}, {3, 2, 8}},
  };

  private static final int[][][] MASKED = {
    {{2, 3, 4, 5}, {2, 3, 6, 5}, {2, 3, 6, 7}, {4, 6}},
    {{2, 3, 4, 5}, {2, 3, 6, 5}, {2, 3, 6, 7}, {2, 1, 1, 6}},
    {{2, 3, 4, 5}, {2, 3, 6, 5}, {2, 3, 6, 7}, {2, 3, 4, 6}},
    {{2, 3, 4, 5}, {2, 3, 6, 5}, {2, 3, 6, 7}, {6}},
    {{3, 5, 8}, {3, 5, 8}, {3, 5, 4}, {3, 1, 5}},
  };

  @Test
  void matchesTheFormulaInBothDtypesAndKernelSetsWithGradients() {
    OpCheck.of("sdpa", in -> sdpa(in, false), in -> naive(in, false))
        .shapeCases(CASES)
        .ulps(64, 64)
        .check();
    OpCheck.of("sdpa masked", in -> sdpa(in, false), in -> naive(in, false))
        .shapeCases(MASKED)
        .ulps(64, 64)
        .check();
    // causal: T = S, T < S and T > S (the triangle is aligned top-left, as PyTorch's is_causal)
    OpCheck.of("sdpa causal", in -> sdpa(in, true), in -> naive(in, true))
        .shapeCases(CASES)
        .ulps(64, 64)
        .check();
    OpCheck.of("sdpa causal masked", in -> sdpa(in, true), in -> naive(in, true))
        .shapeCases(MASKED)
        .ulps(64, 64)
        .check();
    // causal slices longer than a block of rows (the kernel skips the keys after each block's last
    // row), with T < S and T > S, and the mask's gradient beyond the live keys
    OpCheck.of("sdpa causal blocks", in -> sdpa(in, true), in -> naive(in, true))
        .shapeCases(
            new int[][] {{1, 40, 3}, {1, 70, 3}, {1, 70, 2}, {40, 70}},
            new int[][] {{2, 70, 3}, {2, 40, 3}, {2, 40, 2}})
        .ulps(64, 64)
        .check();
  }

  /** The unfused composition of existing ops: matmul, mul, add, softmax, matmul. */
  private static Tensor composed(Tensor q, Tensor k, Tensor v, Tensor mask) {
    double scale = 1 / Math.sqrt(q.dim(-1));
    Tensor logits = q.matmul(k.transpose(-2, -1)).mul(scale);
    if (mask != null) {
      logits = logits.add(mask);
    }
    return logits.softmax(-1).matmul(v);
  }

  /** An additive mask hiding key j from query i when j > i: 0 below and on the diagonal, -inf. */
  private static Tensor causalMask(DType dtype, int t, int s) {
    double[] m = new double[t * s];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < s; j++) {
        m[i * s + j] = Double.NEGATIVE_INFINITY;
      }
    }
    return Tensor.of(m, t, s).to(dtype);
  }

  @Test
  void valuesAndGradientsMatchTheUnfusedCompositionAtTheCharLmShape() {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (boolean causal : new boolean[] {false, true}) {
        int b = 2, h = 2, t = 128, d = 32;
        Tensor q = Tensor.randn(1, dtype, b, h, t, d);
        Tensor k = Tensor.randn(2, dtype, b, h, t, d);
        Tensor v = Tensor.randn(3, dtype, b, h, t, d);
        Tensor g = Tensor.randn(4, dtype, b, h, t, d);
        Tensor[] fused = run(in -> sdpa(in, causal), g, q, k, v);
        Tensor[] plain =
            run(
                in -> composed(in[0], in[1], in[2], causal ? causalMask(dtype, t, t) : null),
                g,
                q,
                k,
                v);
        double tol = dtype == DType.FLOAT32 ? 2e-4 : 1e-10;
        for (int i = 0; i < 4; i++) {
          assertThat(maxDiff(fused[i], plain[i]))
              .as("%s causal=%s output/gradient %d", dtype, causal, i)
              .isLessThan(tol);
        }
      }
    }
  }

  @Test
  void maskGradientMatchesTheCompositionSummedOverBroadcastDimensions() {
    Tensor q = Tensor.randn(1, DType.FLOAT64, 2, 3, 4, 5);
    Tensor k = Tensor.randn(2, DType.FLOAT64, 2, 3, 6, 5);
    Tensor v = Tensor.randn(3, DType.FLOAT64, 2, 3, 6, 2);
    Tensor mask = Tensor.randn(4, DType.FLOAT64, 2, 1, 1, 6);
    Tensor g = Tensor.randn(5, DType.FLOAT64, 2, 3, 4, 2);
    Tensor[] fused = run(in -> sdpa(in, false), g, q, k, v, mask);
    Tensor[] plain = run(in -> composed(in[0], in[1], in[2], in[3]), g, q, k, v, mask);
    for (int i = 0; i < 5; i++) {
      assertThat(fused[i].shape()).isEqualTo(plain[i].shape());
      assertThat(fused[i].toDoubleArray()).containsExactly(plain[i].toDoubleArray(), within(1e-12));
    }
  }

  private static double maxDiff(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray(), y = b.toDoubleArray();
    assertThat(x.length).isEqualTo(y.length);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double diff = Math.abs(x[i] - y[i]);
      worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(worst, diff);
    }
    return worst;
  }

  /** The output of {@code fn} at fresh leaf copies of {@code in}, then each input's gradient. */
  private static Tensor[] run(Function<Tensor[], Tensor> fn, Tensor seed, Tensor... in) {
    Tensor[] leaves = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      leaves[i] = in[i].copy().requiresGrad(true);
    }
    Tensor out = fn.apply(leaves);
    out.backward(seed);
    Tensor[] result = new Tensor[in.length + 1];
    result[0] = out.detach();
    for (int i = 0; i < in.length; i++) {
      result[i + 1] = leaves[i].grad();
    }
    return result;
  }

  @Test
  void aFullyMaskedRowGivesZerosAndZeroGradients() {
    Tensor q = Tensor.randn(1, DType.FLOAT64, 3, 2).requiresGrad(true);
    Tensor k = Tensor.randn(2, DType.FLOAT64, 4, 2).requiresGrad(true);
    Tensor v = Tensor.randn(3, DType.FLOAT64, 4, 2).requiresGrad(true);
    double inf = Double.NEGATIVE_INFINITY;
    // query 1 may attend to nothing; queries 0 and 2 to keys 0 and 1
    Tensor mask =
        Tensor.of(new double[] {0, 0, inf, inf, inf, inf, inf, inf, 0, 0, inf, inf}, 3, 4);
    Tensor out = Tensor.scaledDotProductAttention(q, k, v, mask, 0, false, 0);
    double[] o = out.toDoubleArray();
    assertThat(new double[] {o[2], o[3]}).containsExactly(0.0, 0.0);
    // the other rows are the two-key attention, and finite
    Tensor ref = composed(q.slice(0, 0, 1), k.slice(0, 0, 2), v.slice(0, 0, 2), null);
    assertThat(new double[] {o[0], o[1]}).containsExactly(ref.toDoubleArray(), within(1e-12));
    Tensor seed = Tensor.of(new double[] {0, 0, 1, 1, 0, 0}, 3, 2);
    out.backward(seed);
    assertThat(q.grad().toDoubleArray()).containsOnly(0.0);
    assertThat(k.grad().toDoubleArray()).containsOnly(0.0);
    assertThat(v.grad().toDoubleArray()).containsOnly(0.0);
    // FLOAT32 too
    Tensor o32 =
        Tensor.scaledDotProductAttention(
            q.detach().to(DType.FLOAT32),
            k.detach().to(DType.FLOAT32),
            v.detach().to(DType.FLOAT32),
            mask.to(DType.FLOAT32),
            0,
            false,
            0);
    assertThat(o32.toDoubleArray()[2]).isEqualTo(0.0);
    assertThat(o32.toDoubleArray()[0]).isFinite();
  }

  @Test
  void emptySequencesAndBatchesGiveEmptyOrZeroResults() {
    // no keys: every output row is an empty weighted sum, 0 (torch's matmul of [T, 0] by [0, Dv])
    Tensor q = Tensor.randn(1, 2, 3, 4).requiresGrad(true);
    Tensor noKeys = Tensor.zeros(2, 0, 4), noValues = Tensor.zeros(2, 0, 5);
    Tensor o = Tensor.scaledDotProductAttention(q, noKeys, noValues, null, 0, false, 0);
    assertThat(o.shape()).containsExactly(2, 3, 5);
    assertThat(o.toFloatArray()).containsOnly(0f);
    o.sum().backward();
    assertThat(q.grad().toFloatArray()).containsOnly(0f);
    // no queries, no batch
    Tensor k = Tensor.randn(2, 2, 6, 4);
    assertThat(
            Tensor.scaledDotProductAttention(Tensor.zeros(2, 0, 4), k, k, null, 0, true, 0).shape())
        .containsExactly(2, 0, 4);
    Tensor none = Tensor.zeros(0, 3, 4);
    assertThat(Tensor.scaledDotProductAttention(none, none, none, null, 0, false, 0).shape())
        .containsExactly(0, 3, 4);
  }

  @Test
  void dropoutZeroesProbabilitiesAndScalesTheRestDeterministicallyBySeed() {
    int t = 16, s = 16;
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor q = Tensor.randn(1, dtype, 2, t, 8);
      Tensor k = Tensor.randn(2, dtype, 2, s, 8);
      // v = identity per batch: the output is the (dropped) probability matrix itself
      Tensor eye = Tensor.zeros(dtype, 2, s, s);
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < s; i++) {
          setAt(eye, (b * s + i) * s + i);
        }
      }
      double[] p = Tensor.scaledDotProductAttention(q, k, eye, null, 0, false, 0).toDoubleArray();
      double[] a =
          Tensor.scaledDotProductAttention(q, k, eye, null, 0.25, false, 7).toDoubleArray();
      double[] again =
          Tensor.scaledDotProductAttention(q, k, eye, null, 0.25, false, 7).toDoubleArray();
      double[] other =
          Tensor.scaledDotProductAttention(q, k, eye, null, 0.25, false, 8).toDoubleArray();
      assertThat(again).containsExactly(a);
      assertThat(other).isNotEqualTo(a);
      int dropped = 0;
      double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-14;
      for (int i = 0; i < a.length; i++) {
        if (a[i] == 0) {
          dropped++;
        } else {
          assertThat(a[i]).isCloseTo(p[i] / 0.75, within(tol));
        }
      }
      // 512 draws at rate 0.25: 128 expected, sd about 10
      assertThat(dropped).isBetween(88, 168);
      // all dropped with p = 1
      assertThat(Tensor.scaledDotProductAttention(q, k, eye, null, 1, false, 7).toDoubleArray())
          .containsOnly(0.0);
    }
  }

  private static void setAt(Tensor t, int flat) {
    if (t.dtype() == DType.FLOAT32) {
      t.floatStorage()[flat] = 1;
    } else {
      t.doubleStorage()[flat] = 1;
    }
  }

  @Test
  void aBoolMaskMarksWhatMayBeAttendedAsPyTorchsSdpaDoes() {
    // true = may attend: the same as 0 where true and -inf where false, broadcast from [B, 1, 1, S]
    boolean[] keep = {true, true, false, true, false, true, true, true, true, false, true, true};
    double inf = Double.NEGATIVE_INFINITY;
    double[] add = new double[keep.length];
    for (int i = 0; i < keep.length; i++) {
      add[i] = keep[i] ? 0 : inf;
    }
    Tensor bool = Tensor.of(keep, 2, 1, 1, 6);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (boolean causal : new boolean[] {false, true}) {
        Tensor q = Tensor.randn(1, dtype, 2, 3, 4, 5);
        Tensor k = Tensor.randn(2, dtype, 2, 3, 6, 5);
        Tensor v = Tensor.randn(3, dtype, 2, 3, 6, 2);
        Tensor a = Tensor.scaledDotProductAttention(q, k, v, bool, 0, causal, 0);
        Tensor b =
            Tensor.scaledDotProductAttention(
                q, k, v, Tensor.of(add, 2, 1, 1, 6).to(dtype), 0, causal, 0);
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
      }
    }
    // gradients of q, k, v with a BOOL mask
    GradAssert.assertGradients(
        in -> Tensor.scaledDotProductAttention(in[0], in[1], in[2], bool, 0, false, 0),
        GradAssert.randn64(4, 2, 3, 4, 5),
        GradAssert.randn64(5, 2, 3, 6, 5),
        GradAssert.randn64(6, 2, 3, 6, 2));
  }

  @Test
  void gradientsWithDropoutPassGradCheck() {
    // a fixed seed makes the dropped function deterministic, so finite differences apply
    // (and causal over more than one block of rows)
    Tensor q = GradAssert.randn64(1, 2, 36, 3);
    Tensor k = GradAssert.randn64(2, 2, 40, 3);
    Tensor v = GradAssert.randn64(3, 2, 40, 2);
    Tensor mask = GradAssert.randn64(4, 36, 40);
    GradAssert.assertGradients(
        in -> Tensor.scaledDotProductAttention(in[0], in[1], in[2], in[3], 0.3, true, 11),
        q,
        k,
        v,
        mask);
  }

  @Test
  void badInputsFailNamingTheOpAndTheShapes() {
    Tensor q = Tensor.zeros(2, 3, 4);
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), q, null, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scaledDotProductAttention: q and k must have the same last dimension D, got q [2, 3,"
                + " 4], k [2, 5, 3], v [2, 3, 4]");
    assertThatThrownBy(
            () ->
                Tensor.scaledDotProductAttention(
                    q, Tensor.zeros(2, 5, 4), Tensor.zeros(2, 6, 4), null, 0, false, 0))
        .hasMessageContaining("k and v must have the same sequence length S");
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(q, Tensor.zeros(3, 3, 4), q, null, 0, false, 0))
        .hasMessageContaining("same batch dimensions");
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(q, Tensor.zeros(3, 4), q, null, 0, false, 0))
        .hasMessageContaining("of one rank >= 2");
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(Tensor.zeros(4), q, q, null, 0, false, 0))
        .hasMessageContaining("of one rank >= 2");
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(q, q.to(DType.FLOAT64), q, null, 0, false, 0))
        .hasMessage(
            "scaledDotProductAttention: q, k and v must share one dtype, got FLOAT32, FLOAT64,"
                + " FLOAT32");
    assertThatThrownBy(
            () ->
                Tensor.scaledDotProductAttention(
                    Tensor.zeros(DType.INT32, 2, 2),
                    Tensor.zeros(DType.INT32, 2, 2),
                    Tensor.zeros(DType.INT32, 2, 2),
                    null,
                    0,
                    false,
                    0))
        .hasMessage("scaledDotProductAttention: expected FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(
            () -> Tensor.scaledDotProductAttention(q, q, q, Tensor.zeros(3, 4), 0, false, 0))
        .hasMessage(
            "scaledDotProductAttention: mask of shape [3, 4] does not broadcast to the logits'"
                + " shape [2, 3, 3]");
    assertThatThrownBy(
            () ->
                Tensor.scaledDotProductAttention(
                    q, q, q, Tensor.zeros(DType.FLOAT64, 3, 3), 0, false, 0))
        .hasMessageContaining("a mask must be BOOL or of the dtype of q (FLOAT32), got FLOAT64");
    assertThatThrownBy(() -> Tensor.scaledDotProductAttention(q, q, q, null, 1.5, false, 0))
        .hasMessage("scaledDotProductAttention: dropoutP must be in [0, 1], got 1.5");
  }

  @Test
  void linearIsXTimesTheTransposedWeightPlusBias() {
    // [[1, 2], [3, 4]] · [[1, 0], [1, 1], [0, 2]]ᵀ + [10, 20, 30], by hand
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor w = Tensor.of(new float[] {1, 0, 1, 1, 0, 2}, 3, 2);
    Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
    assertThat(x.linear(w, b).shape()).containsExactly(2, 3);
    assertThat(x.linear(w, b).toFloatArray()).containsExactly(11, 23, 34, 13, 27, 38);
    assertThat(x.linear(w, null).toFloatArray()).containsExactly(1, 3, 4, 3, 7, 8);
    // batched input, gradients to all three
    GradAssert.assertGradients(
        in -> in[0].linear(in[1], in[2]),
        GradAssert.randn64(1, 2, 3, 4),
        GradAssert.randn64(2, 5, 4),
        GradAssert.randn64(3, 5));
    GradAssert.assertGradients(
        in -> in[0].linear(in[1], null), GradAssert.randn64(1, 3, 4), GradAssert.randn64(2, 5, 4));
    assertThatThrownBy(() -> x.linear(Tensor.zeros(3, 5), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matmul: cannot multiply [2, 2] by [3, 5]");
    assertThatThrownBy(() -> x.linear(w, Tensor.zeros(2)))
        .hasMessageContaining("matmul: bias must have shape [3]");
  }
}
