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
 * its INT32 output never enters the graph. With {@code min}, the first minimum ({@code
 * torch.argmin}; a NaN still wins).
 */
public final class Argmax extends Op {
  private final int axis;
  private final boolean min;

  public Argmax(int axis) {
    this(axis, false);
  }

  /** The first maximum along {@code axis}, or with {@code min} the first minimum. */
  public Argmax(int axis, boolean min) {
    this.axis = axis;
    this.min = min;
  }

  @Override
  public String name() {
    return min ? "Argmin" : "Argmax";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] shape = x.shape();
    String op = min ? "argmin" : "argmax";
    if (x.dtype() == dev.nabla.core.DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": expected a FLOAT32, FLOAT64, INT32 or INT64 tensor, got BOOL (convert with"
              + " to(DType.INT32), or use logicalOr/logicalAnd)");
    }
    int a = Shapes.axis(op, axis, shape);
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
          op
              + ": axis "
              + axis
              + " of shape "
              + Arrays.toString(shape)
              + " is empty, so it has no "
              + (min ? "minimum" : "maximum")
              + " (expected size >= 1)");
    }
    Kernels.shape()
        .argExtremum(min, TensorAccess.data(x), outer, shape[a], inner, TensorAccess.ints(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new IllegalStateException(
        (min ? "argmin" : "argmax") + ": not differentiable (its output is INT32)");
  }
}
