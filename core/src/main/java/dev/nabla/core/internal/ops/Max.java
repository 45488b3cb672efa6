package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Maximum over some axes, which are removed or, with {@code keepDims}, kept as size 1; the axes
 * follow {@link Sum}'s rules (null: all, empty: none). FLOAT32, FLOAT64 and INT32 (not
 * differentiable). A NaN in a reduced group makes its maximum NaN, as {@code numpy.max}. The
 * maximum over no elements is undefined and an error.
 *
 * <p>Gradient: each output gradient goes to the elements equal to the maximum, split evenly among
 * ties (two equal maxima get half each), as PyTorch's {@code amax}. A NaN maximum sends its
 * gradient to the NaN elements.
 */
public final class Max extends Op {
  private final int[] axes;
  private final boolean keepDims;
  private final boolean min;

  /** Maximum over {@code axes} (negative counts from the last; null for all). */
  public Max(int[] axes, boolean keepDims) {
    this(axes, keepDims, false);
  }

  /**
   * Maximum, or with {@code min} minimum ({@code torch.amin}), over {@code axes}: the same rules,
   * NaN propagation and tie-splitting gradient, with the comparison turned round.
   */
  public Max(int[] axes, boolean keepDims, boolean min) {
    this.axes = axes == null ? null : axes.clone();
    this.keepDims = keepDims;
    this.min = min;
  }

  @Override
  public String name() {
    return min ? "Min" : "Max";
  }

  private String op() {
    return min ? "min" : "max";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    if (x.dtype() == dev.nabla.core.DType.BOOL) {
      throw new IllegalArgumentException(
          op()
              + ": expected a FLOAT32, FLOAT64, INT32 or INT64 tensor, got BOOL (convert with"
              + " to(DType.INT32), or use logicalOr/logicalAnd)");
    }
    int[] shape = x.shape();
    Reduction r = Reduction.of(op(), shape, axes, keepDims);
    Tensor out = TensorAccess.empty(x.dtype(), r.outShape());
    if (r.reducedCount() == 0 && out.size() > 0) {
      throw new IllegalArgumentException(
          op()
              + ": cannot take the "
              + (min ? "minimum" : "maximum")
              + " over no elements: axes "
              + Arrays.toString(r.axes())
              + " of shape "
              + Arrays.toString(shape)
              + " are empty (expected a non-empty reduction)");
    }
    Kernels.shape().extremum(min, TensorAccess.data(x), shape, r.axes(), TensorAccess.data(out));
    ctx.save(x, out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor max = ctx.saved(1);
    int[] shape = x.shape();
    Reduction r = Reduction.of(op(), shape, axes, keepDims);
    Tensor dx = TensorAccess.empty(x.dtype(), shape);
    Kernels.shape()
        .maxBackward(
            TensorAccess.data(x),
            shape,
            r.axes(),
            TensorAccess.data(max),
            TensorAccess.data(grad),
            TensorAccess.data(dx));
    return new Tensor[] {dx};
  }
}
