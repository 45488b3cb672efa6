package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/** STUB: to be implemented. */
public final class Slice extends Op {
  public Slice(int axis, int start, int end, int step) {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    throw new UnsupportedOperationException("Slice: STUB");
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new UnsupportedOperationException("Slice: STUB");
  }
}
