package dev.nabla.layers;

import dev.nabla.core.Tensor;

/** Max pooling, as PyTorch's {@code nn.MaxPool2d}; padding counts as -infinity. */
public final class MaxPool2d extends Pool2d {

  /** Non-overlapping windows: stride = kernel, no padding (PyTorch's default). */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /**
   * A {@code kernel x kernel} window moved by {@code stride}, with {@code padding <= kernel / 2}.
   */
  public MaxPool2d(int kernel, int stride, int padding) {
    super("MaxPool2d", kernel, stride, padding);
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.maxPool2d(kernel(), stride(), padding());
  }
}
