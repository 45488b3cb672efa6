package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * {@code torch.cumsum} along one axis, FLOAT32 (accumulated in double) and FLOAT64. A 0-d tensor is
 * its own cumulative sum (axis 0 or -1, as PyTorch). Output k depends on inputs 0..k, so the
 * gradient of input j is the sum of the output gradients j..n-1: the reversed cumulative sum.
 */
public final class Cumsum extends Op {
  private final int axis;

  public Cumsum(int axis) {
    this.axis = axis;
  }

  @Override
  public String name() {
    return "cumsum";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    return scan(in, false);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {scan(new Tensor[] {grad}, true)};
  }

  private Tensor scan(Tensor[] in, boolean reverse) {
    SoftmaxAxis v = SoftmaxAxis.of("cumsum", in, axis);
    Tensor x = in[0];
    Tensor out = TensorAccess.empty(x.dtype(), x.shape());
    Kernels.shape()
        .cumsum(TensorAccess.data(x), TensorAccess.data(out), v.outer(), v.n(), v.inner(), reverse);
    return out;
  }
}
