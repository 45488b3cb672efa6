package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;

/**
 * A 1-d convolution over {@code [N, C, L]} input, as PyTorch's {@code nn.Conv1d}: weight {@code
 * [outChannels, inChannels / groups, kernel]}, bias {@code [outChannels]}, output {@code [N,
 * outChannels, L']} with {@code L' = (L + 2 padding - dilation (kernel - 1) - 1) / stride + 1}.
 * With {@code groups} g (dividing both channel counts) the channels are split into g groups
 * convolved separately. By default weight and bias are drawn from PyTorch's default {@code
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, {@code fanIn = inChannels / groups * kernel} ({@link
 * Init#pytorchDefault()}), with a seed from the global generator ({@link Nabla#nextSeed()}) unless
 * one is given.
 */
public final class Conv1d extends ConvLayer {
  /** Stride 1, no padding, with a bias. */
  public Conv1d(int inChannels, int outChannels, int kernel) {
    this(inChannels, outChannels, kernel, 1, 0, 1, 1, true);
  }

  /** With a bias, PyTorch's initialisation and a seed from the global generator. */
  public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, 1, 1, true);
  }

  /**
   * As {@code nn.Conv1d(in, out, kernel, stride, padding, dilation, groups, bias)}: PyTorch's
   * initialisation and a seed from the global generator.
   */
  public Conv1d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups,
      boolean bias) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkSizes("Conv1d", inChannels, outChannels, kernel, stride, padding, dilation, groups);
    this(
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        dilation,
        groups,
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
  public Conv1d(
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
    super(
        "Conv1d",
        1,
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        dilation,
        groups,
        bias,
        weightInit,
        biasInit,
        seed);
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.conv1d(weight(), bias(), stride, padding, dilation, groups);
  }
}
