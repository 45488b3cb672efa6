package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.DropoutMasks;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.SplitMix64;
import java.util.function.UnaryOperator;

/**
 * What PyTorch's {@code TransformerEncoderLayer} and {@code TransformerDecoderLayer} share: the
 * options, the feed-forward block {@code linear2(dropout(activation(linear1(x))))} and the residual
 * sublayer, post-norm {@code norm(x + dropout(f(x)))} or pre-norm {@code x + dropout(f(norm(x)))}.
 * Child modules are registered by the subclass in PyTorch's order, so the names and the state dict
 * are PyTorch's.
 */
abstract class TransformerLayer extends Module {
  final int dModel;
  final int nhead;
  final int dimFeedforward;
  final double dropout;
  final Activation activation;
  final double layerNormEps;
  final boolean normFirst;
  private Dense linear1;
  private Dropout ffDropout;
  private Dense linear2;

  TransformerLayer(
      String type,
      int dModel,
      int nhead,
      int dimFeedforward,
      double dropout,
      Activation activation,
      double layerNormEps,
      boolean normFirst) {
    checkArguments(type, dModel, nhead, dimFeedforward, dropout, activation);
    this.dModel = dModel;
    this.nhead = nhead;
    this.dimFeedforward = dimFeedforward;
    this.dropout = dropout;
    this.activation = activation;
    this.layerNormEps = layerNormEps;
    this.normFirst = normFirst;
  }

  /** The checks of the constructor arguments, run before a seed is drawn. */
  static void checkArguments(
      String type,
      int dModel,
      int nhead,
      int dimFeedforward,
      double dropout,
      Activation activation) {
    Fmt.atLeast(type, "dModel", dModel, 1);
    Fmt.atLeast(type, "nhead", nhead, 1);
    Fmt.atLeast(type, "dimFeedforward", dimFeedforward, 1);
    DropoutMasks.checkProbability(type, "dropout", dropout);
    if (activation == null) {
      throw new IllegalArgumentException(type + ": activation is null");
    }
    if (dModel % nhead != 0) {
      throw new IllegalArgumentException(
          type
              + ": dModel must be divisible by nhead, got dModel "
              + dModel
              + " and nhead "
              + nhead);
    }
  }

  /** A self- or cross-attention block of this layer's shape, seeded from stream {@code i}. */
  MultiheadAttention attention(long seed, int i) {
    return new MultiheadAttention(
        dModel, nhead, dropout, true, dModel, dModel, SplitMix64.derive(seed, i));
  }

  /**
   * Registers {@code linear1}, {@code dropout} and {@code linear2}, seeded from stream {@code i}.
   */
  void registerFeedForward(long seed, int i) {
    Init d = Init.pytorchDefault();
    linear1 =
        registerModule(
            "linear1", new Dense(dModel, dimFeedforward, true, d, d, SplitMix64.derive(seed, i)));
    ffDropout = registerModule("dropout", new Dropout(dropout, SplitMix64.derive(seed, i + 1)));
    linear2 =
        registerModule(
            "linear2",
            new Dense(dimFeedforward, dModel, true, d, d, SplitMix64.derive(seed, i + 2)));
  }

  LayerNorm norm() {
    return new LayerNorm(new int[] {dModel}, layerNormEps, true);
  }

  Dropout dropoutModule(long seed, int i) {
    return new Dropout(dropout, SplitMix64.derive(seed, i));
  }

  /** The feed-forward block, {@code linear2(dropout(activation(linear1(x))))}. */
  Tensor feedForward(Tensor x) {
    return linear2.apply(ffDropout.apply(activation.apply(linear1.apply(x))));
  }

  /**
   * The residual sublayer around {@code f}: {@code norm(x + dropout(f(x)))}, or with {@code
   * normFirst} {@code x + dropout(f(norm(x)))}.
   */
  Tensor residual(Tensor x, LayerNorm norm, Dropout drop, UnaryOperator<Tensor> f) {
    return normFirst
        ? x.add(drop.apply(f.apply(norm.apply(x))))
        : norm.apply(x.add(drop.apply(f.apply(x))));
  }

  /** Features of the input and output. */
  public int dModel() {
    return dModel;
  }

  /** Number of attention heads. */
  public int nhead() {
    return nhead;
  }

  /** Features of the feed-forward block's hidden layer. */
  public int dimFeedforward() {
    return dimFeedforward;
  }

  /** The dropout probability of the sublayers and the attention weights, in training mode. */
  public double dropout() {
    return dropout;
  }

  /** The activation of the feed-forward block. */
  public Activation activation() {
    return activation;
  }

  /** The epsilon of the layer norms. */
  public double layerNormEps() {
    return layerNormEps;
  }

  /** Whether the layer norms come before each sublayer (pre-norm) rather than after. */
  public boolean normFirst() {
    return normFirst;
  }

  @Override
  protected String extraRepr() {
    return "d_model="
        + dModel
        + ", nhead="
        + nhead
        + ", dim_feedforward="
        + dimFeedforward
        + ", dropout="
        + Fmt.number(dropout)
        + ", activation="
        + activation
        + (normFirst ? ", norm_first=true" : "");
  }
}
