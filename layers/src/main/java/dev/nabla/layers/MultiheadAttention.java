package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.AttentionMasks;
import dev.nabla.layers.internal.DropoutMasks;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;

/**
 * Multi-head attention, PyTorch's {@code nn.MultiheadAttention(embedDim, numHeads, dropout, bias,
 * kdim=kdim, vdim=vdim, batch_first=True)}: query [B, T, E], key [B, S, kdim] and value [B, S,
 * vdim] are projected, split into {@code numHeads} heads of {@code E / numHeads} features, attended
 * with {@link Tensor#scaledDotProductAttention} and projected back to [B, T, E].
 *
 * <p>The parameters have PyTorch's names and layouts, so a PyTorch state dict loads one to one:
 * {@code in_proj_weight} [3E, E] when {@code kdim == vdim == E}, else {@code q_proj_weight} [E, E],
 * {@code k_proj_weight} [E, kdim] and {@code v_proj_weight} [E, vdim]; {@code in_proj_bias} [3E]
 * with {@code bias}; and the child {@code out_proj} with {@code weight} [E, E] (PyTorch's [out, in]
 * layout, applied with {@link Tensor#linear}) and {@code bias} [E]. PyTorch's initialisation is the
 * default: the input projections Xavier-uniform (fans as PyTorch computes them from the stored
 * weight, so [3E, E] has fan-in E and fan-out 3E), {@code out_proj.weight} {@code U(-1/sqrt(E),
 * 1/sqrt(E))} and every bias zero.
 *
 * <p>Dropout applies to the attention weights, in training mode only, from the layer's own
 * generator (the buffer {@value Dropout#RNG_STATE}, registered only when {@code dropout > 0}).
 */
public final class MultiheadAttention extends Module {
  private static final String TYPE = "MultiheadAttention";

  private final int embedDim;
  private final int numHeads;
  private final int kdim;
  private final int vdim;
  private final double dropout;
  private final boolean hasBias;
  private final boolean packed;
  private final OutProjection outProj;

  /**
   * The attended output {@code [B, T, E]} and, when asked for, the attention weights averaged over
   * the heads {@code [B, T, S]} (after dropout, as PyTorch returns them), else null.
   */
  public record Output(Tensor output, Tensor weights) {}

  /** {@code numHeads} heads over {@code embedDim} features, no dropout, with biases. */
  public MultiheadAttention(int embedDim, int numHeads) {
    this(embedDim, numHeads, 0, true, embedDim, embedDim);
  }

  /**
   * PyTorch's options, PyTorch's initialisation, and a seed from the global generator ({@link
   * Nabla#nextSeed()}).
   */
  public MultiheadAttention(
      int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkArguments(embedDim, numHeads, dropout, kdim, vdim);
    this(embedDim, numHeads, dropout, bias, kdim, vdim, Nabla.nextSeed());
  }

  /**
   * PyTorch's options and initialisation, every parameter drawn from a seed derived from {@code
   * seed}.
   */
  public MultiheadAttention(
      int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim, long seed) {
    this(embedDim, numHeads, dropout, bias, kdim, vdim, null, seed);
  }

  /**
   * The full form: the projection weights (input and output) drawn from {@code init}, with the fans
   * PyTorch computes from each stored weight ([out, in]: fan-in {@code in}, fan-out {@code out}),
   * and a seed derived from {@code seed}; biases zero. A null {@code init} is PyTorch's
   * initialisation.
   */
  public MultiheadAttention(
      int embedDim,
      int numHeads,
      double dropout,
      boolean bias,
      int kdim,
      int vdim,
      Init init,
      long seed) {
    checkArguments(embedDim, numHeads, dropout, kdim, vdim);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.kdim = kdim;
    this.vdim = vdim;
    this.dropout = dropout;
    this.hasBias = bias;
    this.packed = kdim == embedDim && vdim == embedDim;
    Init in = init == null ? Init.xavierUniform() : init;
    if (packed) {
      register("in_proj_weight", in, new int[] {3 * embedDim, embedDim}, seed, 0);
    } else {
      register("q_proj_weight", in, new int[] {embedDim, embedDim}, seed, 1);
      register("k_proj_weight", in, new int[] {embedDim, kdim}, seed, 2);
      register("v_proj_weight", in, new int[] {embedDim, vdim}, seed, 3);
    }
    if (bias) {
      register("in_proj_bias", Init.zeros(), new int[] {3 * embedDim}, seed, 4);
    }
    Init out = init == null ? Init.pytorchDefault() : init;
    outProj =
        registerModule(
            "out_proj",
            new OutProjection(embedDim, embedDim, bias, out, SplitMix64.derive(seed, 5)));
    if (dropout > 0) {
      registerBuffer(Dropout.RNG_STATE, DropoutMasks.newState(SplitMix64.derive(seed, 6)));
    }
  }

