package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * {@code torch.triu} ({@code upper}) and {@code torch.tril} over the last two dimensions, the
 * dimensions before them a batch: element (i, j) is kept where {@code j - i >= diagonal} (upper) or
 * {@code j - i <= diagonal} (lower) and set to 0 elsewhere, whatever it held (NaN too, unlike a
 * multiplication by a mask). Any dtype. The gradient is the output gradient with the same triangle
 * kept.
 */
public final class Triangle extends Op {
  private final boolean upper;
  private final int diagonal;

  /** The upper ({@code triu}) or lower ({@code tril}) triangle from {@code diagonal} on. */
  public Triangle(boolean upper, int diagonal) {
    this.upper = upper;
    this.diagonal = diagonal;
  }

  @Override
  public String name() {
    return upper ? "triu" : "tril";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] shape = x.shape();
    int rank = shape.length;
    if (rank < 2) {
      throw new IllegalArgumentException(
          name()
              + ": expected a tensor of rank >= 2 (a matrix or a batch of them), got shape "
              + Arrays.toString(shape));
    }
    Tensor out = TensorAccess.empty(x.dtype(), shape);
    int rows = shape[rank - 2], cols = shape[rank - 1];
    int batch = rows * cols == 0 ? 0 : x.size() / (rows * cols);
    Kernels.shape()
        .triangle(TensorAccess.data(x), batch, rows, cols, diagonal, upper, TensorAccess.data(out));
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {new Triangle(upper, diagonal).apply(grad)};
  }
}
