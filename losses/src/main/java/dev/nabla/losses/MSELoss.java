package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.LossChecks;
import dev.nabla.losses.internal.SquaredErrorOp;

/**
 * Mean squared error, as {@code torch.nn.MSELoss}: the elementwise {@code (input - target)^2},
 * reduced. With the default {@link Reduction#MEAN} it is {@code np.mean(np.power(y_true - y_pred,
 * 2))}.
 *
 * <p>The target has the input's shape and dtype (no broadcasting: a target {@code [N]} against an
 * output {@code [N, 1]} is rejected rather than silently broadcast to {@code [N, N]}). Both are
 * differentiable. One fused op: one pass forward, one backward.
 */
public final class MSELoss implements Loss {
  private final Reduction reduction;

  /** Mean over all elements. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public MSELoss(Reduction reduction) {
    this.reduction = LossChecks.reduction("MSELoss", reduction);
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.sameShapeAndDType("MSELoss", input, target);
    return new SquaredErrorOp(reduction).apply(input, target);
  }

  @Override
  public String toString() {
    return "MSELoss(reduction=" + reduction + ")";
  }
}
