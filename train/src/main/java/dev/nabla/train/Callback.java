package dev.nabla.train;

/**
 * Code {@link Trainer#fit} runs at fixed points of training, as Keras callbacks: before the first
 * epoch, after each epoch (once its figures are known and the learning-rate schedule has stepped),
 * and after the last. A callback may stop training after the current epoch with {@link
 * Trainer#stop()}.
 *
 * <pre>{@code
 * trainer.addCallback((stats, t) -> {
 *   if (stats.trainLoss() < 0.01) t.stop();
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Callback {
  /** Before the first epoch of a {@link Trainer#fit} call. */
  default void onTrainBegin(Trainer trainer) {}

  /** After each epoch, with its figures (also the last entry of {@link Trainer#history()}). */
  void onEpochEnd(EpochStats stats, Trainer trainer);

  /** After the last epoch, also when a callback stopped training early. */
  default void onTrainEnd(History history, Trainer trainer) {}
}
