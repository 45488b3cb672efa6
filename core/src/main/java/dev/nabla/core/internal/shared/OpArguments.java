package dev.nabla.core.internal.shared;

/**
 * The checks of the arguments an op takes apart from its inputs, shared by the op (core's {@code
 * maxPool2d}, {@code avgPool2d}, {@code conv2d}, {@code embedding}) and by the layer that passes
 * them on and checks them when it is built ({@code MaxPool2d}, {@code AvgPool2d}, {@code Conv2d}).
 * Each message starts with {@code op}, the op's or the layer's name, and says what was expected and
 * given.
 */
public final class OpArguments {
  private OpArguments() {}

  /**
   * A 2-d pooling's square window (PyTorch's rules, floor mode): kernel size and stride at least 1,
   * padding at least 0 and at most half the kernel size (with more, a window could lie entirely in
   * the padding).
   */
  public static void pool2d(String op, int kernel, int stride, int padding) {
    if (kernel < 1) {
      throw new IllegalArgumentException(op + ": kernel size must be >= 1, got " + kernel);
    }
    strideAndPadding(op, stride, padding);
    if (padding > kernel / 2) {
      throw new IllegalArgumentException(
          op
              + ": padding "
              + padding
              + " must be at most half the kernel size "
              + kernel
              + " (expected padding <= "
              + kernel / 2
              + ")");
    }
  }

  /** A 2-d convolution's stride (at least 1) and zero padding (at least 0). */
  public static void conv2d(String op, int stride, int padding) {
    strideAndPadding(op, stride, padding);
  }

  /**
   * A convolution's stride (at least 1), zero padding (at least 0), dilation (at least 1) and
   * groups (at least 1).
   */
  public static void conv(String op, int stride, int padding, int dilation, int groups) {
    strideAndPadding(op, stride, padding);
    if (dilation < 1) {
      throw new IllegalArgumentException(op + ": dilation must be >= 1, got " + dilation);
    }
    if (groups < 1) {
      throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
    }
  }

  /** A grouped convolution's channels: both counts divisible by {@code groups}. */
  public static void convChannels(String op, int inChannels, int outChannels, int groups) {
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          op
              + ": groups="
              + groups
              + " must divide both inChannels and outChannels, got inChannels="
              + inChannels
              + ", outChannels="
              + outChannels);
    }
  }

  /**
   * An embedding's padding row among {@code numEmbeddings} rows, PyTorch's {@code padding_idx}: in
   * {@code [-numEmbeddings, numEmbeddings)}, negative counting from the end. Returns the row in
   * {@code [0, numEmbeddings)}.
   */
  public static int paddingIdx(String op, int paddingIdx, int numEmbeddings) {
    if (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
      throw new IllegalArgumentException(
          op
              + ": paddingIdx "
              + paddingIdx
              + " is out of range for "
              + numEmbeddings
              + " embeddings (expected "
              + -numEmbeddings
              + " to "
              + (numEmbeddings - 1)
              + ")");
    }
    return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
  }

  private static void strideAndPadding(String op, int stride, int padding) {
    if (stride < 1) {
      throw new IllegalArgumentException(op + ": stride must be >= 1, got " + stride);
    }
    if (padding < 0) {
      throw new IllegalArgumentException(op + ": padding must be >= 0, got " + padding);
    }
  }
}
