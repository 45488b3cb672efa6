package dev.nabla.losses.internal;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.losses.Reduction;

/**
 * A fused loss computed element by element from an input and a target of one shape and dtype, then
 * reduced: forward is one pass producing the per-element losses, backward one pass producing the
 * derivatives with respect to the input and the target, each scaled by the output's gradient. A
 * subclass writes only the two loops of its formula, in double (see {@link Doubles}).
 *
 * <p>Applied to {@code (input, target)}, already checked by the loss that creates the op. The output
 * has the input's shape for {@link Reduction#NONE}, else it is a 0-d tensor.
 */
public abstract class ElementwiseLossOp extends Op {
  private final String name;
  private final Reduction reduction;

  protected ElementwiseLossOp(String name, Reduction reduction) {
    this.name = name;
    this.reduction = reduction;
  }

  @Override
  public String name() {
    return name;
  }

  /** {@code out[i] = loss(x[i], y[i])} for every {@code i < x.length}. */
  protected abstract void losses(double[] x, double[] y, double[] out);

  /**
   * {@code dx[i] = d loss(x[i], y[i]) / d x[i]} and {@code dy[i] = d loss / d y[i]}; either array is
   * null when that gradient is not needed (they are never both null).
   */
  protected abstract void derivatives(double[] x, double[] y, double[] dx, double[] dy);

  @Override
  protected final Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor y = in[1];
    ctx.save(x, y);
    Doubles.Out out = Doubles.Out.zeros(x.dtype(), x.shape());
    losses(Doubles.read(x), Doubles.read(y), out.values);
    return switch (reduction) {
      case NONE -> out.finish();
      case SUM -> Doubles.scalar(x.dtype(), Doubles.sum(out.values));
      // An empty input has a NaN mean (0 / 0), as in PyTorch.
      case MEAN -> Doubles.scalar(x.dtype(), Doubles.sum(out.values) / out.values.length);
    };
  }

  @Override
  protected final Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor y = ctx.saved(1);
    Doubles.Out dx = ctx.needsInputGrad(0) ? Doubles.Out.zeros(x.dtype(), x.shape()) : null;
    Doubles.Out dy = ctx.needsInputGrad(1) ? Doubles.Out.zeros(y.dtype(), y.shape()) : null;
    if (dx == null && dy == null) {
      return new Tensor[] {null, null};
    }
    derivatives(Doubles.read(x), Doubles.read(y), dx == null ? null : dx.values,
        dy == null ? null : dy.values);
    Doubles.Out[] outs = {dx, dy};
    Tensor[] grads = new Tensor[2];
    double[] g = reduction == Reduction.NONE ? Doubles.read(grad) : null;
    double c = switch (reduction) {
      case NONE -> 1;
      case SUM -> grad.item();
      case MEAN -> grad.item() / x.size();
    };
    for (int i = 0; i < 2; i++) {
      if (outs[i] != null) {
        if (g != null) {
          outs[i].scale(g);
        } else {
          outs[i].scale(c);
        }
        grads[i] = outs[i].finish();
      }
    }
    return grads;
  }
}
