package dev.nabla.core.internal.kernels;

/**
 * The sizes of one 2-d convolution over NCHW input with OIHW weights, validated by the op: square
 * stride and padding, output size {@code (H + 2·padding - kernelH) / stride + 1} (floor).
 */
public record Conv2dGeometry(
    int batch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
    int stride, int padding) {

  public int outH() {
    return (height + 2 * padding - kernelH) / stride + 1;
  }

  public int outW() {
    return (width + 2 * padding - kernelW) / stride + 1;
  }

  /** Rows of the im2col matrix (one per input channel and kernel position): C·kh·kw. */
  public int patchSize() {
    return inChannels * kernelH * kernelW;
  }

  /**
   * Whether the convolution is a plain per-pixel matrix product (1x1 kernel, stride 1, no padding),
   * in which case each image already is its own im2col matrix.
   */
  public boolean isPointwise() {
    return kernelH == 1 && kernelW == 1 && stride == 1 && padding == 0;
  }
}
