package dev.nabla.losses;

import dev.nabla.core.Tensor;

/**
 * How a loss turns its per-element values into its result, as PyTorch's {@code reduction} argument.
 * {@link #MEAN} is every loss's default.
 */
public enum Reduction {
  /**
   * The mean over the elements: over all elements for the elementwise losses, over the non-ignored
   * targets for class-index targets of {@link CrossEntropyLoss} and {@link NLLLoss}. A 0-d tensor.
   */
  MEAN,
  /** The sum over the elements, a 0-d tensor. */
  SUM,
  /** No reduction: one loss per element (per sample, and position, for the class losses). */
  NONE;

  /**
   * Reduces per-element losses: the mean or sum of all elements as a 0-d tensor, or the tensor
   * itself for {@link #NONE}. Differentiable; for losses written as compositions of tensor ops.
   */
  public Tensor reduce(Tensor elementLosses) {
    if (elementLosses == null) {
      throw new IllegalArgumentException(
          "Reduction." + name() + ".reduce: elementLosses must not be null");
    }
    return switch (this) {
      case MEAN -> elementLosses.mean();
      case SUM -> elementLosses.sum();
      case NONE -> elementLosses;
    };
  }
}
