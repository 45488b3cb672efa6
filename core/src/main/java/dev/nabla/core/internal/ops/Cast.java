package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * Converts a tensor to another dtype, between every pair of FLOAT32, FLOAT64, INT32, INT64 and
 * BOOL, as {@code torch.Tensor.to}. FLOAT32 and FLOAT64 convert both ways and differentiably (the
 * gradient is converted back); an integer converts to a float type to the nearest value, a float
 * type to an integer type by truncation toward zero as Java's casts (NaN becomes 0 and values
 * outside the range saturate, where PyTorch leaves them undefined), INT64 to INT32 by keeping the
 * low 32 bits (wrapping, as torch does), anything to BOOL as {@code x != 0} (NaN is true) and BOOL
 * to a number as 1 or 0. Only the float-to-float conversions carry a gradient.
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
   * A new array holding {@code src}'s elements (any dtype's array) converted to {@code target} by
   * this op's rules; a copy when the type already matches.
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
