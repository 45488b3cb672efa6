package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/** STUB: to be implemented. */
public final class Conv2d extends Op {
  public Conv2d(int stride, int padding) {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    throw new UnsupportedOperationException("Conv2d: STUB");
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new UnsupportedOperationException("Conv2d: STUB");
  }
}
