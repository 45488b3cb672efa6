package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.kernels.conv.ConvStrategy;
import dev.nabla.core.internal.kernels.conv.ImplicitConv;
import dev.nabla.core.internal.kernels.gemm.VectorGemm;

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
