package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.LinalgKernels.SoftmaxKind;

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
    Tensor y = SoftmaxAxis.of("logSoftmax", in, axis).run(SoftmaxKind.LOG_SOFTMAX, in[0], null);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor y = ctx.saved(0);
    SoftmaxAxis s = SoftmaxAxis.of("logSoftmax", new Tensor[] {y}, axis);
    return new Tensor[] {s.run(SoftmaxKind.LOG_SOFTMAX_BACKWARD, y, grad)};
  }
}
