package dev.nabla.core.internal.kernels;

/**
 * Linear-algebra kernels on the Vector API: the single-precision GEMM is {@link VectorGemm}, and
 * convolution (im2col + GEMM), which runs on this object's GEMM, inherits it; everything else is
 * still the plain reference code, which a plain {@link PlainLinalgKernels} instance keeps as the
 * oracle these are tested against.
 */
final class VectorLinalgKernels extends PlainLinalgKernels {

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
