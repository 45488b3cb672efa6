package dev.nabla.core.internal.kernels;

/**
 * Matrix products, convolution, pooling and softmax over raw arrays. Every method has a {@code
 * float[]} and a {@code double[]} twin; inputs are validated by the calling op. Outputs documented
 * as accumulated ("+=") must be zeroed (or hold the values to add to) on entry.
 */
public interface LinalgKernels {

  /**
   * BLAS-style GEMM: {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate},
   * where {@code op(A)} is m×k and {@code op(B)} is k×n. {@code op(X)} is {@code X} or, with its
   * {@code trans} flag, {@code Xᵀ} read in place. Matrices are row-major: element (r, c) of the
   * stored A is {@code a[aOff + r·lda + c]} (A is stored m×k, or k×m when transposed), likewise B
   * and C. With {@code k = 0} and no accumulation, C is zeroed.
   */
  void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate);

  /** The {@code double[]} twin of the method above. */
  void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate);

  /**
   * {@code count} independent GEMMs of one geometry, the i-th on the matrices at offsets {@code
   * aOffs[i]}, {@code bOffs[i]} and {@code cOffs[i]} (broadcast batches repeat an offset).
   * Sequential by default; an implementation may run the products in parallel.
   */
  default void gemmBatched(
      int count,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int[] aOffs,
      int lda,
      float[] b,
      int[] bOffs,
      int ldb,
      float[] c,
      int[] cOffs,
      int ldc,
      boolean accumulate) {
    for (int i = 0; i < count; i++) {
      gemm(
          transA,
          transB,
          m,
          n,
          k,
          a,
          aOffs[i],
          lda,
          b,
          bOffs[i],
          ldb,
          c,
          cOffs[i],
          ldc,
          accumulate);
    }
  }

  /** The {@code double[]} twin of the method above. */
  default void gemmBatched(
      int count,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double[] a,
      int[] aOffs,
      int lda,
      double[] b,
      int[] bOffs,
      int ldb,
      double[] c,
      int[] cOffs,
      int ldc,
      boolean accumulate) {
    for (int i = 0; i < count; i++) {
      gemm(
          transA,
          transB,
          m,
          n,
          k,
          a,
          aOffs[i],
          lda,
          b,
          bOffs[i],
          ldb,
          c,
          cOffs[i],
          ldc,
          accumulate);
    }
  }

  /**
   * {@code y = softmax(x)} along the middle axis of {@code x} seen as {@code [outer, n, inner]},
   * subtracting each slice's maximum first so large inputs do not overflow.
   */
  void softmax(float[] x, float[] y, int outer, int n, int inner);

  void softmax(double[] x, double[] y, int outer, int n, int inner);

  /** {@code y = x - max - log(sum(exp(x - max)))} along the middle axis of [outer, n, inner]. */
  void logSoftmax(float[] x, float[] y, int outer, int n, int inner);

  void logSoftmax(double[] x, double[] y, int outer, int n, int inner);

  /** Softmax backward from its output {@code y}: {@code dx = y·(g - sum(g·y))} along the axis. */
  void softmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner);

  void softmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner);

  /** Log-softmax backward from its output {@code y}: {@code dx = g - exp(y)·sum(g)} on the axis. */
  void logSoftmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner);

  void logSoftmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner);

  /**
   * Cross-correlation of {@code x} [N, C, H, W] with {@code w} [O, C, kh, kw] plus {@code bias} [O]
   * (null for none) into {@code y} [N, O, OH, OW], which is overwritten.
   */
  void conv2d(Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y);

  void conv2d(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y);

  /**
   * Convolution backward from the output gradient {@code gy}: adds d/dx into {@code gx}, d/dw into
   * {@code gw} and d/dbias into {@code gb}; each of the three may be null when not needed.
   */
  void conv2dBackward(
      Conv2dGeometry g, float[] x, float[] w, float[] gy, float[] gx, float[] gw, float[] gb);

  void conv2dBackward(
      Conv2dGeometry g, double[] x, double[] w, double[] gy, double[] gx, double[] gw, double[] gb);

  /**
   * Max pooling of {@code x} into {@code y} [planes, OH, OW]; {@code argmax} receives, per output,
   * the flat index into {@code x} of the first maximum of its window.
   */
  void maxPool2d(Pool2dGeometry g, float[] x, float[] y, int[] argmax);

  void maxPool2d(Pool2dGeometry g, double[] x, double[] y, int[] argmax);

  /** Max pooling backward: {@code gx[argmax[i]] += gy[i]}. */
  void maxPool2dBackward(float[] gy, int[] argmax, float[] gx);

  void maxPool2dBackward(double[] gy, int[] argmax, double[] gx);

  /** Average pooling of {@code x} into {@code y}; padded zeros count in the divisor k². */
  void avgPool2d(Pool2dGeometry g, float[] x, float[] y);

  void avgPool2d(Pool2dGeometry g, double[] x, double[] y);

  /** Average pooling backward: adds {@code gy / k²} onto {@code gx} over each window. */
  void avgPool2dBackward(Pool2dGeometry g, float[] gy, float[] gx);

  void avgPool2dBackward(Pool2dGeometry g, double[] gy, double[] gx);
}
