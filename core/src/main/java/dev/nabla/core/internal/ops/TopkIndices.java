package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * The INT32 indices of {@code torch.topk}: the positions along one axis of the k largest (or
 * smallest) elements, in order, ties lowest position first, NaN above every number. The axis keeps
 * its place with size k. FLOAT32 and FLOAT64. Not differentiable: {@code Tensor.topk} gathers the
 * values with these indices, and the gather carries the gradient. A 0-d tensor is treated as having
 * one axis of size 1 (k may be 0 or 1 and the result is 0-d, as PyTorch).
 */
public final class TopkIndices extends Op {
  private final int k;
  private final int axis;
  private final boolean largest;

  public TopkIndices(int k, int axis, boolean largest) {
    this.k = k;
    this.axis = axis;
    this.largest = largest;
  }

  @Override
  public String name() {
    return "topk";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    SoftmaxAxis v = SoftmaxAxis.of("topk", in, axis);
    int[] shape = in[0].shape();
    if (k < 0 || k > v.n()) {
      throw new IllegalArgumentException(
          "topk: k = "
              + k
              + " is out of range for axis "
              + axis
              + " of size "
              + v.n()
              + " in shape "
              + Arrays.toString(shape)
              + " (expected 0 <= k <= "
              + v.n()
              + ")");
    }
    if (shape.length == 0) {
      return Tensor.scalar(DType.INT32, 0);
    }
    int[] outShape = shape.clone();
    outShape[Shapes.axis("topk", axis, shape)] = k;
    Tensor out = TensorAccess.empty(DType.INT32, outShape);
    Kernels.shape()
        .topk(
            TensorAccess.data(in[0]),
            v.outer(),
            v.n(),
            v.inner(),
            k,
            largest,
            TensorAccess.ints(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new IllegalStateException("topk: the indices are not differentiable (INT32)");
  }
}
