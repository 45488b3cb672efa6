package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.OpArguments;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as PyTorch's {@code
 * nn.Embedding}: the input is INT32 or INT64 ids of any shape, the output has shape {@code
 * ids.shape + [embeddingDim]} ({@link Tensor#embedding}).
 *
 * <pre>{@code
 * Embedding tokens = new Embedding(vocab, 64, 0, Init.normal(0, 1), 7L);  // row 0 is padding
 * Tensor h = tokens.apply(ids);                                            // [B, T] -> [B, T, 64]
 * }</pre>
 *
 * <p>The parameter {@code weight} has shape {@code [numEmbeddings, embeddingDim]} and is drawn from
 * N(0, 1) by default, as PyTorch draws it, from the layer's seed (from the global generator, {@link
 * Nabla#nextSeed()}, when none is given). With a padding index (PyTorch's {@code padding_idx}, in
 * {@code [-numEmbeddings, numEmbeddings)}, negative counting from the end), that row starts as
 * zeros and never receives a gradient.
 */
public final class Embedding extends Module {
  private final int numEmbeddings;
  private final int embeddingDim;

  /** The padding row in {@code [0, numEmbeddings)}, or -1 for none. */
  private final int paddingIdx;

  /** {@code numEmbeddings} vectors of size {@code embeddingDim}, no padding, N(0, 1). */
  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null);
  }

  /**
   * As {@link #Embedding(int, int)}, with row {@code paddingIdx} (null for none) zeroed and kept
   * out of the gradient; a seed drawn from the global generator.
   */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    check(numEmbeddings, embeddingDim, paddingIdx);
    this(numEmbeddings, embeddingDim, paddingIdx, Init.normal(0, 1), Nabla.nextSeed());
  }

  /**
   * {@code numEmbeddings} vectors of size {@code embeddingDim}, drawn from {@code init} (fan-in
   * {@code numEmbeddings}, fan-out {@code embeddingDim}) with {@code seed}; row {@code paddingIdx}
   * (null for none) is then zeroed.
   */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Init init, long seed) {
    this.paddingIdx = check(numEmbeddings, embeddingDim, paddingIdx);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    int[] shape = {numEmbeddings, embeddingDim};
    Tensor w = Inits.create(label(), "weight", init, shape, numEmbeddings, embeddingDim, seed);
    if (this.paddingIdx >= 0) {
      java.util.Arrays.fill(
          w.floatStorage(),
          this.paddingIdx * embeddingDim,
          (this.paddingIdx + 1) * embeddingDim,
          0f);
    }
    registerParameter("weight", w);
  }

  /** Checks the arguments and returns the padding row in {@code [0, numEmbeddings)} or -1. */
  private static int check(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    Fmt.atLeast("Embedding", "numEmbeddings", numEmbeddings, 1);
    Fmt.atLeast("Embedding", "embeddingDim", embeddingDim, 1);
    return paddingIdx == null ? -1 : OpArguments.paddingIdx("Embedding", paddingIdx, numEmbeddings);
  }

  /** The table, shape {@code [numEmbeddings, embeddingDim]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** Number of vectors (the vocabulary size). */
  public int numEmbeddings() {
    return numEmbeddings;
  }

  /** Size of each vector. */
  public int embeddingDim() {
    return embeddingDim;
  }

  /** The padding row in {@code [0, numEmbeddings)}, or null for none. */
  public Integer paddingIdx() {
    return paddingIdx < 0 ? null : paddingIdx;
  }

  /** Ids are integers, not the floating-point input other layers check for: the op checks them. */
  @Override
  protected void checkInput(Tensor x) {}

  @Override
  public Tensor forward(Tensor ids) {
    return paddingIdx < 0
        ? Tensor.embedding(ids, weight())
        : Tensor.embedding(ids, weight(), paddingIdx);
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings
        + ", "
        + embeddingDim
        + (paddingIdx < 0 ? "" : ", padding_idx=" + paddingIdx);
  }
}
