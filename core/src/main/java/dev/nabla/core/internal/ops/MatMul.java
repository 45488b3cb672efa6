package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/** STUB: to be implemented. */
public final class MatMul extends Op {
  public MatMul() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    throw new UnsupportedOperationException("MatMul: STUB");
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new UnsupportedOperationException("MatMul: STUB");
  }
}
