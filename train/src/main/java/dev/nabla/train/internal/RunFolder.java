package dev.nabla.train.internal;

import dev.nabla.layers.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.EpochStats;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A trainer's {@linkplain Trainer#setOutputDir output directory}: the run's history read back when
 * a resumed run starts, and the files each finished epoch replaces atomically ({@value
 * Trainer#MODEL_FILE}, {@value Trainer#HISTORY_CSV}, {@value Trainer#HISTORY_PNG}).
 */
public final class RunFolder {
  private final Path dir;
  private final Consumer<String> log;

  /**
   * The folder {@code dir}; what it has to say (a history it could not continue) goes to {@code
   * log}, the trainer's progress output.
   */
  public RunFolder(Path dir, Consumer<String> log) {
    this.dir = dir;
    this.log = log;
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** The epochs 1 to {@code completedEpochs} of {@code h}, or an empty history if it lacks one. */
  public static History firstEpochs(History h, int completedEpochs) {
    History out = new History();
    for (EpochStats e : h) {
      if (e.epoch() <= completedEpochs) {
        out.add(e);
      }
    }
    boolean whole =
        out.size() == completedEpochs && (out.isEmpty() || out.last().epoch() == completedEpochs);
    return whole ? out : new History();
  }

  /**
   * The folder's history of epochs 1 to {@code completedEpochs} (resuming from a checkpoint that
   * holds none), or an empty one when it has no such history. A history file that does not hold
   * them is moved aside (see {@link #keepAside}), so that the new one does not overwrite it.
   */
  public History earlierEpochs(int completedEpochs) {
    Path file = dir.resolve(Trainer.HISTORY_CSV);
    if (completedEpochs == 0 || !Files.isRegularFile(file)) {
      return new History();
    }
    try {
      History h = firstEpochs(History.readCsv(file), completedEpochs);
      if (h.isEmpty()) {
        log.accept(
            file
                + " does not hold epochs 1 to "
                + completedEpochs
                + ": kept as "
                + keepAside(file)
                + "; the history written starts at epoch "
                + (completedEpochs + 1));
      }
      return h;
    } catch (IOException | IllegalArgumentException e) {
      log.accept(
          "cannot read the earlier epochs from "
              + file
              + " ("
              + e.getMessage()
              + "): kept as "
              + keepAside(file)
              + "; the history written starts at epoch "
              + (completedEpochs + 1));
      return new History();
    }
  }

  /**
   * Moves a history file this run cannot continue to the first free {@code history-N.csv} beside
   * it, so the epochs it holds are not overwritten; returns the new name.
   */
  private static Path keepAside(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    for (int n = 1; ; n++) {
      Path aside = file.resolveSibling(stem + "-" + n + ".csv");
      try {
        return Files.move(file, aside); // no REPLACE_EXISTING: an existing name is tried again
      } catch (FileAlreadyExistsException e) {
        // the next number
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Trainer: cannot keep "
                + file
                + " aside as "
                + aside
                + " before writing a new history: "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * The checkpoint of epoch {@code epoch}, just finished, then the run's history beside it: its CSV
   * and its chart, titled {@code title} (null for none).
   */
  public void writeEpoch(Module model, Optimizer optimizer, int epoch, History run, String title) {
    writeCheckpoint(model, optimizer, epoch, run);
    try {
      run.writeCsv(dir.resolve(Trainer.HISTORY_CSV));
      run.writeChart(dir.resolve(Trainer.HISTORY_PNG), title);
    } catch (IOException e) {
      throw cannotWrite(epoch, e);
    }
  }

  /**
   * The {@link Checkpoint} of the model and optimizer after epoch {@code epoch}, holding the run's
   * history in its metadata; refused when their state holds a NaN or an infinity.
   */
  public void writeCheckpoint(Module model, Optimizer optimizer, int epoch, History run) {
    Path file = dir.resolve(Trainer.MODEL_FILE);
    FiniteState.requireFiniteState("Trainer.fit", file, model, optimizer, epoch);
    try {
      Checkpoint.save(file, model, optimizer, epoch, Map.of(Trainer.HISTORY_METADATA, run.toCsv()));
    } catch (IOException e) {
      throw cannotWrite(epoch, e);
    }
  }

  private UncheckedIOException cannotWrite(int epoch, IOException e) {
    return new UncheckedIOException(
        "Trainer.fit: cannot write the outputs of epoch "
            + epoch
            + " to "
            + dir
            + ": "
            + e.getMessage(),
        e);
  }
}
