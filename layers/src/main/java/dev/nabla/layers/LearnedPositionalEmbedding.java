package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;

/**
 * A trained position embedding, as GPT-2's {@code wpe}: the parameter {@code weight} [maxLength,
 * dim] holds one row per position, and {@code forward(x)} for {@code x [B, T, dim]} returns {@code
 * x + weight[0..T-1]} (the rows broadcast over the batch). By default the rows are drawn from
 * {@code N(0, 1)}, as PyTorch's {@code nn.Embedding} initialises its weight.
 */
public final class LearnedPositionalEmbedding extends Module {
  private static final String TYPE = "LearnedPositionalEmbedding";

  private final int maxLength;
  private final int dim;

  /**
   * {@code maxLength} positions of {@code dim} features, N(0, 1), a seed from the global generator.
   */
  public LearnedPositionalEmbedding(int maxLength, int dim) {
    checkArguments(maxLength, dim);
    this(maxLength, dim, Init.normal(0, 1), Nabla.nextSeed());
  }

  /**
   * The rows drawn from {@code init} (fan-in {@code dim}, fan-out {@code maxLength}) with {@code
   * seed}.
   */
  public LearnedPositionalEmbedding(int maxLength, int dim, Init init, long seed) {
    checkArguments(maxLength, dim);
    this.maxLength = maxLength;
    this.dim = dim;
    registerParameter(
        "weight",
        Inits.create(label(), "weight", init, new int[] {maxLength, dim}, dim, maxLength, seed));
  }

  private static void checkArguments(int maxLength, int dim) {
    Fmt.atLeast(TYPE, "maxLength", maxLength, 1);
    Fmt.atLeast(TYPE, "dim", dim, 1);
  }

  /** The longest sequence this embedding covers. */
  public int maxLength() {
    return maxLength;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    PositionChecks.check(label(), x, maxLength, dim);
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.add(parameter("weight").slice(0, 0, x.dim(1)));
  }

  @Override
  protected String extraRepr() {
    return maxLength + ", " + dim;
  }
}
