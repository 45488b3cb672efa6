package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/** STUB: to be implemented. */
public final class AvgPool2d extends Op {
  public AvgPool2d(int kernel, int stride, int padding) {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    throw new UnsupportedOperationException("AvgPool2d: STUB");
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new UnsupportedOperationException("AvgPool2d: STUB");
  }
}
