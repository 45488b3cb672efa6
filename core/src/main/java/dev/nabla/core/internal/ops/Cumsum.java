package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
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
    Tensor x = in[0];
    Elementwise.requireFloating("cumsum", x);
    return scan(x, false);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {scan(grad, true)};
  }

  private Tensor scan(Tensor x, boolean reverse) {
    int[] shape = x.shape();
    int[] dims = shape.length == 0 ? new int[] {1} : shape;
    int a = Shapes.axis("cumsum", axis, dims.length, shape);
    int outer = 1, inner = 1;
    for (int i = 0; i < dims.length; i++) {
      if (i < a) {
        outer *= dims[i];
      } else if (i > a) {
        inner *= dims[i];
      }
    }
    Tensor out = TensorAccess.empty(x.dtype(), shape);
    Kernels.shape()
        .cumsum(TensorAccess.data(x), TensorAccess.data(out), outer, dims[a], inner, reverse);
    return out;
  }
}
