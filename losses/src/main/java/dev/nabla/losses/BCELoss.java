package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.BinaryCrossEntropyOp;
import dev.nabla.losses.internal.LossChecks;

/**
 * Binary cross-entropy of probabilities, as {@code torch.nn.BCELoss}: the elementwise {@code
 * -(target log(input) + (1 - target) log(1 - input))}, reduced. As in PyTorch each logarithm is
 * clamped to at least -100, so probabilities of exactly 0 and 1 give a finite loss and gradient.
 *
 * <p>Input and target have one shape and dtype, with values in [0, 1] (checked: a value outside,
 * typically a logit passed by mistake, fails with its position). Both are differentiable. On
 * logits, {@link BCEWithLogitsLoss} is the numerically better choice.
 */
public final class BCELoss implements Loss {
  private final Reduction reduction;

  /** Mean over all elements. */
  public BCELoss() {
    this(Reduction.MEAN);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public BCELoss(Reduction reduction) {
    this.reduction = LossChecks.reduction("BCELoss", reduction);
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.sameShapeAndDType("BCELoss", input, target);
    LossChecks.inUnitInterval(
        "BCELoss",
        "input",
        input,
        "probabilities (apply sigmoid first, or use BCEWithLogitsLoss on logits)");
    LossChecks.inUnitInterval("BCELoss", "target", target, "probabilities or 0/1 labels");
    return new BinaryCrossEntropyOp(reduction).apply(input, target);
  }

  @Override
  public String toString() {
    return "BCELoss(reduction=" + reduction + ")";
  }
}
