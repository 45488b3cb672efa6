package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;

/** Elementwise {@code a + b}, broadcasting; FLOAT32, FLOAT64 and INT32. */
public final class Add extends Op {
  public Add() {}

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    return Elementwise.binary("add", Binary.ADD, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    // The engine never writes a gradient it is handed (a leaf copies its first one), so both
    // inputs may share one gradient tensor.
    return new Tensor[] {grad, grad};
  }
}
