package dev.nabla.core.internal.kernels;

/**
 * Plain-Java linear-algebra kernels: the reference implementation. The loops live in one
 * package-private class per family ({@link FloatGemmLoops}, {@link FloatSoftmaxLoops}, {@link
 * FloatConvLoops}, {@link FloatPoolLoops}, and the FLOAT64 twins generated from them); convolution
 * runs on this object's GEMM, so a subclass that overrides the GEMM speeds convolution up too.
 */
public class PlainLinalgKernels implements LinalgKernels {

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
    FloatGemmLoops.gemm(
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(
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
      boolean accumulate) {
    DoubleGemmLoops.gemm(
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void softmax(float[] x, float[] y, int outer, int n, int inner) {
    FloatSoftmaxLoops.softmax(x, y, outer, n, inner);
  }

  @Override
  public void softmax(double[] x, double[] y, int outer, int n, int inner) {
    DoubleSoftmaxLoops.softmax(x, y, outer, n, inner);
  }

  @Override
  public void logSoftmax(float[] x, float[] y, int outer, int n, int inner) {
    FloatSoftmaxLoops.logSoftmax(x, y, outer, n, inner);
  }

  @Override
  public void logSoftmax(double[] x, double[] y, int outer, int n, int inner) {
    DoubleSoftmaxLoops.logSoftmax(x, y, outer, n, inner);
  }

  @Override
  public void softmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    FloatSoftmaxLoops.softmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void softmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner) {
    DoubleSoftmaxLoops.softmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void logSoftmaxBackward(float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    FloatSoftmaxLoops.logSoftmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void logSoftmaxBackward(double[] y, double[] g, double[] dx, int outer, int n, int inner) {
    DoubleSoftmaxLoops.logSoftmaxBackward(y, g, dx, outer, n, inner);
  }

  @Override
  public void conv2d(Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y) {
    if (ConvStrategy.choose(g, false, true) == ConvStrategy.BATCHED_IM2COL) {
      BatchedConv.forward(this, g, x, w, bias, y);
    } else {
      FloatConvLoops.forward(this, g, x, w, bias, y);
    }
  }

  @Override
  public void conv2d(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
    DoubleConvLoops.forward(this, g, x, w, bias, y);
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g, float[] x, float[] w, float[] gy, float[] gx, float[] gw, float[] gb) {
    if (ConvStrategy.choose(g, false, true) == ConvStrategy.BATCHED_IM2COL) {
      BatchedConv.backward(this, g, x, w, gy, gx, gw, gb);
    } else {
      FloatConvLoops.backward(this, g, x, w, gy, gx, gw, gb);
    }
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g,
      double[] x,
      double[] w,
      double[] gy,
      double[] gx,
      double[] gw,
      double[] gb) {
    DoubleConvLoops.backward(this, g, x, w, gy, gx, gw, gb);
  }

  @Override
  public void maxPool2d(Pool2dGeometry g, float[] x, float[] y, int[] argmax) {
    FloatPoolLoops.maxPool(g, x, y, argmax);
  }

  @Override
  public void maxPool2d(Pool2dGeometry g, double[] x, double[] y, int[] argmax) {
    DoublePoolLoops.maxPool(g, x, y, argmax);
  }

  @Override
  public void maxPool2dBackward(float[] gy, int[] argmax, float[] gx) {
    FloatPoolLoops.maxPoolBackward(gy, argmax, gx);
  }

  @Override
  public void maxPool2dBackward(double[] gy, int[] argmax, double[] gx) {
    DoublePoolLoops.maxPoolBackward(gy, argmax, gx);
  }

  @Override
  public void avgPool2d(Pool2dGeometry g, float[] x, float[] y) {
    FloatPoolLoops.avgPool(g, x, y);
  }

  @Override
  public void avgPool2d(Pool2dGeometry g, double[] x, double[] y) {
    DoublePoolLoops.avgPool(g, x, y);
  }

  @Override
  public void avgPool2dBackward(Pool2dGeometry g, float[] gy, float[] gx) {
    FloatPoolLoops.avgPoolBackward(g, gy, gx);
  }

  @Override
  public void avgPool2dBackward(Pool2dGeometry g, double[] gy, double[] gx) {
    DoublePoolLoops.avgPoolBackward(g, gy, gx);
  }
}
