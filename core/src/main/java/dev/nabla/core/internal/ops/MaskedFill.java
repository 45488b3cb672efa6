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
 * {@code torch.Tensor.masked_fill(mask, value)}: the input with {@code value} (converted to its
 * dtype as {@link Tensor#full} converts) wherever the BOOL {@code mask}, broadcast to the input's
 * shape, holds. The gradient is the output gradient with zeros where the mask holds.
 */
public final class MaskedFill extends Op {
  private final double value;

  public MaskedFill(double value) {
    this.value = value;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0], mask = in[1];
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "maskedFill: mask must be BOOL, got "
              + mask.dtype()
              + " (make one with a comparison such as x.eq(0), or m.to(DType.BOOL))");
    }
    int[] xs = x.shape(), ms = mask.shape();
    if (!Shapes.broadcastsTo(ms, xs)) {
      throw new IllegalArgumentException(
          "maskedFill: mask of shape "
              + Arrays.toString(ms)
              + " does not broadcast to the input's shape "
              + Arrays.toString(xs));
    }
    Tensor filler = Tensor.full(x.dtype(), value, xs);
    Tensor out = TensorAccess.empty(x.dtype(), xs);
    Kernels.elementwise()
        .select(
            (boolean[]) Where.expanded(mask, xs),
            TensorAccess.data(filler),
            TensorAccess.data(x),
            TensorAccess.data(out),
            0,
            out.size());
    ctx.save(mask);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.maskedFill(ctx.saved(0), 0), null};
  }
}
