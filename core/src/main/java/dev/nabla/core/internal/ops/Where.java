package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * {@code torch.where(cond, a, b)}: {@code a} where the BOOL {@code cond} holds, {@code b}
 * elsewhere, the three broadcast together; {@code a} and {@code b} have one dtype (any), which the
 * output has. The gradient goes to {@code a} where {@code cond} holds and to {@code b} elsewhere,
 * each summed back to its input's shape.
 */
public final class Where extends Op {

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor cond = in[0], a = in[1], b = in[2];
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: cond must be BOOL, got "
              + cond.dtype()
              + " (make one with a comparison such as x.gt(0), or x.to(DType.BOOL))");
    }
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "where: a and b must have one dtype, got " + a.dtype() + " and " + b.dtype());
    }
    int[] cs = cond.shape(), as = a.shape(), bs = b.shape();
    int[] os = Shapes.result("where", broadcast3(cs, as, bs), cs, as, bs);
    Tensor out = TensorAccess.empty(a.dtype(), os);
    Kernels.elementwise()
        .select(
            (boolean[]) expanded(cond, os),
            expanded(a, os),
            expanded(b, os),
            TensorAccess.data(out),
            0,
            out.size());
    ctx.save(cond);
    return out;
  }

  /** The broadcast shape of the three, naming all three when they do not broadcast. */
  private static int[] broadcast3(int[] cs, int[] as, int[] bs) {
    try {
      return Shapes.broadcast("where", Shapes.broadcast("where", cs, as), bs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "where: shapes cond "
              + Arrays.toString(cs)
              + ", a "
              + Arrays.toString(as)
              + " and b "
              + Arrays.toString(bs)
              + " do not broadcast together",
          e);
    }
  }

  /** {@code t}'s array repeated to {@code shape} (its own array when it already has that shape). */
  static Object expanded(Tensor t, int[] shape) {
    int[] from = t.shape();
    Object data = TensorAccess.data(t);
    if (Arrays.equals(from, shape)) {
      return data;
    }
    Object out = TensorAccess.newArray(t.dtype(), Shapes.size(shape));
    Kernels.shape().broadcastTo(data, from, out, shape);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor cond = ctx.saved(0);
    Tensor zero = Tensor.zeros(grad.dtype());
    Tensor ga =
        ctx.needsInputGrad(1) ? Tensor.where(cond, grad, zero).sumTo(ctx.inputShape(1)) : null;
    Tensor gb =
        ctx.needsInputGrad(2) ? Tensor.where(cond, zero, grad).sumTo(ctx.inputShape(2)) : null;
    return new Tensor[] {null, ga, gb};
  }
}
