package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.ElementwiseKernels;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.ops.Into.OutCheck;
import java.util.Arrays;

/**
 * Validation and kernel dispatch shared by the elementwise ops. {@code op} is the name the user
 * called ({@code "add"}, {@code "exp"}), so that error messages point at their call.
 */
final class Elementwise {
  private Elementwise() {}

  /** Both operands must have one dtype: no implicit promotion. */
  static void requireSameDType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          op + ": dtype mismatch: " + a.dtype() + " and " + b.dtype());
    }
  }

  /** The operand must be FLOAT32 or FLOAT64. */
  static void requireFloating(String op, Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a FLOAT32 or FLOAT64 tensor, got " + x.dtype());
    }
  }

  /** {@code a op b}, broadcasting, in the operands' dtype. */
  static Tensor binary(String op, Binary kind, Tensor a, Tensor b) {
    return binaryInto(op, kind, a, b, null);
  }

  /**
   * {@code a op b}, broadcasting, written into the tensor {@code out} vets for the broadcast shape
   * and the operands' dtype (it may be {@code a} or {@code b}), or into a new tensor when {@code
   * out} is null; returns the result.
   */
  static Tensor binaryInto(String op, Binary kind, Tensor a, Tensor b, OutCheck out) {
    requireSameDType(op, a, b);
    if (a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": expected FLOAT32, FLOAT64, INT32 or INT64 tensors, got BOOL "
              + "(use logicalAnd/logicalOr, or convert with to(dtype))");
    }
    if (a.dtype().isInteger() && !kind.supportsInt()) {
      throw new IllegalArgumentException(
          op
              + ": expected FLOAT32 or FLOAT64 tensors, got "
              + a.dtype()
              + " (integer tensors support add, sub, mul, maximum and minimum)");
    }
    int[] as = a.shape();
    int[] bs = b.shape();
    int[] os = Shapes.broadcast(op, as, bs);
    Tensor o =
        out == null ? TensorAccess.emptyOverwritten(a.dtype(), os) : out.vet(op, a.dtype(), os);
    Kernels.elementwise()
        .binary(kind, TensorAccess.data(a), as, TensorAccess.data(b), bs, TensorAccess.data(o), os);
    return o;
  }

  /** BOOL {@code a op b}, broadcasting; BOOL operands compare as 0 and 1. */
  static Tensor compare(String op, Comparison kind, Tensor a, Tensor b) {
    requireSameDType(op, a, b);
    if (a.dtype() == DType.BOOL) {
      return compare(op, kind, a.to(DType.INT32), b.to(DType.INT32));
    }
    int[] as = a.shape();
    int[] bs = b.shape();
    int[] os = Shapes.broadcast(op, as, bs);
    Tensor out = TensorAccess.empty(DType.BOOL, os);
    boolean[] o = TensorAccess.bools(out);
    Kernels.elementwise().compare(kind, TensorAccess.data(a), as, TensorAccess.data(b), bs, o, os);
    return out;
  }

  /** {@code op(x)}, in x's dtype. */
  static Tensor unary(String op, Unary kind, Tensor x) {
    return unaryInto(op, kind, x, null);
  }

  /** {@code op(x)}, in x's dtype, into {@code out} as {@link #binaryInto} says. */
  static Tensor unaryInto(String op, Unary kind, Tensor x, OutCheck out) {
    if (!kind.supportsInt() || x.dtype() == DType.BOOL) {
      requireFloating(op, x);
    }
    int[] shape = x.shape();
    Tensor o =
        out == null
            ? TensorAccess.emptyOverwritten(x.dtype(), shape)
            : out.vet(op, x.dtype(), shape);
    int n = x.size();
    Kernels.elementwise().unary(kind, TensorAccess.data(x), TensorAccess.data(o), 0, n);
    return o;
  }

  /** The gradient of a unary op from {@code grad} and the saved input or output (same shape). */
  static Tensor unaryBackward(UnaryGrad kind, Tensor grad, Tensor saved) {
    Tensor out = TensorAccess.emptyOverwritten(grad.dtype(), grad.shape()); // written whole
    int n = grad.size();
    ElementwiseKernels k = Kernels.elementwise();
    k.unaryBackward(
        kind, TensorAccess.data(grad), TensorAccess.data(saved), TensorAccess.data(out), 0, n);
    return out;
  }

  /**
   * The gradients of {@code maximum(a, b)} ({@code max}) or {@code minimum(a, b)}: {@code grad}
   * goes to the input that was picked, half to each where they tie. Both have the output's shape;
   * the engine sums them back to the inputs' shapes.
   */
  static Tensor[] extremumBackward(boolean max, Tensor a, Tensor b, Tensor grad) {
    int[] os = grad.shape();
    Tensor a2 = Arrays.equals(a.shape(), os) ? a : a.broadcastTo(os);
    Tensor b2 = Arrays.equals(b.shape(), os) ? b : b.broadcastTo(os);
    Tensor ga = TensorAccess.empty(grad.dtype(), os);
    Tensor gb = TensorAccess.empty(grad.dtype(), os);
    int n = grad.size();
    ElementwiseKernels k = Kernels.elementwise();
    k.extremumBackward(
        max,
        TensorAccess.data(grad),
        TensorAccess.data(a2),
        TensorAccess.data(b2),
        TensorAccess.data(ga),
        TensorAccess.data(gb),
        0,
        n);
    return new Tensor[] {ga, gb};
  }
}
