package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;

/** Elementwise {@code -x}; FLOAT32, FLOAT64 and INT32. */
public final class Neg extends Op {
  public Neg() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    return Elementwise.unary("neg", Unary.NEG, in[0]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.neg()};
  }
}
