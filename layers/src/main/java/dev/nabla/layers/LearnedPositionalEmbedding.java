package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;

/**
 * A trained position embedding, as GPT-2's {@code wpe}: the parameter {@code weight} [maxLength,
 * dim] holds one row per position, and {@code forward(x)} for {@code x [B, T, dim]} returns {@code
 * x + weight[0..T-1]} (the rows broadcast over the batch); a sequence longer than {@code maxLength}
 * is rejected. By default the rows are drawn from {@code N(0, 1)}, as PyTorch's {@code
 * nn.Embedding} initialises its weight.
 */
public final class LearnedPositionalEmbedding extends PositionTable {
  private static final String TYPE = "LearnedPositionalEmbedding";

  /**
   * {@code maxLength} positions of {@code dim} features, N(0, 1), a seed from the global generator.
   */
  public LearnedPositionalEmbedding(int maxLength, int dim) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    Fmt.atLeast(TYPE, "maxLength", maxLength, 1);
    Fmt.atLeast(TYPE, "dim", dim, 1);
    this(maxLength, dim, Init.normal(0, 1), Nabla.nextSeed());
  }

  /**
   * The rows drawn from {@code init} (fan-in {@code dim}, fan-out {@code maxLength}) with {@code
   * seed}.
   */
  public LearnedPositionalEmbedding(int maxLength, int dim, Init init, long seed) {
    super(TYPE, maxLength, dim);
    registerParameter(
        "weight",
        Inits.create(label(), "weight", init, new int[] {maxLength, dim}, dim, maxLength, seed));
  }

  @Override
  Tensor table() {
    return parameter("weight");
  }
}
