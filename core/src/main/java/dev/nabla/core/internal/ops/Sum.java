package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Sum over some axes, which are removed or, with {@code keepDims}, kept as size 1. FLOAT32, FLOAT64
 * and INT32 (not differentiable; accumulated in 64 bits, and a sum outside INT32's range throws an
 * {@link ArithmeticException} instead of wrapping around), INT64 (wrapping on overflow, as torch's)
 * and BOOL, which sums to an INT64 count of the true values, as {@code torch.sum} of a bool tensor.
 *
 * <p>{@code axes == null} sums every element, to a 0-d tensor (to an all-ones shape with {@code
 * keepDims}). An <em>empty</em> axes array reduces nothing and returns the values unchanged, as
 * NumPy's {@code sum(axis=())}; PyTorch's {@code sum(dim=[])} would instead sum everything. Summing
 * over an empty axis gives 0.
 *
 * <p>FLOAT32 sums accumulate in double, so {@code ones(10_000_000).sum()} is exactly 1e7. The
 * gradient is the output gradient broadcast back over the reduced axes.
 */
public final class Sum extends Op {
  private final String op;
  private final int[] axes;
  private final boolean keepDims;

  /** Sums over {@code axes} (negative counts from the last; null for all). */
  public Sum(int[] axes, boolean keepDims) {
    this("sum", axes, keepDims);
  }

  /** As {@link #Sum(int[], boolean)}, naming {@code op} in error messages ({@code "mean"}). */
  public Sum(String op, int[] axes, boolean keepDims) {
    this.op = op;
    this.axes = axes == null ? null : axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0].dtype() == DType.BOOL ? in[0].to(DType.INT64) : in[0];
    int[] shape = x.shape();
    Reduction r = Reduction.of(op, shape, axes, keepDims);
    if (r.axes().length == 0) {
      // Nothing to reduce: the result is a view of the input's storage, no copy.
      return TensorAccess.view(x, r.outShape());
    }
    Tensor out = TensorAccess.empty(x.dtype(), r.outShape());
    try {
      Kernels.shape().sum(TensorAccess.data(x), shape, r.axes(), TensorAccess.data(out));
    } catch (ArithmeticException e) {
      throw intOverflow(
          op,
          "summing an INT32 tensor of shape "
              + Arrays.toString(shape)
              + " over axes "
              + Arrays.toString(r.axes()),
          e);
    }
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] shape = ctx.inputShape(0);
    Reduction r = Reduction.of(op, shape, axes, keepDims);
    return new Tensor[] {grad.reshape(r.keptShape()).broadcastTo(shape)};
  }

  /** The kernel's INT32 overflow, rethrown naming the op the user called and what it was given. */
  static ArithmeticException intOverflow(String op, String what, ArithmeticException e) {
    ArithmeticException named =
        new ArithmeticException(
            op
                + ": "
                + what
                + ": "
                + e.getMessage()
                + "; convert it first (x.to(DType.FLOAT64)) for a wider result");
    named.initCause(e);
    return named;
  }
}
