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
 * INT32 index of the first maximum along one axis, which is removed, as {@code numpy.argmax}: ties
 * go to the lowest index and a NaN counts as the maximum (the first NaN wins). Not differentiable:
 * its INT32 output never enters the graph.
 */
public final class Argmax extends Op {
  private final int axis;

  public Argmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] shape = x.shape();
    int a = Shapes.axis("argmax", axis, shape);
    int[] outShape = new int[shape.length - 1];
    int outer = 1, inner = 1;
    for (int i = 0, k = 0; i < shape.length; i++) {
      if (i < a) {
        outer *= shape[i];
      } else if (i > a) {
        inner *= shape[i];
      }
      if (i != a) {
        outShape[k++] = shape[i];
      }
    }
    Tensor out = TensorAccess.empty(DType.INT32, outShape);
    if (out.size() == 0) {
      return out;
    }
    if (shape[a] == 0) {
      throw new IllegalArgumentException(
          "argmax: axis "
              + axis
              + " of shape "
              + Arrays.toString(shape)
              + " is empty, so it has no maximum (expected size >= 1)");
    }
    Kernels.shape().argmax(TensorAccess.data(x), outer, shape[a], inner, TensorAccess.ints(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new IllegalStateException("argmax: not differentiable (its output is INT32)");
  }
}