  private static void checkArguments(
      int embedDim, int numHeads, double dropout, int kdim, int vdim) {
    Fmt.atLeast(TYPE, "embedDim", embedDim, 1);
    Fmt.atLeast(TYPE, "numHeads", numHeads, 1);
    Fmt.atLeast(TYPE, "kdim", kdim, 1);
    Fmt.atLeast(TYPE, "vdim", vdim, 1);
    if (embedDim % numHeads != 0) {
      throw new IllegalArgumentException(
          TYPE
              + ": embedDim must be divisible by numHeads, got embedDim "
              + embedDim
              + " and numHeads "
              + numHeads);
    }
    DropoutMasks.checkProbability(TYPE, "dropout", dropout);
  }

  private void register(String name, Init init, int[] shape, long seed, int stream) {
    int fanIn = shape.length == 2 ? shape[1] : embedDim, fanOut = shape[0];
    registerParameter(
        name,
        Inits.create(label(), name, init, shape, fanIn, fanOut, SplitMix64.derive(seed, stream)));
  }

  /** Features of the query and the output, E. */
  public int embedDim() {
    return embedDim;
  }

  /** Number of heads. */
  public int numHeads() {
    return numHeads;
  }

  /** Features per head, {@code E / numHeads}. */
  public int headDim() {
    return embedDim / numHeads;
  }

  /** Features of the key. */
  public int kdim() {
    return kdim;
  }

  /** Features of the value. */
  public int vdim() {
    return vdim;
  }

  /** Whether the projections have biases ({@code in_proj_bias}, {@code out_proj.bias}). */
  public boolean hasBias() {
    return hasBias;
  }

  /**
   * Whether the query, key and value projections are packed in one {@code in_proj_weight} [3E, E]
   * ({@code kdim == vdim == embedDim}) rather than {@code q_proj_weight}, {@code k_proj_weight} and
   * {@code v_proj_weight}.
   */
  public boolean packedProjection() {
    return packed;
  }

  /** Dropout probability on the attention weights in training mode. */
  public double dropout() {
    return dropout;
  }

