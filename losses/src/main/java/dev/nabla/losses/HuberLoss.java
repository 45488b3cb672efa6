package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.HuberOp;
import dev.nabla.losses.internal.LossChecks;

/**
 * Huber loss, as {@code torch.nn.HuberLoss}: with {@code d = input - target}, the elementwise
 * {@code 0.5 d^2} where {@code |d| < delta} and {@code delta (|d| - 0.5 delta)} elsewhere, reduced:
 * quadratic near the target, linear (so robust to outliers) beyond {@code delta}. The target has
 * the input's shape and dtype; both are differentiable.
 */
public final class HuberLoss implements Loss {
  private final Reduction reduction;
  private final double delta;

  /** Mean over all elements, {@code delta = 1}. */
  public HuberLoss() {
    this(Reduction.MEAN, 1.0);
  }

  /** Mean over all elements. */
  public HuberLoss(double delta) {
    this(Reduction.MEAN, delta);
  }

  /** {@code delta}, where the loss turns from quadratic to linear, must be positive and finite. */
  public HuberLoss(Reduction reduction, double delta) {
    this.reduction = LossChecks.reduction("HuberLoss", reduction);
    if (!(delta > 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException(
          "HuberLoss: delta must be positive and finite, got " + delta);
    }
    this.delta = delta;
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  /** Where the loss turns from quadratic to linear. */
  public double delta() {
    return delta;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.sameShapeAndDType("HuberLoss", input, target);
    return new HuberOp(reduction, delta).apply(input, target);
  }

  @Override
  public String toString() {
    return "HuberLoss(reduction=" + reduction + ", delta=" + delta + ")";
  }
}
