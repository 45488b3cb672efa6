package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * {@code log(softmax(x))} along one axis, computed stably as {@code x - max - log(sum(exp(x -
 * max)))}, so it stays finite where softmax underflows to 0. Backward needs only the output: {@code
 * dx = g - exp(y)·sum(g)}.
 */
public final class LogSoftmax extends Op {
  private final int axis;

  public LogSoftmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    SoftmaxAxis s = SoftmaxAxis.of("logSoftmax", in, axis);
    Tensor y = TensorAccess.empty(in[0].dtype(), in[0].shape());
    Kernels.linalg()
        .logSoftmax(TensorAccess.data(in[0]), TensorAccess.data(y), s.outer(), s.n(), s.inner());
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor y = ctx.saved(0);
    SoftmaxAxis s = SoftmaxAxis.of("logSoftmax", new Tensor[] {y}, axis);
    Tensor dx = TensorAccess.empty(y.dtype(), y.shape());
    Object yd = TensorAccess.data(y), gd = TensorAccess.data(grad);
    Kernels.linalg().logSoftmaxBackward(yd, gd, TensorAccess.data(dx), s.outer(), s.n(), s.inner());
    return new Tensor[] {dx};
  }
}