  /** Self-attention of {@code x [B, T, E]}: {@code forward(x, x, x, null, null, false, false)}. */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, x, x, null, null, false, false).output();
  }

  /**
   * Attention of {@code query [B, T, E]} over {@code key [B, S, kdim]} and {@code value [B, S,
   * vdim]}, with PyTorch 1.13's masks: {@code keyPaddingMask} [B, S], BOOL with true for a key to
   * ignore, or float and added; {@code attnMask} [T, S] or [B * numHeads, T, S], BOOL with true for
   * a position that may NOT be attended (the opposite of {@link Tensor#scaledDotProductAttention}'s
   * BOOL mask), or float and added; either may be null. With {@code isCausal} query i also sees
   * keys 0..i only. With {@code needWeights} the weights averaged over the heads are returned too
   * (computed unfused; a query with every key masked then gives NaN, as PyTorch does); without, the
   * fused op runs and such a query gives zeros.
   *
   * @throws IllegalArgumentException naming this layer, when an input or mask does not fit
   */
  public Output forward(
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor keyPaddingMask,
      Tensor attnMask,
      boolean needWeights,
      boolean isCausal) {
    Output[] result = new Output[1];
    apply(
        query,
        q -> {
          result[0] = compute(q, key, value, keyPaddingMask, attnMask, needWeights, isCausal);
          return result[0].output();
        });
    return result[0];
  }

  private Output compute(
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor keyPaddingMask,
      Tensor attnMask,
      boolean needWeights,
      boolean isCausal) {
    checkInputs(query, key, value);
    int b = query.dim(0), t = query.dim(1), s = key.dim(1);
    DType dtype = query.dtype();
    Tensor q, k, v;
    if (packed && query == key && key == value) {
      // Self-attention: one product, then one permute of [B, T, 3, H, D] to [3, B, H, T, D] whose
      // three blocks are q, k and v (three slices and three permutes copied each twice).
      Tensor qkv =
          query.linear(parameter("in_proj_weight"), hasBias ? parameter("in_proj_bias") : null);
      Tensor h = qkv.reshape(b, t, 3, numHeads, headDim()).permute(2, 0, 3, 1, 4);
      q = h.get(0);
      k = h.get(1);
      v = h.get(2);
    } else {
      Tensor[] qkv = project(query, key, value);
      q = heads(qkv[0], b, t);
      k = heads(qkv[1], b, s);
      v = heads(qkv[2], b, s);
    }
    Tensor mask =
        AttentionMasks.combine(label(), keyPaddingMask, attnMask, b, numHeads, t, s, dtype);
    double p = isTraining() ? dropout : 0;
    Tensor o;
    Tensor weights = null;
    if (!needWeights) {
      long seed = p > 0 ? nextSeed() : 0;
      o = Tensor.scaledDotProductAttention(q, k, v, mask, p, isCausal, seed);
    } else {
      Tensor logits = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(headDim()));
      if (mask != null) {
        logits = logits.add(mask);
      }
      if (isCausal) {
        logits = logits.add(AttentionMasks.causal(dtype, t, s));
      }
      Tensor w = logits.softmax(-1);
      if (p > 0) {
        w = w.mul(DropoutMasks.draw(buffer(Dropout.RNG_STATE), p, dtype, w.shape()));
      }
      o = w.matmul(v);
      weights = w.mean(1);
    }
    Tensor merged = o.permute(0, 2, 1, 3).reshape(b, t, embedDim);
    return new Output(outProj.apply(merged), weights);
  }

  /** The projected q [B, T, E], k [B, S, E] and v [B, S, E] of separate inputs. */
  private Tensor[] project(Tensor query, Tensor key, Tensor value) {
    int e = embedDim;
    Tensor bias = hasBias ? parameter("in_proj_bias") : null;
    Tensor[] w =
        packed
            ? new Tensor[] {
              parameter("in_proj_weight").slice(0, 0, e),
              parameter("in_proj_weight").slice(0, e, 2 * e),
              parameter("in_proj_weight").slice(0, 2 * e, 3 * e)
            }
            : new Tensor[] {
              parameter("q_proj_weight"), parameter("k_proj_weight"), parameter("v_proj_weight")
            };
    Tensor[] in = {query, key, value};
    Tensor[] out = new Tensor[3];
    for (int i = 0; i < 3; i++) {
      out[i] = in[i].linear(w[i], bias == null ? null : bias.slice(0, i * e, (i + 1) * e));
    }
    return out;
  }

  /** [B, L, E] split into heads: [B, numHeads, L, headDim]. */
  private Tensor heads(Tensor x, int b, int len) {
    return x.reshape(b, len, numHeads, headDim()).permute(0, 2, 1, 3);
  }

  /** The next seed of the layer's dropout generator, which is advanced past it. */
  private long nextSeed() {
    Tensor state = buffer(Dropout.RNG_STATE);
    SplitMix64 rng = new SplitMix64(DropoutMasks.read(state));
    long seed = rng.nextLong();
    DropoutMasks.write(state, rng.state());
    return seed;
  }

  private void checkInputs(Tensor query, Tensor key, Tensor value) {
    check("query", query, embedDim);
    check("key", key, kdim);
    check("value", value, vdim);
    if (key.dim(0) != query.dim(0) || value.dim(0) != query.dim(0)) {
      throw new IllegalArgumentException(
          label()
              + ": query, key and value must have one batch size, got query "
              + Fmt.shape(query)
              + ", key "
              + Fmt.shape(key)
              + ", value "
              + Fmt.shape(value));
    }
    if (key.dim(1) != value.dim(1)) {
      throw new IllegalArgumentException(
          label()
              + ": key and value must have one sequence length, got key "
              + Fmt.shape(key)
              + ", value "
              + Fmt.shape(value));
    }
  }

  private void check(String what, Tensor x, int features) {
    if (x == null) {
      throw new IllegalArgumentException(label() + ": " + what + " is null");
    }
    if (x.rank() != 3 || x.dim(2) != features) {
      throw new IllegalArgumentException(
          label()
              + ": "
              + what
              + " must have shape [B, L, "
              + features
              + "] (batch first), got "
              + Fmt.shape(x));
    }
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          label() + ": " + what + " must be FLOAT32 or FLOAT64, got " + x.dtype());
    }
  }

  @Override
  protected String extraRepr() {
    return "embed_dim="
        + embedDim
        + ", num_heads="
        + numHeads
        + (dropout > 0 ? ", dropout=" + Fmt.number(dropout) : "")
        + (packed ? "" : ", kdim=" + kdim + ", vdim=" + vdim)
        + (hasBias ? "" : ", bias=false");
  }
}
