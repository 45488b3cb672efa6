/**
 * Loss functions with PyTorch's names, defaults and {@code (input, target)} argument order: {@link
 * dev.nabla.losses.MSELoss}, {@link dev.nabla.losses.L1Loss}, {@link dev.nabla.losses.HuberLoss},
 * {@link dev.nabla.losses.CrossEntropyLoss}, {@link dev.nabla.losses.NLLLoss}, {@link
 * dev.nabla.losses.BCELoss} and {@link dev.nabla.losses.BCEWithLogitsLoss}, each a {@link
 * dev.nabla.losses.Loss} with a {@link dev.nabla.losses.Reduction} (MEAN by default), and the same
 * as functions in {@link dev.nabla.losses.Losses}.
 *
 * <pre>{@code
 * Tensor logits = model.forward(images);                 // [N, 10]
 * Tensor loss = Losses.crossEntropy(logits, labels);     // labels: INT32 [N]
 * loss.backward();
 * }</pre>
 *
 * <p>Each loss checks its target against its input and fails with an {@link
 * java.lang.IllegalArgumentException} naming the loss, both shapes and dtypes, and what it
 * expected. Implementation details (the fused ops) live in {@code dev.nabla.losses.internal}.
 */
package dev.nabla.losses;
