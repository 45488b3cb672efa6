package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.SGD;
import dev.nabla.optim.StepLR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with an output directory that is interrupted (here by a callback that throws, as Ctrl-C or
 * a crash would stop it) keeps every finished epoch: the history and the checkpoint of the last
 * one; resuming from it ends the run as if it had never stopped.
 */
class InterruptedRunTest {
  @TempDir Path dir;

  /** Thrown by the callback that stands for Ctrl-C. */
  static final class Interrupted extends RuntimeException {
    Interrupted(int epoch) {
      super("interrupted in epoch " + epoch);
    }
  }

  /** 40 blobs in batches of 10, shuffled with seed 3: a new loader for every run. */
  private static DataLoader shuffled() {
    return new DataLoader(Blobs.of(40, 1L), 10, true, 3L, false);
  }

  private static DataLoader validation() {
    return new DataLoader(Blobs.of(20, 2L), 10);
  }

  /**
   * Model, momentum SGD and a step schedule from {@code seed}, so that resuming has state to
   * restore.
   */
  private static Trainer trainer(long seed, Path out) {
    Module model = Blobs.mlpWithDropout(seed);
    SGD sgd = new SGD(model.namedParameters(), 0.1, 0.9);
    return new Trainer(model, new CrossEntropyLoss(), sgd)
        .setProgress(ProgressStyle.SILENT)
        .setScheduler(new StepLR(sgd, 2, 0.5))
        .setOutputDir(out);
  }

  private static Callback interruptAt(int epoch) {
    return (stats, t) -> {
      if (stats.epoch() == epoch) {
        throw new Interrupted(epoch);
      }
    };
  }

  /** The CSV's epoch, losses and accuracy (the timings differ from run to run). */
  private static List<String> figures(Path csv) throws Exception {
    return Files.readAllLines(csv).stream()
        .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 4)))
        .toList();
  }

  @Test
  void anInterruptedRunKeepsTheHistoryAndTheCheckpointOfItsFinishedEpochs() throws Exception {
    Trainer t = trainer(3L, dir).addCallback(interruptAt(3));

    assertThatThrownBy(() -> t.fit(shuffled(), validation(), 5)).isInstanceOf(Interrupted.class);

    List<String> rows = Files.readAllLines(dir.resolve(Trainer.HISTORY_CSV));
    assertThat(rows).hasSize(3).first().isEqualTo(History.CSV_HEADER);
    assertThat(History.readCsv(dir.resolve(Trainer.HISTORY_CSV)).epochs())
        .extracting(EpochStats::epoch)
        .containsExactly(1, 2);
    assertThat(Files.size(dir.resolve(Trainer.HISTORY_PNG))).isPositive();
    Checkpoint.Info info =
        Checkpoint.load(
            dir.resolve(Trainer.MODEL_FILE),
            Blobs.mlpWithDropout(9L),
            new SGD(Blobs.mlpWithDropout(9L).namedParameters(), 0.1, 0.9));
    assertThat(info.epoch()).isEqualTo(2);
    assertThat(info.optimizerRestored()).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              Trainer.HISTORY_CSV, Trainer.HISTORY_PNG, Trainer.MODEL_FILE); // no temporary file
    }
  }

  @Test
  void resumingTheInterruptedRunEndsWithTheWholeHistoryAndTheWeightsOfAnUninterruptedRun()
      throws Exception {
    Path straightDir = dir.resolve("straight");
    Trainer straight = trainer(3L, straightDir);
    straight.fit(shuffled(), validation(), 5);

    Path runDir = dir.resolve("run");
    Trainer first = trainer(3L, runDir).addCallback(interruptAt(3));
    assertThatThrownBy(() -> first.fit(shuffled(), validation(), 5))
        .isInstanceOf(Interrupted.class);

    // Another process: other seeds everywhere, so everything that matters comes from the files.
    Trainer resumed = trainer(77L, runDir);
    assertThat(resumed.resumeFrom(runDir.resolve(Trainer.MODEL_FILE)).epoch()).isEqualTo(2);
    History rest = resumed.fit(shuffled(), validation(), 5);

    assertThat(rest.epochs()).extracting(EpochStats::epoch).containsExactly(3, 4, 5);
    assertThat(resumed.runHistory().epochs())
        .extracting(EpochStats::epoch)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(figures(runDir.resolve(Trainer.HISTORY_CSV)))
        .hasSize(6)
        .isEqualTo(figures(straightDir.resolve(Trainer.HISTORY_CSV)));
    assertSameValues(resumed.model().stateDict(), straight.model().stateDict());
    assertSameValues(resumed.optimizer().stateDict(), straight.optimizer().stateDict());
    assertThat(
            Checkpoint.load(runDir.resolve(Trainer.MODEL_FILE), Blobs.mlpWithDropout(9L), null)
                .epoch())
        .isEqualTo(5);
  }

  /**
   * A checkpoint taken by {@link CheckpointEvery} holds no history: the output directory's history
   * of the epochs before it is continued instead.
   */
  @Test
  void resumingFromAnotherCheckpointContinuesTheOutputDirectorysHistory() throws Exception {
    CheckpointEvery every = new CheckpointEvery(1, dir.resolve("ckpt"));
    Trainer first = trainer(3L, dir).addCallback(every, interruptAt(3));
    assertThatThrownBy(() -> first.fit(shuffled(), null, 4)).isInstanceOf(Interrupted.class);
    assertThat(every.last()).isEqualTo(every.fileFor(3)); // it ran before the interruption

    Trainer resumed = trainer(77L, dir);
    resumed.resumeFrom(every.fileFor(2));
    resumed.fit(shuffled(), null, 4);

    assertThat(History.readCsv(dir.resolve(Trainer.HISTORY_CSV)).epochs())
        .extracting(EpochStats::epoch)
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void aHistoryFileTheResumedRunCannotContinueIsKeptAsideNotOverwritten() throws Exception {
    CheckpointEvery every = new CheckpointEvery(1, dir.resolve("ckpt"));
    Path other = Files.createDirectories(dir.resolve("other"));
    trainer(3L, dir.resolve("first")).addCallback(every).fit(shuffled(), null, 2);
    // The output folder holds a history of another run, one epoch long: it cannot continue epoch 2.
    String foreign = History.CSV_HEADER + "\n1,0.5,NaN,NaN,1.0,100.0\n";
    Files.writeString(other.resolve(Trainer.HISTORY_CSV), foreign);

    Trainer resumed = trainer(77L, other);
    resumed.resumeFrom(every.fileFor(2));
    resumed.fit(shuffled(), null, 3);

    assertThat(Files.readString(other.resolve("history-1.csv"))).isEqualTo(foreign);
    assertThat(History.readCsv(other.resolve(Trainer.HISTORY_CSV)).epochs())
        .extracting(EpochStats::epoch)
        .containsExactly(3);
  }

  private static void assertSameValues(Map<String, Tensor> actual, Map<String, Tensor> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, e) ->
            assertThat(actual.get(name).toDoubleArray())
                .as(name)
                .containsExactly(e.toDoubleArray()));
  }
}
