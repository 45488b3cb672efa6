package dev.nabla.train;

import dev.nabla.train.internal.FiniteState;
import dev.nabla.train.internal.Numbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a {@link Checkpoint} of the model and the optimizer every {@code n} epochs, as {@code
 * dir/checkpoint-epoch-0005.safetensors}, atomically; the epoch's figures go into the metadata
 * ({@code train_loss}, {@code val_loss}, {@code val_accuracy}). Resume with {@link
 * Trainer#resumeFrom(Path)}. A model or optimizer state holding a NaN or an infinity is never
 * saved: the callback throws an {@link IllegalStateException} instead, and the previous checkpoint
 * stays the last one.
 *
 * <pre>{@code
 * trainer.addCallback(new CheckpointEvery(5, Path.of("runs/mnist")));
 * }</pre>
 */
public final class CheckpointEvery implements Callback {
  private final int every;
  private final Path dir;
  private Path last;

  /** Every {@code n >= 1} epochs, into {@code dir} (created when missing). */
  public CheckpointEvery(int n, Path dir) {
    if (n < 1) {
      throw new IllegalArgumentException("CheckpointEvery: n must be at least 1 epoch, got " + n);
    }
    if (dir == null) {
      throw new IllegalArgumentException("CheckpointEvery: dir must not be null");
    }
    this.every = n;
    this.dir = dir;
  }

  /** The file of the checkpoint taken after {@code epoch}. */
  public Path fileFor(int epoch) {
    return dir.resolve(
        String.format(java.util.Locale.ROOT, "checkpoint-epoch-%04d.safetensors", epoch));
  }

  /** The last file written, or null. */
  public Path last() {
    return last;
  }

  @Override
  public void onEpochEnd(EpochStats stats, Trainer trainer) {
    if (stats.epoch() % every != 0) {
      return;
    }
    Path file = fileFor(stats.epoch());
    FiniteState.requireFiniteState(
        "CheckpointEvery", file, trainer.model(), trainer.optimizer(), stats.epoch());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("train_loss", Numbers.significant(stats.trainLoss()));
    meta.put("val_loss", Numbers.significant(stats.valLoss()));
    meta.put("val_accuracy", Numbers.significant(stats.valAccuracy()));
    try {
      Checkpoint.save(file, trainer.model(), trainer.optimizer(), stats.epoch(), meta);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "CheckpointEvery: cannot save " + file + ": " + e.getMessage(), e);
    }
    last = file;
  }

  @Override
  public String toString() {
    return "CheckpointEvery(" + every + ", " + dir + ")";
  }
}
