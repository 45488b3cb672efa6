package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;
import dev.nabla.core.internal.shared.OpArguments;

/**
 * Max pooling over NCHW input with a square window, as {@code torch.nn.functional.max_pool2d} in
 * floor mode: padding counts as -infinity, {@code padding <= kernel / 2}. The gradient of each
 * output flows to the first maximum of its window, whose index forward saves.
 */
public final class MaxPool2d extends Op {
  private final int kernel;
  private final int stride;
  private final int padding;

  public MaxPool2d(int kernel, int stride, int padding) {
    OpArguments.pool2d("maxPool2d", kernel, stride, padding);
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Pool2dGeometry g = Pooling.geometry("maxPool2d", in, kernel, stride, padding);
    Tensor x = in[0];
    int[] outShape = Pooling.outShape("maxPool2d", x.shape(), g);
    Tensor y = TensorAccess.empty(x.dtype(), outShape);
    Tensor argmax = TensorAccess.empty(DType.INT32, outShape);
    Kernels.linalg()
        .maxPool2d(g, TensorAccess.data(x), TensorAccess.data(y), TensorAccess.ints(argmax));
    ctx.save(argmax);
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] argmax = TensorAccess.ints(ctx.saved(0));
    Tensor gx = TensorAccess.empty(grad.dtype(), ctx.inputShape(0));
    Kernels.linalg().maxPool2dBackward(TensorAccess.data(grad), argmax, TensorAccess.data(gx));
    return new Tensor[] {gx};
  }
}
