package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.LinalgKernels.SoftmaxKind;

/**
 * {@code exp(x) / sum(exp(x))} along one axis, computed stably as {@code exp(x - max) / sum(...)}.
 * Backward needs only the output: {@code dx = y·(g - sum(g·y))}.
 */
public final class Softmax extends Op {
  private final int axis;

  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor y = SoftmaxAxis.of("softmax", in, axis).run(SoftmaxKind.SOFTMAX, in[0], null);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor y = ctx.saved(0);
    SoftmaxAxis s = SoftmaxAxis.of("softmax", new Tensor[] {y}, axis);
    return new Tensor[] {s.run(SoftmaxKind.SOFTMAX_BACKWARD, y, grad)};
  }
}
