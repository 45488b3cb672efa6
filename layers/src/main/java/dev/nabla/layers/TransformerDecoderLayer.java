package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;

/**
 * A transformer decoder layer, PyTorch's {@code nn.TransformerDecoderLayer(dModel, nhead,
 * dimFeedforward, dropout, activation, layerNormEps, batch_first=True, norm_first=normFirst)}:
 * self-attention over the target, cross-attention from the target to the memory (the encoder's
 * output), and a feed-forward block, each inside a residual connection with a layer norm (post-norm
 * by default, pre-norm with {@code normFirst}). Target and output are {@code [B, T, dModel]}, the
 * memory {@code [B, S, dModel]}.
 *
 * <p>The children have PyTorch's names: {@code self_attn}, {@code multihead_attn}, {@code linear1},
 * {@code dropout}, {@code linear2}, {@code norm1}, {@code norm2}, {@code norm3}, {@code dropout1},
 * {@code dropout2}, {@code dropout3}.
 */
public final class TransformerDecoderLayer extends TransformerLayer {
  private static final String TYPE = "TransformerDecoderLayer";

  private final MultiheadAttention selfAttn;
  private final MultiheadAttention crossAttn;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private final Dropout dropout3;

  /** PyTorch's defaults: {@code dimFeedforward} 2048, dropout 0.1, ReLU, eps 1e-5, post-norm. */
  public TransformerDecoderLayer(int dModel, int nhead) {
    this(dModel, nhead, 2048, 0.1, Activation.RELU, LayerNorm.DEFAULT_EPS, false);
  }

  /** Every option, with a seed from the global generator ({@link Nabla#nextSeed()}). */
  public TransformerDecoderLayer(
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
  public TransformerDecoderLayer(
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
    crossAttn = registerModule("multihead_attn", attention(seed, 1));
    registerFeedForward(seed, 2);
    norm1 = registerModule("norm1", norm());
    norm2 = registerModule("norm2", norm());
    norm3 = registerModule("norm3", norm());
    dropout1 = registerModule("dropout1", dropoutModule(seed, 5));
    dropout2 = registerModule("dropout2", dropoutModule(seed, 6));
    dropout3 = registerModule("dropout3", dropoutModule(seed, 7));
  }

  /**
   * Self-attention of {@code x} only, attending to itself as memory: {@code forward(x, x, null,
   * null, null, null, false)}, so that the layer runs where a module of one input is expected.
   */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, x, null, null, null, null, false);
  }

  /**
   * The layer's output for target {@code tgt [B, T, dModel]} and {@code memory [B, S, dModel]},
   * with masks as {@link MultiheadAttention} takes them: {@code tgtMask} [T, T] and {@code
   * memoryMask} [T, S] (or per head; BOOL true = not allowed, or float added), {@code
   * tgtKeyPaddingMask} [B, T] and {@code memoryKeyPaddingMask} [B, S] (BOOL true = padding), any of
   * them null, and {@code tgtIsCausal} for a causal self-attention.
   *
   * @throws IllegalArgumentException naming this layer, when an input or a mask does not fit
   */
  public Tensor forward(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask,
      boolean tgtIsCausal) {
    return apply(
        tgt,
        in ->
            compute(
                in,
                memory,
                tgtMask,
                memoryMask,
                tgtKeyPaddingMask,
                memoryKeyPaddingMask,
                tgtIsCausal));
  }

  private Tensor compute(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask,
      boolean tgtIsCausal) {
    Tensor x =
        residual(
            tgt,
            norm1,
            dropout1,
            in ->
                selfAttn
                    .forward(in, in, in, tgtKeyPaddingMask, tgtMask, false, tgtIsCausal)
                    .output());
    x =
        residual(
            x,
            norm2,
            dropout2,
            in ->
                crossAttn
                    .forward(in, memory, memory, memoryKeyPaddingMask, memoryMask, false, false)
                    .output());
    return residual(x, norm3, dropout3, this::feedForward);
  }
}
