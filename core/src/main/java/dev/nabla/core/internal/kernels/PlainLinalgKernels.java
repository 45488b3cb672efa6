package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.attention.DoubleAttentionLoops;
import dev.nabla.core.internal.kernels.attention.FloatAttentionLoops;
import dev.nabla.core.internal.kernels.conv.BatchedConv;
import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.kernels.conv.ConvStrategy;
import dev.nabla.core.internal.kernels.conv.DoubleConvLoops;
import dev.nabla.core.internal.kernels.conv.DoublePoolLoops;
import dev.nabla.core.internal.kernels.conv.FloatConvLoops;
import dev.nabla.core.internal.kernels.conv.FloatPoolLoops;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;
import dev.nabla.core.internal.kernels.gemm.DoubleGemmLoops;
import dev.nabla.core.internal.kernels.gemm.FloatGemmLoops;
import dev.nabla.core.internal.kernels.shape.DoubleNormLoops;
import dev.nabla.core.internal.kernels.shape.DoubleSoftmaxLoops;
import dev.nabla.core.internal.kernels.shape.FloatNormLoops;
import dev.nabla.core.internal.kernels.shape.FloatSoftmaxLoops;

/**
 * Plain-Java linear-algebra kernels: the reference implementation. The loops live in one
 * package-private class per family ({@link FloatGemmLoops}, {@link FloatSoftmaxLoops}, {@link
 * FloatConvLoops}, {@link FloatPoolLoops}, and the FLOAT64 twins generated from them); convolution
 * runs on this object's GEMM, so a subclass that overrides the GEMM speeds convolution up too.
 */
public class PlainLinalgKernels implements LinalgKernels {
  private static final String FLOATING = "float[] or double[] arrays";

  @Override
  public void gemm(Gemm g, Object a, int aOff, Object b, int bOff, Object c, int cOff) {
    switch (a) {
      case float[] x -> FloatGemmLoops.gemm(g, x, aOff, (float[]) b, bOff, (float[]) c, cOff);
      case double[] x -> DoubleGemmLoops.gemm(g, x, aOff, (double[]) b, bOff, (double[]) c, cOff);
      default -> throw Kernels.unsupported("gemm", FLOATING, a);
    }
  }

  @Override
  public void softmax(SoftmaxKind kind, Object x, Object g, Object y, int outer, int n, int inner) {
    switch (x) {
      case float[] v ->
          FloatSoftmaxLoops.softmax(kind, v, (float[]) g, (float[]) y, outer, n, inner);
      case double[] v ->
          DoubleSoftmaxLoops.softmax(kind, v, (double[]) g, (double[]) y, outer, n, inner);
      default -> throw Kernels.unsupported("softmax", FLOATING, x);
    }
  }

