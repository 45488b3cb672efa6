package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;
import dev.nabla.core.internal.shared.OpArguments;

/**
 * Average pooling over NCHW input with a square window, as {@code torch.nn.functional.avg_pool2d}
 * in floor mode with {@code count_include_pad=True}: padded zeros count, so every window divides by
 * k²; {@code padding <= kernel / 2}. Backward spreads each output gradient, divided by k², over its
 * window.
 */
public final class AvgPool2d extends Op {
  private final int kernel;
  private final int stride;
  private final int padding;

  public AvgPool2d(int kernel, int stride, int padding) {
    OpArguments.pool2d("avgPool2d", kernel, stride, padding);
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Pool2dGeometry g = Pooling.geometry("avgPool2d", in, kernel, stride, padding);
    Tensor x = in[0];
    Tensor y = TensorAccess.empty(x.dtype(), Pooling.outShape("avgPool2d", x.shape(), g));
    Kernels.linalg().avgPool2d(g, TensorAccess.data(x), TensorAccess.data(y));
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] shape = ctx.inputShape(0);
    Pool2dGeometry g =
        new Pool2dGeometry(shape[0] * shape[1], shape[2], shape[3], kernel, stride, padding);
    Tensor gx = TensorAccess.empty(grad.dtype(), shape);
    Kernels.linalg().avgPool2dBackward(g, TensorAccess.data(grad), TensorAccess.data(gx));
    return new Tensor[] {gx};
  }
}
