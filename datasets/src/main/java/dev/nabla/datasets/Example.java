package dev.nabla.datasets;

import dev.nabla.core.Tensor;

/**
 * One example of a {@link Dataset} (an input and its target), or a batch of them, where both
 * tensors carry a leading batch dimension.
 *
 * @param input the model's input
 * @param target what the model should output for it (a class index, a value, ...)
 */
public record Example(Tensor input, Tensor target) {
  /** Checks that both tensors are given. */
  public Example {
    if (input == null || target == null) {
      throw new IllegalArgumentException(
          "Example: input and target must not be null, got input=" + input + ", target=" + target);
    }
  }
}
