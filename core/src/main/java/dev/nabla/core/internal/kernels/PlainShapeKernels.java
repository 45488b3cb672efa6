package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.Shapes;

/** Plain-Java reductions and data movement: the reference implementation. */
public final class PlainShapeKernels implements ShapeKernels {

  @Override
  public void broadcastTo(Object src, int[] srcShape, Object dst, int[] dstShape) {
    int[] ss = Shapes.broadcastStrides(srcShape, dstShape);
    int n = Shapes.size(dstShape);
    if (n == 0) {
      return;
    }
    int rank = dstShape.length;
    int[] idx = new int[rank];
    int srcOff = 0;
    for (int i = 0; i < n; i++) {
      switch (src) {
        case float[] s -> ((float[]) dst)[i] = s[srcOff];
        case double[] s -> ((double[]) dst)[i] = s[srcOff];
        case int[] s -> ((int[]) dst)[i] = s[srcOff];
        default -> throw new IllegalArgumentException("unsupported array " + src.getClass());
      }
      for (int d = rank - 1; d >= 0; d--) {
        srcOff += ss[d];
        if (++idx[d] < dstShape[d]) {
          break;
        }
        srcOff -= ss[d] * dstShape[d];
        idx[d] = 0;
      }
    }
  }

  @Override
  public void sumTo(Object src, int[] srcShape, Object dst, int[] dstShape) {
    int[] ds = Shapes.broadcastStrides(dstShape, srcShape);
    int n = Shapes.size(srcShape);
    if (n == 0) {
      return;
    }
    int rank = srcShape.length;
    int[] idx = new int[rank];
    int dstOff = 0;
    for (int i = 0; i < n; i++) {
      switch (src) {
        case float[] s -> ((float[]) dst)[dstOff] += s[i];
        case double[] s -> ((double[]) dst)[dstOff] += s[i];
        case int[] s -> ((int[]) dst)[dstOff] += s[i];
        default -> throw new IllegalArgumentException("unsupported array " + src.getClass());
      }
      for (int d = rank - 1; d >= 0; d--) {
        dstOff += ds[d];
        if (++idx[d] < srcShape[d]) {
          break;
        }
        dstOff -= ds[d] * srcShape[d];
        idx[d] = 0;
      }
    }
  }
}
