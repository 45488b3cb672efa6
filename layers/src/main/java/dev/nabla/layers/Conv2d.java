package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.OpArguments;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;

/**
 * A 2-d convolution over {@code [N, C, H, W]} input with square kernels, as PyTorch's {@code
 * nn.Conv2d}: weight {@code [outChannels, inChannels, kernel, kernel]}, bias {@code [outChannels]},
 * output {@code [N, outChannels, H', W']} with {@code H' = (H + 2 padding - kernel) / stride + 1}.
 * By default weight and bias are drawn from PyTorch's default {@code U(-1/sqrt(fanIn),
 * 1/sqrt(fanIn))}, {@code fanIn = inChannels * kernel^2} ({@link Init#pytorchDefault()}). A layer
 * built without a seed takes its own from the global generator ({@link Nabla#nextSeed()}), as
 * {@link Dense} does.
 */
public final class Conv2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean hasBias;

  /** Stride 1, no padding, with a bias. */
  public Conv2d(int inChannels, int outChannels, int kernel) {
    this(inChannels, outChannels, kernel, 1, 0);
  }

  /** With a bias, PyTorch's initialisation and a seed from the global generator. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, true);
  }

  /** With or without a bias, PyTorch's initialisation and a seed from the global generator. */
  public Conv2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkSizes(inChannels, outChannels, kernel, stride, padding);
    this(
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        bias,
        Init.pytorchDefault(),
        Init.pytorchDefault(),
        Nabla.nextSeed());
  }

  /**
   * The full form: the weight drawn from {@code weightInit} with {@code seed} and, when {@code
   * bias}, the bias from {@code biasInit} (unused, and may be null, without a bias) with a seed
   * derived from it.
   */
  public Conv2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      boolean bias,
      Init weightInit,
      Init biasInit,
      long seed) {
    checkSizes(inChannels, outChannels, kernel, stride, padding);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.hasBias = bias;
    int fanIn = inChannels * kernel * kernel;
    int fanOut = outChannels * kernel * kernel;
    registerParameter(
        "weight",
        Inits.create(
            label(),
            "weight",
            weightInit,
            new int[] {outChannels, inChannels, kernel, kernel},
            fanIn,
            fanOut,
            seed));
    if (bias) {
      registerParameter(
          "bias",
          Inits.create(
              label(),
              "bias",
              biasInit,
              new int[] {outChannels},
              fanIn,
              fanOut,
              SplitMix64.derive(seed, 1)));
    }
  }

  private static void checkSizes(
      int inChannels, int outChannels, int kernel, int stride, int padding) {
    Fmt.atLeast("Conv2d", "inChannels", inChannels, 1);
    Fmt.atLeast("Conv2d", "outChannels", outChannels, 1);
    Fmt.atLeast("Conv2d", "kernel", kernel, 1);
    OpArguments.conv2d("Conv2d", stride, padding); // conv2d's own check, at build time
  }

  /** The weight, shape {@code [outChannels, inChannels, kernel, kernel]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, shape {@code [outChannels]}, or null for a layer without one. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  // No checkInput override: conv2d itself checks the rank, the channels and that the kernel fits,
  // and Module.apply names this layer in its message.

  @Override
  public Tensor forward(Tensor x) {
    return x.conv2d(weight(), bias(), stride, padding);
  }

  @Override
  protected String extraRepr() {
    return inChannels
        + " -> "
        + outChannels
        + ", kernel="
        + kernel
        + ", stride="
        + stride
        + ", padding="
        + padding
        + (hasBias ? "" : ", bias=false");
  }
}
