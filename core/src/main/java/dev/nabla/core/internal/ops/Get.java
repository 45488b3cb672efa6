package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import java.util.Arrays;

/**
 * {@code x[i, j]} in PyTorch: the sub-tensor at the given leading indices (negative counting from
 * the end), of the shape of the remaining axes. In row-major order it is one contiguous block, so
 * the forward pass is one copy; the gradient is that block of zeros elsewhere.
 */
public final class Get extends Op {
  private final int[] index;

  public Get(int[] index) {
    if (index == null) {
      throw new IllegalArgumentException("get: index must not be null");
    }
    this.index = index.clone();
  }

  /**
   * The row-major offset of the block at {@code index} (at most {@code shape.length} leading
   * indices, each in {@code [-n, n)} of its axis, negative counting from the end); {@code op} names
   * the method in the messages.
   */
  public static int offset(String op, int[] shape, int[] index) {
    if (index.length > shape.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + index.length
              + (index.length == 1 ? " index" : " indices")
              + " "
              + Arrays.toString(index)
              + " for a tensor of shape "
              + Arrays.toString(shape)
              + " (expected at most "
              + shape.length
              + ")");
    }
    int[] strides = Shapes.strides(shape);
    int off = 0;
    for (int k = 0; k < index.length; k++) {
      int n = shape[k], i = index[k];
      if (i < -n || i >= n) {
        throw new IllegalArgumentException(
            op
                + ": index "
                + i
                + " is out of range for axis "
                + k
                + " of shape "
                + Arrays.toString(shape)
                + " (index "
                + Arrays.toString(index)
                + "; "
                + (n == 0 ? "the axis is empty" : "expected " + -n + " to " + (n - 1))
                + ")");
      }
      off += (i < 0 ? i + n : i) * strides[k];
    }
    return off;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] xs = x.shape();
    int off = offset("get", xs, index);
    int[] os = Arrays.copyOfRange(xs, index.length, xs.length);
    Tensor out = TensorAccess.empty(x.dtype(), os);
    System.arraycopy(TensorAccess.data(x), off, TensorAccess.data(out), 0, out.size());
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] xs = ctx.inputShape(0);
    Tensor dx = TensorAccess.empty(grad.dtype(), xs);
    System.arraycopy(
        TensorAccess.data(grad), 0, TensorAccess.data(dx), offset("get", xs, index), grad.size());
    return new Tensor[] {dx};
  }
}