  @Override
  public void layerNorm(
      Object x,
      Object w,
      Object b,
      Object y,
      Object mean,
      Object rstd,
      int rows,
      int n,
      double eps) {
    switch (x) {
      case float[] v ->
          FloatNormLoops.forward(
              v,
              (float[]) w,
              (float[]) b,
              (float[]) y,
              (float[]) mean,
              (float[]) rstd,
              rows,
              n,
              eps);
      case double[] v ->
          DoubleNormLoops.forward(
              v,
              (double[]) w,
              (double[]) b,
              (double[]) y,
              (double[]) mean,
              (double[]) rstd,
              rows,
              n,
              eps);
      default -> throw Kernels.unsupported("layerNorm", FLOATING, x);
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
    switch (x) {
      case float[] v ->
          FloatNormLoops.backward(
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
      case double[] v ->
          DoubleNormLoops.backward(
              v,
              (double[]) w,
              (double[]) mean,
              (double[]) rstd,
              (double[]) gy,
              (double[]) gx,
              (double[]) gw,
              (double[]) gb,
              rows,
              n);
      default -> throw Kernels.unsupported("layerNormBackward", FLOATING, x);
    }
  }

  @Override
  public void attention(
      Attention g,
      Object q,
      Object k,
      Object v,
      Object mask,
      int[] maskOffs,
      Object p,
      Object drop,
      Object out) {
    ElementwiseKernels ew = Kernels.elementwise();
    switch (q) {
      case float[] x ->
          FloatAttentionLoops.forward(
              this,
              ew,
              g,
              x,
              (float[]) k,
              (float[]) v,
              (float[]) mask,
              maskOffs,
              (float[]) p,
              (float[]) drop,
              (float[]) out);
      case double[] x ->
          DoubleAttentionLoops.forward(
              this,
              ew,
              g,
              x,
              (double[]) k,
              (double[]) v,
              (double[]) mask,
              maskOffs,
              (double[]) p,
              (double[]) drop,
              (double[]) out);
      default -> throw Kernels.unsupported("attention", FLOATING, q);
    }
  }

  @Override
  public void attentionBackward(
      Attention g,
      Object q,
      Object k,
      Object v,
      Object p,
      Object drop,
      Object gOut,
      Object gq,
      Object gk,
      Object gv,
      Object gLogits) {
    switch (q) {
      case float[] x ->
          FloatAttentionLoops.backward(
              this,
              g,
              x,
              (float[]) k,
              (float[]) v,
              (float[]) p,
              (float[]) drop,
              (float[]) gOut,
              (float[]) gq,
              (float[]) gk,
              (float[]) gv,
              (float[]) gLogits);
      case double[] x ->
          DoubleAttentionLoops.backward(
              this,
              g,
              x,
              (double[]) k,
              (double[]) v,
              (double[]) p,
              (double[]) drop,
              (double[]) gOut,
              (double[]) gq,
              (double[]) gk,
              (double[]) gv,
              (double[]) gLogits);
      default -> throw Kernels.unsupported("attentionBackward", FLOATING, q);
    }
  }

  @Override
  public void conv2d(Conv2dGeometry g, Object x, Object w, Object bias, Object y) {
    switch (x) {
      case float[] v when ConvStrategy.choose(g, false, true) == ConvStrategy.BATCHED_IM2COL ->
          BatchedConv.forward(this, g, v, (float[]) w, (float[]) bias, (float[]) y);
      case float[] v ->
          FloatConvLoops.forward(this, g, v, (float[]) w, (float[]) bias, (float[]) y);
      case double[] v ->
          DoubleConvLoops.forward(this, g, v, (double[]) w, (double[]) bias, (double[]) y);
      default -> throw Kernels.unsupported("conv2d", FLOATING, x);
    }
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object gx, Object gw, Object gb) {
    switch (x) {
      case float[] v when ConvStrategy.choose(g, false, true) == ConvStrategy.BATCHED_IM2COL ->
          BatchedConv.backward(
              this, g, v, (float[]) w, (float[]) gy, (float[]) gx, (float[]) gw, (float[]) gb);
      case float[] v ->
          FloatConvLoops.backward(
              this, g, v, (float[]) w, (float[]) gy, (float[]) gx, (float[]) gw, (float[]) gb);
      case double[] v ->
          DoubleConvLoops.backward(
              this, g, v, (double[]) w, (double[]) gy, (double[]) gx, (double[]) gw, (double[]) gb);
      default -> throw Kernels.unsupported("conv2dBackward", FLOATING, x);
    }
  }

  @Override
  public void maxPool2d(Pool2dGeometry g, Object x, Object y, int[] argmax) {
    switch (x) {
      case float[] v -> FloatPoolLoops.maxPool(g, v, (float[]) y, argmax);
      case double[] v -> DoublePoolLoops.maxPool(g, v, (double[]) y, argmax);
      default -> throw Kernels.unsupported("maxPool2d", FLOATING, x);
    }
  }

  @Override
  public void maxPool2dBackward(Object gy, int[] argmax, Object gx) {
    switch (gy) {
      case float[] v -> FloatPoolLoops.maxPoolBackward(v, argmax, (float[]) gx);
      case double[] v -> DoublePoolLoops.maxPoolBackward(v, argmax, (double[]) gx);
      default -> throw Kernels.unsupported("maxPool2dBackward", FLOATING, gy);
    }
  }

  @Override
  public void avgPool2d(Pool2dGeometry g, Object x, Object y) {
    switch (x) {
      case float[] v -> FloatPoolLoops.avgPool(g, v, (float[]) y);
      case double[] v -> DoublePoolLoops.avgPool(g, v, (double[]) y);
      default -> throw Kernels.unsupported("avgPool2d", FLOATING, x);
    }
  }

  @Override
  public void avgPool2dBackward(Pool2dGeometry g, Object gy, Object gx) {
    switch (gy) {
      case float[] v -> FloatPoolLoops.avgPoolBackward(g, v, (float[]) gx);
      case double[] v -> DoublePoolLoops.avgPoolBackward(g, v, (double[]) gx);
      default -> throw Kernels.unsupported("avgPool2dBackward", FLOATING, gy);
    }
  }
}
