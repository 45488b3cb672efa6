package dev.nabla.losses;

import dev.nabla.core.Tensor;

/**
 * The losses as functions, in the spirit of {@code torch.nn.functional}: {@code
 * Losses.crossEntropy(logits, labels)} is {@code new CrossEntropyLoss().apply(logits, labels)}.
 * Each takes {@code (input, target)} and, optionally, a {@link Reduction} (default MEAN).
 */
public final class Losses {
  private Losses() {}

  /** {@link MSELoss}, mean over all elements. */
  public static Tensor mse(Tensor input, Tensor target) {
    return new MSELoss().apply(input, target);
  }

  /** {@link MSELoss}. */
  public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
    return new MSELoss(reduction).apply(input, target);
  }

  /** {@link L1Loss}, mean over all elements. */
  public static Tensor l1(Tensor input, Tensor target) {
    return new L1Loss().apply(input, target);
  }

  /** {@link L1Loss}. */
  public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
    return new L1Loss(reduction).apply(input, target);
  }

  /** {@link HuberLoss} with {@code delta = 1}, mean over all elements. */
  public static Tensor huber(Tensor input, Tensor target) {
    return new HuberLoss().apply(input, target);
  }

  /** {@link HuberLoss}. */
  public static Tensor huber(Tensor input, Tensor target, Reduction reduction, double delta) {
    return new HuberLoss(reduction, delta).apply(input, target);
  }

  /** {@link CrossEntropyLoss} from logits, mean over the targets, ignore index -100. */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    return new CrossEntropyLoss().apply(logits, target);
  }

  /** {@link CrossEntropyLoss} from logits, ignore index -100. */
  public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
    return new CrossEntropyLoss(reduction).apply(logits, target);
  }

  /** {@link NLLLoss} on log-probabilities, mean over the targets, ignore index -100. */
  public static Tensor nll(Tensor logProbabilities, Tensor target) {
    return new NLLLoss().apply(logProbabilities, target);
  }

  /** {@link NLLLoss} on log-probabilities, ignore index -100. */
  public static Tensor nll(Tensor logProbabilities, Tensor target, Reduction reduction) {
    return new NLLLoss(reduction).apply(logProbabilities, target);
  }

  /** {@link BCELoss} on probabilities, mean over all elements. */
  public static Tensor bce(Tensor probabilities, Tensor target) {
    return new BCELoss().apply(probabilities, target);
  }

  /** {@link BCELoss} on probabilities. */
  public static Tensor bce(Tensor probabilities, Tensor target, Reduction reduction) {
    return new BCELoss(reduction).apply(probabilities, target);
  }

  /** {@link BCEWithLogitsLoss} on logits, mean over all elements. */
  public static Tensor bceWithLogits(Tensor logits, Tensor target) {
    return new BCEWithLogitsLoss().apply(logits, target);
  }

  /** {@link BCEWithLogitsLoss} on logits. */
  public static Tensor bceWithLogits(Tensor logits, Tensor target, Reduction reduction) {
    return new BCEWithLogitsLoss(reduction).apply(logits, target);
  }
}
