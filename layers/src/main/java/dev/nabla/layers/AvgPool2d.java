package dev.nabla.layers;

import dev.nabla.core.Tensor;

/**
 * Average pooling, as PyTorch's {@code nn.AvgPool2d} with its default {@code
 * count_include_pad=True}: padded zeros count in the average.
 */
public final class AvgPool2d extends Pool2d {

  /** Non-overlapping windows: stride = kernel, no padding (PyTorch's default). */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /**
   * A {@code kernel x kernel} window moved by {@code stride}, with {@code padding <= kernel / 2}.
   */
  public AvgPool2d(int kernel, int stride, int padding) {
    super("AvgPool2d", kernel, stride, padding);
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.avgPool2d(kernel(), stride(), padding());
  }
}
