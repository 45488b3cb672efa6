package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/**
 * Elementwise maximum, broadcasting, propagating NaN as {@code numpy.maximum}; FLOAT32, FLOAT64 and
 * INT32. The gradient goes to the larger input, half to each where they are equal.
 */
public final class Maximum extends Op {
  public Maximum() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return Elementwise.binary("maximum", Binary.MAX, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return Elementwise.extremumBackward(true, ctx.saved(0), ctx.saved(1), grad);
  }
}
