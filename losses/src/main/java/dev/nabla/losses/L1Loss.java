package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.AbsoluteErrorOp;
import dev.nabla.losses.internal.LossChecks;

/**
 * Mean absolute error, as {@code torch.nn.L1Loss}: the elementwise {@code |input - target|},
 * reduced. Its gradient is {@code sign(input - target)}, 0 where they are equal. The target has the
 * input's shape and dtype; both are differentiable.
 */
public final class L1Loss implements Loss {
  private final Reduction reduction;

  /** Mean over all elements. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public L1Loss(Reduction reduction) {
    this.reduction = LossChecks.reduction("L1Loss", reduction);
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.sameShapeAndDType("L1Loss", input, target);
    return new AbsoluteErrorOp(reduction).apply(input, target);
  }

  @Override
  public String toString() {
    return "L1Loss(reduction=" + reduction + ")";
  }
}
