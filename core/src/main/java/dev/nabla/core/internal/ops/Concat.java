package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Joins one or more tensors along an existing axis, as {@code numpy.concatenate}: they must have
 * one rank, one dtype, and equal sizes on every other axis. Each input's gradient is its slice of
 * the output gradient.
 */
public final class Concat extends Op {
  private final String op;
  private final int axis;

  public Concat(int axis) {
    this("concat", axis);
  }

  /** Concatenation on behalf of {@code op} ({@code "stack"}), which its messages name. */
  public Concat(String op, int axis) {
    this.op = op;
    this.axis = axis;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    if (in.length == 0) {
      throw new IllegalArgumentException(op + ": expected at least one tensor, got none");
    }
    int[] first = in[0].shape();
    int a = Shapes.axis(op, axis, first);
    int[] lengths = new int[in.length];
    Object[] srcs = new Object[in.length];
    long total = 0;
    for (int j = 0; j < in.length; j++) {
      int[] s = in[j].shape();
      if (in[j].dtype() != in[0].dtype()) {
        throw new IllegalArgumentException(
            op
                + ": dtype mismatch: tensor "
                + j
                + " is "
                + in[j].dtype()
                + ", tensor 0 is "
                + in[0].dtype());
      }
      if (s.length != first.length) {
        throw new IllegalArgumentException(
            op
                + ": tensor "
                + j
                + " has shape "
                + Arrays.toString(s)
                + " of rank "
                + s.length
                + ", tensor 0 has shape "
                + Arrays.toString(first)
                + " of rank "
                + first.length
                + " (expected one rank)");
      }
      for (int d = 0; d < s.length; d++) {
        if (d != a && s[d] != first[d]) {
          throw new IllegalArgumentException(
              op
                  + ": tensor "
                  + j
                  + " has shape "
                  + Arrays.toString(s)
                  + ", tensor 0 has shape "
                  + Arrays.toString(first)
                  + ": sizes differ on axis "
                  + d
                  + " (expected equal sizes except on the concatenation axis "
                  + a
                  + ")");
        }
      }
      lengths[j] = s[a];
      total += s[a];
      srcs[j] = TensorAccess.data(in[j]);
    }
    int[][] shapes = new int[in.length][];
    for (int j = 0; j < in.length; j++) {
      shapes[j] = in[j].shape();
    }
    if (total > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          op
              + ": the result for "
              + in.length
              + " tensors (the first of shape "
              + Arrays.toString(first)
              + ") would have "
              + total
              + " entries on axis "
              + a
              + ", more than 2^31-1");
    }
    int[] outShape = first.clone();
    outShape[a] = (int) total;
    Shapes.result(op, outShape, shapes);
    int outer = 1, inner = 1;
    for (int d = 0; d < a; d++) {
      outer *= first[d];
    }
    for (int d = a + 1; d < first.length; d++) {
      inner *= first[d];
    }
    Tensor out = TensorAccess.empty(in[0].dtype(), outShape);
    Kernels.shape().concat(srcs, lengths, outer, inner, TensorAccess.data(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int a = Shapes.axis(op, axis, grad.shape());
    Tensor[] grads = new Tensor[ctx.inputCount()];
    for (int j = 0, at = 0; j < grads.length; j++) {
      int len = ctx.inputShape(j)[a];
      if (ctx.needsInputGrad(j)) {
        grads[j] = grad.slice(a, at, at + len);
      }
      at += len;
    }
    return grads;
  }
}
