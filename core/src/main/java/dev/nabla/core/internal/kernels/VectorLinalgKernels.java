package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.kernels.conv.ConvStrategy;
import dev.nabla.core.internal.kernels.conv.ImplicitConv;
import dev.nabla.core.internal.kernels.conv.WinogradConv;
import dev.nabla.core.internal.kernels.gemm.VectorGemm;
import dev.nabla.core.internal.kernels.shape.VectorNormLoops;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * Linear-algebra kernels on the Vector API: the single-precision GEMM is {@link VectorGemm};
 * stride-1 convolutions run as implicit GEMMs ({@link ImplicitConv}), and the others as im2col +
 * GEMM on this object's GEMM; everything else is still the plain reference code, which a plain
 * {@link PlainLinalgKernels} instance keeps as the oracle these are tested against.
 */
final class VectorLinalgKernels extends PlainLinalgKernels {
  /**
   * Whether the fused convolution + ReLU + max pool uses Winograd's F(2×2, 3×3) where it applies;
   * {@code -Dnabla.conv.winograd=false} runs the implicit GEMM instead (to compare them).
   */
  private static final boolean WINOGRAD =
      !"false".equals(System.getProperty("nabla.conv.winograd"));

  @Override
  public void gemm(Gemm g, Object a, int aOff, Object b, int bOff, Object c, int cOff) {
    if (a instanceof float[] x) {
      VectorGemm.sgemm(g, x, aOff, (float[]) b, bOff, (float[]) c, cOff);
    } else {
      super.gemm(g, a, aOff, b, bOff, c, cOff);
    }
  }

  /**
   * A batch of small FLOAT32 products (attention's per-head {@code Q·Kᵀ}, each below the size at
   * which {@link VectorGemm} splits one product over threads) is split over threads by whole
   * products instead: each product is still computed by one thread with the same code, so the
   * result is bit for bit the sequential one. The products write disjoint C blocks (the contract of
   * {@link LinalgKernels#gemmBatched}). Large products run one after another, each split over
   * threads inside.
   */
  @Override
  public void gemmBatched(
      Gemm g, int count, Object a, int[] aOffs, Object b, int[] bOffs, Object c, int[] cOffs) {
    long macs = (long) g.m() * g.n() * g.k();
    int tasks =
        a instanceof float[] && macs < VectorGemm.PARALLEL_MACS
            ? Parallel.tasks(macs * count, VectorGemm.PARALLEL_MACS, count)
            : 1;
    if (tasks <= 1) {
      super.gemmBatched(g, count, a, aOffs, b, bOffs, c, cOffs);
      return;
    }
    Parallel.forEach(
        tasks,
        t -> {
          for (int i = Parallel.split(count, tasks, t), end = Parallel.split(count, tasks, t + 1);
              i < end;
              i++) {
            gemm(g, a, aOffs[i], b, bOffs[i], c, cOffs[i]);
          }
        });
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
      ImplicitConv.forward(g, v, (float[]) w, (float[]) bias, (float[]) y, false);
    } else {
      super.conv2d(g, x, w, bias, y);
    }
  }

  @Override
  public void conv2dRelu(Conv2dGeometry g, Object x, Object w, Object bias, Object y) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.forward(g, v, (float[]) w, (float[]) bias, (float[]) y, true);
    } else {
      super.conv2dRelu(g, x, w, bias, y);
    }
  }

  @Override
  public void conv2dReluPool(
      Conv2dGeometry g, Object x, Object w, Object bias, Object y, int[] argmax) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      if (WinogradConv.applies(g) && WINOGRAD) {
        WinogradConv.forwardReluPool(g, v, (float[]) w, (float[]) bias, (float[]) y, argmax);
      } else {
        ImplicitConv.forward(g, v, (float[]) w, (float[]) bias, (float[]) y, true, argmax);
      }
    } else {
      super.conv2dReluPool(g, x, w, bias, y, argmax);
    }
  }

  @Override
  public void conv2dReluPoolBackward(
      Conv2dGeometry g,
      Object x,
      Object w,
      Object gy,
      Object y,
      int[] argmax,
      Object gx,
      Object gw,
      Object gb) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.backward(
          g,
          v,
          (float[]) w,
          (float[]) gy,
          (float[]) y,
          argmax,
          (float[]) gx,
          (float[]) gw,
          (float[]) gb);
    } else {
      super.conv2dReluPoolBackward(g, x, w, gy, y, argmax, gx, gw, gb);
    }
  }

  @Override
  public void conv2dReluBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object y, Object gx, Object gw, Object gb) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.backward(
          g, v, (float[]) w, (float[]) gy, (float[]) y, (float[]) gx, (float[]) gw, (float[]) gb);
    } else {
      super.conv2dReluBackward(g, x, w, gy, y, gx, gw, gb);
    }
  }

  @Override
  public void conv2dBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object gx, Object gw, Object gb) {
    if (x instanceof float[] v
        && ConvStrategy.choose(g, true, true) == ConvStrategy.IMPLICIT_GEMM) {
      ImplicitConv.backward(
          g, v, (float[]) w, (float[]) gy, null, (float[]) gx, (float[]) gw, (float[]) gb);
    } else {
      super.conv2dBackward(g, x, w, gy, gx, gw, gb);
    }
  }
}
