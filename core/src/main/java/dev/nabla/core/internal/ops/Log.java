package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/** STUB: to be implemented. */
public final class Log extends Op {
  public Log() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    throw new UnsupportedOperationException("Log: STUB");
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new UnsupportedOperationException("Log: STUB");
  }
}
