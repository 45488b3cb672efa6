package dev.nabla.core.internal.kernels.conv;

/**
 * How a 2-d convolution is computed, chosen in {@link #choose} and nowhere else: the plain and the
 * Vector API linear-algebra kernels both ask here, then run the strategy's loops.
 */
public enum ConvStrategy {
  /**
   * Vector API FLOAT32, stride 1, one group, a kernel wider than 1×1 (any dilation): {@link
   * ImplicitConv} reads the im2col matrix as windows into the padded image instead of writing it
   * out.
   */
  IMPLICIT_GEMM,
  /**
   * FLOAT32 with one group and a thin patch (C·kh·kw below {@value #BATCHED_PATCH}): {@link
   * BatchedConv} unfolds a chunk of images into one im2col matrix and runs one GEMM for all of
   * them.
   */
  BATCHED_IM2COL,
  /**
   * Everything else, and every grouped convolution: one im2col and one GEMM per image and group
   * ({@link FloatConvLoops} and its FLOAT64 twin).
   */
  PER_IMAGE_IM2COL;

  /**
   * Patches narrower than this batch their images into one GEMM. Per-image GEMMs suit wide patches
   * (the CNN's second layer: C·kh·kw = 288); with a thin patch (its first layer: 9) each per-image
   * product is too small, and batching the images into one GEMM measured 2.4x faster (5.0 -> 2.1 ms
   * forward at batch 128), while it was slower for the wide one (3.7 -> 5.3 ms).
   */
  static final int BATCHED_PATCH = 64;

  /**
   * The strategy for geometry {@code g} on FLOAT32 ({@code float32}) or FLOAT64 arrays, with the
   * Vector API kernels ({@code vector}) or the plain ones. FLOAT64 always runs per image.
   */
  public static ConvStrategy choose(Conv2dGeometry g, boolean vector, boolean float32) {
    if (!float32) {
      return PER_IMAGE_IM2COL;
    }
    if (g.groups() > 1) {
      return PER_IMAGE_IM2COL;
    }
    if (vector && g.strideH() == 1 && g.strideW() == 1 && !g.isPointwise()) {
      return IMPLICIT_GEMM;
    }
    return g.patchSize() < BATCHED_PATCH ? BATCHED_IM2COL : PER_IMAGE_IM2COL;
  }
}
