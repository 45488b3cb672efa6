package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.parallel.Parallel;

/**
 * The sizes of one 2-d convolution over NCHW input with OIHW weights, validated by the op: square
 * stride and padding, output size {@code (H + 2·padding - kernelH) / stride + 1} (floor).
 */
public record Conv2dGeometry(
    int batch,
    int inChannels,
    int height,
    int width,
    int outChannels,
    int kernelH,
    int kernelW,
    int stride,
    int padding) {

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

  /** Below this many multiply-adds per call a second thread does not pay for itself. */
  static final long PARALLEL_MACS = 1L << 21;

  /** Multiply-adds of the whole convolution: N·O·C·kh·kw·OH·OW. */
  long macs() {
    return (long) batch * outChannels * patchSize() * outH() * outW();
  }

  /** How many tasks the batch is split into ({@link Parallel#tasks}): images are the pieces. */
  int tasks() {
    return Parallel.tasks(macs(), PARALLEL_MACS, batch);
  }

  /** First output column whose input column ({@code ox·stride - padding + kj}) is in the image. */
  int validLo(int kj) {
    return Math.min(outW(), Math.ceilDiv(Math.max(0, padding - kj), stride));
  }

  /** End (exclusive) of the output columns whose input column is left of the image's right edge. */
  int validHi(int kj, int lo) {
    return Math.max(lo, Math.min(outW(), Math.ceilDiv(width + padding - kj, stride)));
  }
}
