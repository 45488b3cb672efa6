package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;

/**
 * A 2-d convolution over {@code [N, C, H, W]} input with square kernels, as PyTorch's {@code
 * nn.Conv2d}: weight {@code [outChannels, inChannels / groups, kernel, kernel]}, bias {@code
 * [outChannels]}, output {@code [N, outChannels, H', W']} with {@code H' = (H + 2 padding -
 * dilation (kernel - 1) - 1) / stride + 1}. With {@code groups} g (dividing both channel counts)
 * the channels are split into g groups convolved separately; {@code groups == inChannels} is a
 * depthwise convolution. By default weight and bias are drawn from PyTorch's default {@code
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, {@code fanIn = inChannels / groups * kernel^2} ({@link
 * Init#pytorchDefault()}). A layer built without a seed takes its own from the global generator
 * ({@link Nabla#nextSeed()}), as {@link Dense} does.
 */
public final class Conv2d extends ConvLayer {
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
    this(inChannels, outChannels, kernel, stride, padding, 1, 1, bias);
  }

  /**
   * With dilation and groups, as {@code nn.Conv2d(in, out, kernel, stride, padding, dilation,
   * groups, bias)}: PyTorch's initialisation and a seed from the global generator.
   */
  public Conv2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups,
      boolean bias) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkSizes("Conv2d", inChannels, outChannels, kernel, stride, padding, dilation, groups);
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
   * The full form without dilation or groups: the weight drawn from {@code weightInit} with {@code
   * seed} and, when {@code bias}, the bias from {@code biasInit} (unused, and may be null, without
   * a bias) with a seed derived from it.
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
    this(inChannels, outChannels, kernel, stride, padding, 1, 1, bias, weightInit, biasInit, seed);
  }

  /** The full form, as the one above with a dilation and groups. */
  public Conv2d(
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
        "Conv2d",
        2,
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
    return x.conv2d(weight(), bias(), stride, padding, dilation, groups);
  }

  /**
   * This layer followed by a {@link ReLU}, as one fused op ({@link Tensor#conv2dRelu}): what {@link
   * Sequential} runs for a {@code Conv2d} directly followed by a {@code ReLU}. Both modules are
   * recorded in a summary as if they had run one after the other; any other follower gives null.
   */
  @Override
  Tensor applyFused(Tensor x, Module next) {
    if (!(next instanceof ReLU relu)) {
      return null;
    }
    Tensor out = apply(x, in -> in.conv2dRelu(weight(), bias(), stride, padding, dilation, groups));
    Summary.record(relu, out);
    return out;
  }

  /**
   * This layer, a {@link ReLU} and a 2×2 stride-2 {@link MaxPool2d} as one op ({@link
   * Tensor#conv2dReluMaxPool2x2}), which never writes the full-size activation; null (nothing run)
   * for other followers, an output under 2×2, or while a summary records each module's shape.
   */
  @Override
  Tensor applyFused(Tensor x, Module next, Module after) {
    if (!(next instanceof ReLU)
        || !(after instanceof MaxPool2d pool)
        || pool.kernel() != 2
        || pool.stride() != 2
        || pool.padding() != 0
        || Summary.recording()
        || x.rank() != 4) {
      return null;
    }
    int[] s = x.shape();
    int span = dilation * (kernel - 1) + 1;
    if ((s[2] + 2 * padding - span) / stride + 1 < 2
        || (s[3] + 2 * padding - span) / stride + 1 < 2) {
      return null;
    }
    // not recorded for a summary: it runs the modules one by one
    return apply(
        x, in -> in.conv2dReluMaxPool2x2(weight(), bias(), stride, padding, dilation, groups));
  }
}
