package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;

/**
 * A transformer encoder layer, PyTorch's {@code nn.TransformerEncoderLayer(dModel, nhead,
 * dimFeedforward, dropout, activation, layerNormEps, batch_first=True, norm_first=normFirst)}:
 * self-attention and a feed-forward block, each inside a residual connection with a layer norm,
 * after the sum (post-norm, PyTorch's default) or before the sublayer ({@code normFirst}). Input
 * and output are {@code [B, T, dModel]}.
 *
 * <p>The children have PyTorch's names, so a PyTorch state dict loads one to one (with {@link
 * Dense}'s weights transposed): {@code self_attn} ({@link MultiheadAttention}), {@code linear1},
 * {@code dropout}, {@code linear2}, {@code norm1}, {@code norm2}, {@code dropout1}, {@code
 * dropout2}. Each is initialised as PyTorch initialises it.
 */
public final class TransformerEncoderLayer extends TransformerLayer {
  private static final String TYPE = "TransformerEncoderLayer";

  private final MultiheadAttention selfAttn;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;

  /** PyTorch's defaults: {@code dimFeedforward} 2048, dropout 0.1, ReLU, eps 1e-5, post-norm. */
  public TransformerEncoderLayer(int dModel, int nhead) {
    this(dModel, nhead, 2048, 0.1, Activation.RELU, LayerNorm.DEFAULT_EPS, false);
  }

  /** Every option, with a seed from the global generator ({@link Nabla#nextSeed()}). */
  public TransformerEncoderLayer(
      int dModel,
      int nhead,
      int dimFeedforward,
      double dropout,
      Activation activation,
      double layerNormEps,
      boolean normFirst) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkArguments(TYPE, dModel, nhead, dimFeedforward, dropout, activation);
    this(
        dModel,
        nhead,
        dimFeedforward,
        dropout,
        activation,
        layerNormEps,
        normFirst,
        Nabla.nextSeed());
  }

  /** Every option, every child seeded from a seed derived from {@code seed}. */
  public TransformerEncoderLayer(
      int dModel,
      int nhead,
      int dimFeedforward,
      double dropout,
      Activation activation,
      double layerNormEps,
      boolean normFirst,
      long seed) {
    super(TYPE, dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, normFirst);
    selfAttn = registerModule("self_attn", attention(seed, 0));
    registerFeedForward(seed, 1);
    norm1 = registerModule("norm1", norm());
    norm2 = registerModule("norm2", norm());
    dropout1 = registerModule("dropout1", dropoutModule(seed, 4));
    dropout2 = registerModule("dropout2", dropoutModule(seed, 5));
  }

  /** The layer's output for {@code x [B, T, dModel]}, unmasked. */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, null, null, false);
  }

  /**
   * The layer's output for {@code x [B, T, dModel]} with the self-attention's masks, as {@link
   * MultiheadAttention#forward(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, boolean)} takes
   * them: {@code mask} [T, T] or [B * nhead, T, T] (BOOL true = not allowed, or float added),
   * {@code keyPaddingMask} [B, T] (BOOL true = padding), either null, and {@code isCausal}.
   *
   * @throws IllegalArgumentException naming this layer, when the input or a mask does not fit
   */
  public Tensor forward(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
    return apply(x, in -> compute(in, mask, keyPaddingMask, isCausal));
  }

  private Tensor compute(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
    Tensor h =
        residual(
            x,
            norm1,
            dropout1,
            in -> selfAttn.forward(in, in, in, keyPaddingMask, mask, false, isCausal).output());
    return residual(h, norm2, dropout2, this::feedForward);
  }
}
