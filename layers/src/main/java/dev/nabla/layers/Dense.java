package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;

/**
 * A fully connected layer, {@code y = x W + b}, as PyTorch's {@code nn.Linear}, for input of shape
 * {@code [..., in]}.
 *
 * <p>The weight has shape {@code [in, out]}, the transpose of PyTorch's {@code [out, in]}, so the
 * forward pass is {@code x.matmul(W, b)}, which is {@code x.matmul(W).add(b)} with the bias added
 * inside the product, with no transpose (load a PyTorch {@code Linear} weight transposed). The bias
 * has shape {@code [out]}. By default both are drawn from PyTorch's default {@code U(-1/sqrt(in),
 * 1/sqrt(in))} ({@link Init#pytorchDefault()}); the weight is drawn from the layer's seed itself
 * and the bias from a seed derived from it. A layer built without a seed takes its own from the
 * global generator ({@link Nabla#nextSeed()}): two such layers differ, and after the same {@link
 * Nabla#manualSeed} the same sequence of layers gets the same weights.
 */
public final class Dense extends Module {
  private final int in;
  private final int out;
  private final boolean hasBias;

  /** {@code in -> out} with a bias, PyTorch's initialisation, a seed from the global generator. */
  public Dense(int in, int out) {
    this(in, out, true);
  }

  /**
   * {@code in -> out}, with or without a bias, PyTorch's initialisation and a seed drawn from the
   * global generator ({@link Nabla#nextSeed()}).
   */
  public Dense(int in, int out, boolean bias) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    Fmt.atLeast("Dense", "in", in, 1);
    Fmt.atLeast("Dense", "out", out, 1);
    this(in, out, bias, Init.pytorchDefault(), Init.pytorchDefault(), Nabla.nextSeed());
  }

  /** {@code in -> out} with a bias, weight and bias both drawn from {@code init}. */
  public Dense(int in, int out, Init init, long seed) {
    this(in, out, true, init, init, seed);
  }

  /**
   * {@code in -> out} with the weight drawn from {@code weightInit} and, when {@code bias}, the
   * bias from {@code biasInit} (unused, and may be null, without a bias).
   */
  public Dense(int in, int out, boolean bias, Init weightInit, Init biasInit, long seed) {
    this.in = Fmt.atLeast("Dense", "in", in, 1);
    this.out = Fmt.atLeast("Dense", "out", out, 1);
    this.hasBias = bias;
    registerParameter(
        "weight", Inits.create(label(), "weight", weightInit, new int[] {in, out}, in, out, seed));
    if (bias) {
      registerParameter(
          "bias",
          Inits.create(
              label(), "bias", biasInit, new int[] {out}, in, out, SplitMix64.derive(seed, 1)));
    }
  }

  /** The weight, shape {@code [in, out]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, shape {@code [out]}, or null for a layer without one. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  /** Input features. */
  public int inFeatures() {
    return in;
  }

  /** Output features. */
  public int outFeatures() {
    return out;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(
          label() + ": input [] is a scalar, expected shape [..., " + in + "]");
    }
    if (x.dim(-1) != in) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has last dimension "
              + x.dim(-1)
              + ", expected "
              + in);
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    // the bias is added inside the product (no separate pass, no second result)
    return hasBias ? x.matmul(weight(), bias()) : x.matmul(weight());
  }

  /**
   * This layer followed by a {@link ReLU}, as one fused op ({@link Tensor#matmulRelu}): what {@link
   * Sequential} runs for a {@code Dense} directly followed by a {@code ReLU}. Both modules are
   * recorded in a summary as if they had run one after the other; any other follower gives null.
   */
  @Override
  Tensor applyFused(Tensor x, Module next) {
    if (!(next instanceof ReLU relu)) {
      return null;
    }
    Tensor out = apply(x, in -> in.matmulRelu(weight(), hasBias ? bias() : null));
    Summary.record(relu, out);
    return out;
  }

  @Override
  protected String extraRepr() {
    return in + " -> " + out + (hasBias ? "" : ", bias=false");
  }
}
