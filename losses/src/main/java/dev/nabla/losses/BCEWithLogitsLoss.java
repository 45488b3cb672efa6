package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.BinaryCrossEntropyWithLogitsOp;
import dev.nabla.losses.internal.LossChecks;
import java.util.Arrays;

/**
 * Binary cross-entropy of {@code sigmoid(input)} against {@code target}, computed from the logits
 * in the stable form {@code max(x, 0) - x y + log(1 + e^-|x|)}, as {@code
 * torch.nn.BCEWithLogitsLoss}: logits of any magnitude (±1e4) give a finite loss and gradient, and
 * the gradient {@code sigmoid(x) - y} is exact everywhere, x = 0 included.
 *
 * <p>An optional {@code posWeight} multiplies the loss of the positive examples, as PyTorch's
 * {@code pos_weight}: the loss becomes {@code (1 - y) x + (1 + (posWeight - 1) y) log(1 + e^-x)}.
 * It broadcasts to the input, typically one weight per class ({@code [C]} for an input {@code [N,
 * C]}), and is a constant (no gradient flows to it).
 *
 * <p>Input and target have one shape and dtype; both are differentiable.
 */
public final class BCEWithLogitsLoss implements Loss {
  private final Reduction reduction;
  private final Tensor posWeight;

  /** Mean over all elements, no positive weight. */
  public BCEWithLogitsLoss() {
    this(Reduction.MEAN, null);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public BCEWithLogitsLoss(Reduction reduction) {
    this(reduction, null);
  }

  /**
   * With a positive weight ({@code null} for none): a FLOAT32 or FLOAT64 tensor that broadcasts to
   * the inputs this loss will see.
   */
  public BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) {
    this.reduction = LossChecks.reduction("BCEWithLogitsLoss", reduction);
    if (posWeight != null && !posWeight.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "BCEWithLogitsLoss: posWeight "
              + LossChecks.describe(posWeight)
              + " must be FLOAT32 or FLOAT64");
    }
    this.posWeight = posWeight == null ? null : posWeight.detach();
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  /** The positive weight, or null. */
  public Tensor posWeight() {
    return posWeight;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.sameShapeAndDType("BCEWithLogitsLoss", input, target);
    double[] weights = null;
    if (posWeight != null) {
      int[] shape = input.shape();
      if (!LossChecks.broadcastsTo(posWeight.shape(), shape)) {
        throw new IllegalArgumentException(
            "BCEWithLogitsLoss: posWeight "
                + LossChecks.describe(posWeight)
                + " does not broadcast to input "
                + LossChecks.describe(input)
                + ": expected a single weight or one per class, shape "
                + (shape.length == 0 ? "[]" : "[" + shape[shape.length - 1] + "]"));
      }
      // posWeight is detached: broadcasting it records nothing.
      weights = posWeight.broadcastTo(shape).toDoubleArray();
    }
    return new BinaryCrossEntropyWithLogitsOp(reduction, weights).apply(input, target);
  }

  @Override
  public String toString() {
    return "BCEWithLogitsLoss(reduction="
        + reduction
        + (posWeight == null ? "" : ", posWeight=" + Arrays.toString(posWeight.shape()))
        + ")";
  }
}
