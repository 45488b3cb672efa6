package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.OpArguments;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;

/**
 * What {@link Conv1d} and {@link Conv2d} share: the sizes, their checks (the op's own, run when the
 * layer is built), the weight {@code [outChannels, inChannels / groups, kernel...]} and bias {@code
 * [outChannels]}, drawn with PyTorch's fan-in {@code inChannels / groups * kernel^dims}, and the
 * repr.
 */
abstract sealed class ConvLayer extends Module permits Conv1d, Conv2d {
  final int inChannels;
  final int outChannels;
  final int kernel;
  final int stride;
  final int padding;
  final int dilation;
  final int groups;
  private final boolean hasBias;

  ConvLayer(
      String layer,
      int dims,
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups,
      boolean bias,
      Init weightInit,
      Init biasInit,
      long seed) {
    checkSizes(layer, inChannels, outChannels, kernel, stride, padding, dilation, groups);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    this.hasBias = bias;
    int taps = dims == 1 ? kernel : kernel * kernel;
    int fanIn = inChannels / groups * taps;
    int fanOut = outChannels * taps;
    int[] shape =
        dims == 1
            ? new int[] {outChannels, inChannels / groups, kernel}
            : new int[] {outChannels, inChannels / groups, kernel, kernel};
    registerParameter(
        "weight", Inits.create(label(), "weight", weightInit, shape, fanIn, fanOut, seed));
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

  /**
   * The checks of the layer's sizes, named after {@code layer}: run before a seed is drawn, so a
   * rejected layer does not shift the global generator's sequence.
   */
  static void checkSizes(
      String layer,
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups) {
    Fmt.atLeast(layer, "inChannels", inChannels, 1);
    Fmt.atLeast(layer, "outChannels", outChannels, 1);
    Fmt.atLeast(layer, "kernel", kernel, 1);
    // the op's own checks, at build time
    OpArguments.conv(layer, stride, padding, dilation, groups);
    OpArguments.convChannels(layer, inChannels, outChannels, groups);
  }

  /** The weight, shape {@code [outChannels, inChannels / groups, kernel...]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, shape {@code [outChannels]}, or null for a layer without one. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  /** Input channels. */
  public int inChannels() {
    return inChannels;
  }

  /** Output channels. */
  public int outChannels() {
    return outChannels;
  }

  /** The kernel size (square for {@link Conv2d}). */
  public int kernel() {
    return kernel;
  }

  /** The step between windows, the same along every spatial axis. */
  public int stride() {
    return stride;
  }

  /** The zero padding on each side of every spatial axis. */
  public int padding() {
    return padding;
  }

  /** The spacing between kernel taps (1: adjacent). */
  public int dilation() {
    return dilation;
  }

  /** The number of channel groups convolved separately. */
  public int groups() {
    return groups;
  }

  // No checkInput override: the op itself checks the rank, the channels and that the kernel fits,
  // and Module.apply names this layer in its message.

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
        + (dilation == 1 ? "" : ", dilation=" + dilation)
        + (groups == 1 ? "" : ", groups=" + groups)
        + (hasBias ? "" : ", bias=false");
  }
}
