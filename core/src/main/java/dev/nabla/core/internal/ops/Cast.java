package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
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
    return TensorAccess.wrap(target, convert(TensorAccess.data(x), target), x.shape());
  }

  /**
   * A new array holding {@code src}'s elements ({@code float[]}, {@code double[]} or {@code int[]})
   * converted to {@code target} by this op's rules; a copy when the type already matches.
   */
  public static Object convert(Object src, DType target) {
    int n = java.lang.reflect.Array.getLength(src);
    Object dst = TensorAccess.newArray(target, n);
    if (dst.getClass() == src.getClass()) {
      System.arraycopy(src, 0, dst, 0, n);
    } else {
      Kernels.elementwise().cast(src, dst, 0, n);
    }
    return dst;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    // Reached only for a floating-point output of a floating-point input.
    return new Tensor[] {grad.to(ctx.inputDType(0))};
  }
}
