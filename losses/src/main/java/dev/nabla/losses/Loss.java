package dev.nabla.losses;

import dev.nabla.core.Tensor;

/**
 * A loss function: a differentiable tensor computed from a model's output and the expected target,
 * with PyTorch's argument order {@code (input, target)}.
 *
 * <pre>{@code
 * Loss loss = new CrossEntropyLoss();
 * Tensor value = loss.apply(model.forward(x), labels);   // a 0-d tensor (Reduction.MEAN)
 * value.backward();
 * }</pre>
 *
 * <p>The built-in losses check that the target fits the input and fail with an {@link
 * IllegalArgumentException} naming the loss, both shapes and dtypes and what was expected. A custom
 * loss can be a lambda: {@code Loss l = (in, t) -> in.sub(t).abs().max();}.
 */
@FunctionalInterface
public interface Loss {
  /** The loss of {@code input} (a model's output) against {@code target}. */
  Tensor apply(Tensor input, Tensor target);
}
