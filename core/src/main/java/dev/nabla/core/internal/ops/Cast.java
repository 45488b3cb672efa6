package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.ElementwiseKernels;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * Converts a tensor to another dtype. FLOAT32 and FLOAT64 convert both ways and differentiably (the
 * gradient is converted back); INT32 converts to a float type exactly (FLOAT32 rounds beyond 2^24),
 * and a float type to INT32 by truncation toward zero as Java's {@code (int)}: NaN becomes 0 and
 * values outside the int range saturate. Neither involves a gradient: INT32 never carries one.
 */
public final class Cast extends Op {
  private final DType target;

  public Cast(DType target) {
    if (target == null) {
      throw new IllegalArgumentException("to: target dtype must not be null");
    }
    this.target = target;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor out = TensorAccess.empty(target, x.shape());
    int n = x.size();
    ElementwiseKernels k = Kernels.elementwise();
    Object src = TensorAccess.data(x);
    Object dst = TensorAccess.data(out);
    switch (x.dtype()) {
      case FLOAT32 -> {
        switch (target) {
          case FLOAT32 -> System.arraycopy(src, 0, dst, 0, n);
          case FLOAT64 -> k.cast((float[]) src, (double[]) dst, 0, n);
          case INT32 -> k.cast((float[]) src, (int[]) dst, 0, n);
        }
      }
      case FLOAT64 -> {
        switch (target) {
          case FLOAT32 -> k.cast((double[]) src, (float[]) dst, 0, n);
          case FLOAT64 -> System.arraycopy(src, 0, dst, 0, n);
          case INT32 -> k.cast((double[]) src, (int[]) dst, 0, n);
        }
      }
      case INT32 -> {
        switch (target) {
          case FLOAT32 -> k.cast((int[]) src, (float[]) dst, 0, n);
          case FLOAT64 -> k.cast((int[]) src, (double[]) dst, 0, n);
          case INT32 -> System.arraycopy(src, 0, dst, 0, n);
        }
      }
    }
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    // Reached only for a floating-point output of a floating-point input.
    return new Tensor[] {grad.to(ctx.inputDType(0))};
  }
}
