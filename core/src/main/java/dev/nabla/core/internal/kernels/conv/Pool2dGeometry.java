package dev.nabla.core.internal.kernels.conv;

/**
 * The sizes of one square-window 2-d pooling over {@code planes} (N·C) planes of {@code height x
 * width}, validated by the op: floor-mode output size {@code (height + 2·padding - kernel) / stride
 * + 1}, and {@code padding <= kernel / 2}, so every window overlaps the input and lies inside the
 * padded input.
 */
public record Pool2dGeometry(
    int planes, int height, int width, int kernel, int stride, int padding) {

  public int outH() {
    return (height + 2 * padding - kernel) / stride + 1;
  }

  public int outW() {
    return (width + 2 * padding - kernel) / stride + 1;
  }
}
