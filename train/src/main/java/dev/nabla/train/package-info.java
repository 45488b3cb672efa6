/**
 * nabla train: the training loop and what surrounds it.
 *
 * <ul>
 *   <li>{@link dev.nabla.train.Trainer}: fits a model over {@link dev.nabla.datasets.DataLoader}
 *       batches, with validation, a progress bar ({@link dev.nabla.train.ProgressStyle}), {@link
 *       dev.nabla.train.Callback}s ({@link dev.nabla.train.EarlyStopping}, {@link
 *       dev.nabla.train.CheckpointEvery}) and a {@link dev.nabla.train.History} written as CSV and
 *       drawn as a PNG chart.
 *   <li>{@link dev.nabla.train.Checkpoint}: model and optimizer state in a safetensors file ({@link
 *       dev.nabla.train.Safetensors}), written atomically, loaded without executing code.
 *   <li>{@link dev.nabla.train.Metrics} and {@link dev.nabla.train.ConfusionMatrix}: accuracy,
 *       prediction and evaluation.
 *   <li>{@link dev.nabla.train.Network}: the tutorial's add / use / fit / predict facade.
 * </ul>
 */
package dev.nabla.train;
