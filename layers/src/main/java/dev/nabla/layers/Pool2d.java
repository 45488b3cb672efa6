package dev.nabla.layers;

import dev.nabla.core.internal.shared.OpArguments;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: a square window over {@code [N, C, H, W]}
 * input, moved by {@code stride}, over input padded by {@code padding} on each side; output {@code
 * H' = (H + 2 padding - kernel) / stride + 1}. The input (rank 4, a window that fits) is checked by
 * the op, whose message {@link Module#apply} prefixes with this layer's name.
 */
public abstract sealed class Pool2d extends Module permits MaxPool2d, AvgPool2d {
  private final int kernel;
  private final int stride;
  private final int padding;

  Pool2d(String layer, int kernel, int stride, int padding) {
    // the op's own check, at build time: a bad layer fails where it is built, named
    OpArguments.pool2d(layer, kernel, stride, padding);
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  /** The window size. */
  public int kernel() {
    return kernel;
  }

  /** The step between windows. */
  public int stride() {
    return stride;
  }

  /** The padding on each side. */
  public int padding() {
    return padding;
  }

  @Override
  protected String extraRepr() {
    return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding;
  }
}
