package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.kernels.conv.ConvStrategy;
import dev.nabla.core.internal.kernels.conv.ImplicitConv;
import dev.nabla.core.internal.kernels.gemm.VectorGemm;
import dev.nabla.core.internal.kernels.shape.VectorNormLoops;

/**
 * Linear-algebra kernels on the Vector API: the single-precision GEMM is {@link VectorGemm};
 * stride-1 convolutions run as implicit GEMMs ({@link ImplicitConv}), and the others as im2col +
 * GEMM on this object's GEMM; everything else is still the plain reference code, which a plain
 * {@link PlainLinalgKernels} instance keeps as the oracle these are tested against.
 */
final class VectorLinalgKernels extends PlainLinalgKernels {

  @Override
  public void gemm(Gemm g, Object a, int aOff, Object b, int bOff, Object c, int cOff) {
    if (a instanceof float[] x) {
      VectorGemm.sgemm(g, x, aOff, (float[]) b, bOff, (float[]) c, cOff);
    } else {
      super.gemm(g, a, aOff, b, bOff, c, cOff);
    }
  }

  @Override
  public void layerNorm(
      Object x, Object w, Object b, Object y, Object mean, Object rstd, int rows, int n, double eps) {
    if (x instanceof float[] v) {
      VectorNormLoops.forward(
          v, (float[]) w, (float[]) b, (float[]) y, (float[]) mean, (float[]) rstd, rows, n, eps);
    } else {
      super.layerNorm(x, w, b, y, mean, rstd, rows, n, eps);
    }
  }

  @Override
  public void layerNormBackward(
      Object x,
      Object w,
      Object mean,
      Object rstd,
      Object gy,
      Object gx,
      Object gw,
      Object gb,
      int rows,
      int n) {
    if (x instanceof float[] v) {
      VectorNormLoops.backward(
          v,
          (float[]) w,
          (float[]) mean,
          (float[]) rstd,
          (float[]) gy,
          (float[]) gx,
          (float[]) gw,
          (float[]) gb,
          rows,
          n);
    } else {
      super.layerNormBackward(x, w, mean, rstd, gy, gx, gw, gb, rows, n);
    }
  }

  @Override
  public void conv2d(Conv2dGeometry g, Object x, Object w, Object bias, Object y) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.forward(g, v, (float[]) w, (float[]) bias, (float[]) y);
    } else {
      super.conv2d(g, x, w, bias, y);
    }
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object gx, Object gw, Object gb) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.backward(
          g, v, (float[]) w, (float[]) gy, (float[]) gx, (float[]) gw, (float[]) gb);
    } else {
      super.conv2dBackward(g, x, w, gy, gx, gw, gb);
    }
  }
}
