package dev.nabla.core.internal.kernels;

/** Reductions and data movement over raw arrays. Arrays are float[], double[] or int[]. */
public interface ShapeKernels {
  /**
   * Writes {@code src} (shape {@code srcShape}, which broadcasts to {@code dstShape}) repeated into
   * {@code dst} (shape {@code dstShape}). {@code src} and {@code dst} are arrays of one type.
   */
  void broadcastTo(Object src, int[] srcShape, Object dst, int[] dstShape);

  /**
   * Sums {@code src} (shape {@code srcShape}) into {@code dst} (shape {@code dstShape}, which
   * broadcasts to {@code srcShape}); {@code dst} must start zeroed. Float sums accumulate in place.
   */
  void sumTo(Object src, int[] srcShape, Object dst, int[] dstShape);
}
