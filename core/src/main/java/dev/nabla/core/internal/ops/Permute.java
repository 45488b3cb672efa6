package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Reorders the axes: output axis {@code i} is input axis {@code axes[i]}, as {@code
 * numpy.transpose(x, axes)}. {@code axes} must be a permutation of {@code 0..rank-1} (negative axes
 * count from the last). The gradient is permuted back by the inverse permutation.
 */
public final class Permute extends Op {
  private final int[] axes;

  public Permute(int[] axes) {
    if (axes == null) {
      throw new IllegalArgumentException("permute: axes must not be null");
    }
    this.axes = axes.clone();
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] shape = x.shape();
    int[] p = normalise(shape);
    int[] outShape = new int[shape.length];
    for (int i = 0; i < p.length; i++) {
      outShape[i] = shape[p[i]];
    }
    Tensor out = TensorAccess.empty(x.dtype(), outShape);
    Kernels.shape().permute(TensorAccess.data(x), shape, p, TensorAccess.data(out));
    return out;
  }

  /** The axes as a permutation of 0..rank-1, or an error naming what is wrong with them. */
  private int[] normalise(int[] shape) {
    int rank = shape.length;
    if (axes.length != rank) {
      throw new IllegalArgumentException(
          "permute: expected "
              + rank
              + " axes (a permutation of 0.."
              + (rank - 1)
              + ") for shape "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(axes));
    }
    int[] p = new int[rank];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank) {
        throw new IllegalArgumentException(
            "permute: axis "
                + axes[i]
                + " in "
                + Arrays.toString(axes)
                + " is out of range for shape "
                + Arrays.toString(shape)
                + " (expected -"
                + rank
                + " to "
                + (rank - 1)
                + ")");
      }
      if (seen[a]) {
        throw new IllegalArgumentException(
            "permute: axis "
                + axes[i]
                + " is repeated in "
                + Arrays.toString(axes)
                + " (expected a permutation of 0.."
                + (rank - 1)
                + ")");
      }
      seen[a] = true;
      p[i] = a;
    }
    return p;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] p = normalise(ctx.inputShape(0));
    int[] inverse = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      inverse[p[i]] = i;
    }
    return new Tensor[] {grad.permute(inverse)};
  }
}
