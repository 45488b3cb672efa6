package dev.nabla.core.internal.kernels;

/**
 * Linear-algebra kernels on the Vector API: the single-precision GEMM is {@link VectorGemm}, and
 * convolution (im2col + GEMM) runs on it; everything else is still the plain reference code, which
 * {@link PlainLinalgKernels} keeps as the oracle these are tested against.
 */
final class VectorLinalgKernels implements LinalgKernels {
  private static final PlainLinalgKernels PLAIN = new PlainLinalgKernels();

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
      int lda, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    PLAIN.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void softmax(float[] x, float[] y, int outer, int n, int inner) {
    PLAIN.softmax(x, y, outer, n, inner);
  }

  @Override
  public void softmax(double[] x, double[] y, int outer, int n, int inner) {
    PLAIN.softmax(x, y, outer, n, inner);
  }

  @Override
  public void logSoftmax(float[] x, float[] y, int outer, int n, int inner) {
    PLAIN.logSoftmax(x, y, outer, n, inner);
  }

  @Override
  public void logSoftmax(double[] x, double[] y, int outer, int n, int inner) {
    PLAIN.logSoftmax(x, y, outer, n, inner);
  }

  @Override
  public void softmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    PLAIN.softmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void softmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner) {
    PLAIN.softmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void logSoftmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    PLAIN.logSoftmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void logSoftmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner) {
    PLAIN.logSoftmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void conv2d(Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    ConvKernels.forward(this, g, x, w, bias, y);
  }

  @Override
  public void conv2d(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
    ConvKernels.forward(this, g, x, w, bias, y);
  }

  @Override
  public void conv2dBackward(Conv2dGeometry g, float[] x, float[] w, float[] gy, float[] gx,
      float[] gw, float[] gb) {
    ConvKernels.backward(this, g, x, w, gy, gx, gw, gb);
  }

  @Override
  public void conv2dBackward(Conv2dGeometry g, double[] x, double[] w, double[] gy, double[] gx,
      double[] gw, double[] gb) {
    ConvKernels.backward(this, g, x, w, gy, gx, gw, gb);
  }

  @Override
  public void maxPool2d(Pool2dGeometry g, float[] x, float[] y, int[] argmax) {
    PLAIN.maxPool2d(g, x, y, argmax);
  }

  @Override
  public void maxPool2d(Pool2dGeometry g, double[] x, double[] y, int[] argmax) {
    PLAIN.maxPool2d(g, x, y, argmax);
  }

  @Override
  public void maxPool2dBackward(float[] gy, int[] argmax, float[] gx) {
    PLAIN.maxPool2dBackward(gy, argmax, gx);
  }

  @Override
  public void maxPool2dBackward(double[] gy, int[] argmax, double[] gx) {
    PLAIN.maxPool2dBackward(gy, argmax, gx);
  }

  @Override
  public void avgPool2d(Pool2dGeometry g, float[] x, float[] y) {
    PLAIN.avgPool2d(g, x, y);
  }

  @Override
  public void avgPool2d(Pool2dGeometry g, double[] x, double[] y) {
    PLAIN.avgPool2d(g, x, y);
  }

  @Override
  public void avgPool2dBackward(Pool2dGeometry g, float[] gy, float[] gx) {
    PLAIN.avgPool2dBackward(g, gy, gx);
  }

  @Override
  public void avgPool2dBackward(Pool2dGeometry g, double[] gy, double[] gx) {
    PLAIN.avgPool2dBackward(g, gy, gx);
  }
}
