package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.parallel.Parallel;

/**
 * The sizes of one 2-d convolution over NCHW input with weights {@code [O, C / groups, kh, kw]},
 * validated by the op: a stride, zero padding and dilation per axis, and {@code groups} (which
 * divides C and O; output channels {@code [j·O/groups, (j+1)·O/groups)} see only input channels
 * {@code [j·C/groups, (j+1)·C/groups)}). Output size {@code (H + 2·padH - dilationH·(kh - 1) - 1) /
 * strideH + 1} (floor), likewise for W.
 */
public record Conv2dGeometry(
    int batch,
    int inChannels,
    int height,
    int width,
    int outChannels,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    int dilationH,
    int dilationW,
    int groups) {

  /** A square stride and padding, no dilation, one group. */
  public Conv2dGeometry(
      int batch,
      int inChannels,
      int height,
      int width,
      int outChannels,
      int kernelH,
      int kernelW,
      int stride,
      int padding) {
    this(
        batch,
        inChannels,
        height,
        width,
        outChannels,
        kernelH,
        kernelW,
        stride,
        stride,
        padding,
        padding,
        1,
        1,
        1);
  }

  public int outH() {
    return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
  }

  public int outW() {
    return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
  }

  /** Input channels per group, {@code C / groups}. */
  public int groupInChannels() {
    return inChannels / groups;
  }

  /** Output channels per group, {@code O / groups}. */
  public int groupOutChannels() {
    return outChannels / groups;
  }

  /**
   * Rows of one group's im2col matrix (one per input channel of the group and kernel position):
   * {@code C/groups·kh·kw}, also the length of one output channel's weights.
   */
  public int patchSize() {
    return groupInChannels() * kernelH * kernelW;
  }

  /** Whether every stride and dilation is 1. */
  public boolean isUnitStrideAndDilation() {
    return strideH == 1 && strideW == 1 && dilationH == 1 && dilationW == 1;
  }

  /**
   * Whether the convolution is a plain per-pixel matrix product (1x1 kernel, stride 1, no padding),
   * in which case each image (each group's channel slice of it) already is its own im2col matrix.
   */
  public boolean isPointwise() {
    return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0;
  }

  /** Below this many multiply-adds per call a second thread does not pay for itself. */
  static final long PARALLEL_MACS = 1L << 21;

  /** Multiply-adds of the whole convolution: N·O·(C/groups)·kh·kw·OH·OW. */
  long macs() {
    return (long) batch * outChannels * patchSize() * outH() * outW();
  }

  /** How many tasks the batch is split into ({@link Parallel#tasks}): images are the pieces. */
  int tasks() {
    return Parallel.tasks(macs(), PARALLEL_MACS, batch);
  }

  /**
   * First output column whose input column ({@code ox·strideW - padW + kj·dilationW}) is in the
   * image.
   */
  int validLo(int kj) {
    return Math.min(outW(), Math.ceilDiv(Math.max(0, padW - kj * dilationW), strideW));
  }

  /** End (exclusive) of the output columns whose input column is left of the image's right edge. */
  int validHi(int kj, int lo) {
    return Math.max(lo, Math.min(outW(), Math.ceilDiv(width + padW - kj * dilationW, strideW)));
  }
}
