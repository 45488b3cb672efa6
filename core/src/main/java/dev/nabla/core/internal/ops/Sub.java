package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/** Elementwise {@code a - b}, broadcasting; FLOAT32, FLOAT64 and INT32. */
public final class Sub extends Op {
  public Sub() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    return Elementwise.binary("sub", Binary.SUB, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad, ctx.needsInputGrad(1) ? grad.neg() : null};
  }
}
