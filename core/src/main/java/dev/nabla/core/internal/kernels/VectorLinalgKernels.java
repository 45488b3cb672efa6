package dev.nabla.core.internal.kernels;

/**
 * Linear-algebra kernels on the Vector API: the single-precision GEMM is {@link VectorGemm};
 * stride-1 convolutions run as implicit GEMMs ({@link ImplicitConv}), and the others as im2col +
 * GEMM on this object's GEMM; everything else is still the plain reference code, which a plain
 * {@link PlainLinalgKernels} instance keeps as the oracle these are tested against.
 */
final class VectorLinalgKernels extends PlainLinalgKernels {

  @Override
  public void gemm(
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
      boolean accumulate) {
    VectorGemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void conv2d(Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    if (ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.forward(g, x, w, bias, y);
    } else {
      super.conv2d(g, x, w, bias, y);
    }
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g, float[] x, float[] w, float[] gy, float[] gx, float[] gw, float[] gb) {
    if (ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.backward(g, x, w, gy, gx, gw, gb);
    } else {
      super.conv2dBackward(g, x, w, gy, gx, gw, gb);
    }
  }
}
