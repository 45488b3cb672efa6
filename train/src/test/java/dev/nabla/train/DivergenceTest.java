package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.TensorDataset;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training that diverges stops with a clear message and never saves NaN. */
class DivergenceTest {
  @TempDir Path dir;

  /** 64 examples of y = x · [1, -2, 3, 0.5] in batches of 8. */
  private static DataLoader regression() {
    Tensor x = Tensor.randn(21L, 64, 4);
    Tensor y = x.matmul(Tensor.of(new float[] {1, -2, 3, 0.5f}, 4, 1));
    return DataLoader.builder(new TensorDataset(x, y)).batchSize(8).shuffle(true).seed(5L).build();
  }

  private static List<String> files(Path d) throws Exception {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aHugeLearningRateStopsWithEpochBatchAndLossAndWritesNothing() throws Exception {
    Module model = new Dense(4, 1);
    Trainer trainer =
        new Trainer(model, new MSELoss(), new SGD(model.namedParameters(), 1e6))
            .setProgress(ProgressStyle.SILENT)
            .addCallback(new CheckpointEvery(1, dir))
            .setOutputDir(dir);

    DivergenceException e =
        catchThrowableOfType(DivergenceException.class, () -> trainer.fit(regression(), null, 20));

    assertThat(e).isNotNull().isInstanceOf(IllegalStateException.class);
    assertThat(Double.isFinite(e.loss())).isFalse();
    assertThat(e.epoch()).isBetween(1, 20);
    assertThat(e.batch()).isBetween(1, 8);
    assertThat(e.getMessage())
        .startsWith(
            "Trainer.fit: training diverged at epoch "
                + e.epoch()
                + ", batch "
                + e.batch()
                + " of 8: the loss is "
                + e.loss())
        .contains("nothing was saved from them", "Grad.detectAnomaly()");
    // Every file written before the divergence is of an epoch before it and holds finite numbers
    // only (Checkpoint.load would not fail otherwise, but the finite check did not let it be
    // saved).
    assertThat(trainer.completedEpochs()).isEqualTo(e.epoch() - 1);
    if (e.epoch() == 1) {
      assertThat(files(dir)).isEmpty();
    } else {
      assertThat(files(dir)).contains(Trainer.MODEL_FILE, Trainer.HISTORY_CSV);
      Module loaded = new Dense(4, 1);
      assertThat(Checkpoint.load(dir.resolve(Trainer.MODEL_FILE), loaded, null).epoch())
          .isEqualTo(e.epoch() - 1);
      for (float v : loaded.parameters().getFirst().toFloatArray()) {
        assertThat(v).isFinite();
      }
      assertThat(History.readCsv(dir.resolve(Trainer.HISTORY_CSV)).size()).isEqualTo(e.epoch() - 1);
    }
  }

  @Test
  void aLossThatTurnsNaNIsCaughtAtItsBatchBeforeTheUpdate() throws Exception {
    Module model = new Dense(4, 1);
    MSELoss mse = new MSELoss();
    int[] calls = {0};
    // Batch 3 of epoch 2 (call 11 with 8 batches an epoch) gets a NaN loss.
    Loss poisoned =
        (out, target) ->
            ++calls[0] == 11 ? mse.apply(out, target).mul(Double.NaN) : mse.apply(out, target);
    CheckpointEvery every = new CheckpointEvery(1, dir);
    Trainer trainer =
        new Trainer(model, poisoned, new SGD(model.namedParameters(), 0.01))
            .setProgress(ProgressStyle.SILENT)
            .addCallback(every)
            .setOutputDir(dir);
    float[][] before = new float[1][];
    trainer.addCallback(
        new Callback() {
          @Override
          public void onEpochEnd(EpochStats stats, Trainer t) {
            before[0] = model.parameters().getFirst().toFloatArray();
          }
        });

    DivergenceException e =
        catchThrowableOfType(DivergenceException.class, () -> trainer.fit(regression(), null, 3));

    assertThat(e.getMessage())
        .startsWith(
            "Trainer.fit: training diverged at epoch 2, batch 3 of 8: the loss is NaN (the batch before: ");
    assertThat(e.epoch()).isEqualTo(2);
    assertThat(e.batch()).isEqualTo(3);
    assertThat(Double.isNaN(e.loss())).isTrue();
    // epoch 1's files, nothing of epoch 2
    assertThat(files(dir))
        .containsExactly(
            "checkpoint-epoch-0001.safetensors",
            Trainer.HISTORY_CSV,
            Trainer.HISTORY_PNG,
            Trainer.MODEL_FILE);
    assertThat(Checkpoint.load(dir.resolve(Trainer.MODEL_FILE), new Dense(4, 1), null).epoch())
        .isEqualTo(1);
    float[] now = model.parameters().getFirst().toFloatArray();
    for (float v : now) {
      assertThat(v).as("the NaN batch did not update the weights").isFinite();
    }
    assertThat(Arrays.equals(now, before[0])).as("batches 1-2 of epoch 2 did train").isFalse();
  }

  /** A model whose buffer holds NaN although its loss is finite: the guard must still refuse. */
  static final class WithBadBuffer extends Module {
    private final Dense dense = registerModule("dense", new Dense(4, 1));

    WithBadBuffer() {
      registerBuffer("stats", Tensor.of(new float[] {1, Float.NaN, 2}, 3));
    }

    @Override
    public Tensor forward(Tensor x) {
      return dense.apply(x);
    }
  }

  @Test
  void checkpointEveryRefusesToSaveANonFiniteStateAndKeepsThePreviousCheckpoint() throws Exception {
    Module model = new Dense(4, 1);
    SGD opt = new SGD(model.namedParameters(), 0.01);
    Trainer trainer = new Trainer(model, new MSELoss(), opt).setProgress(ProgressStyle.SILENT);
    CheckpointEvery every = new CheckpointEvery(1, dir);
    EpochStats stats1 = new EpochStats(1, 0.5, Double.NaN, Double.NaN, 1, 1);
    every.onEpochEnd(stats1, trainer);
    byte[] good = Files.readAllBytes(every.fileFor(1));

    try (var _ = Grad.disabled()) {
      model.parameters().get(1).fill(Double.POSITIVE_INFINITY); // the bias
    }
    EpochStats stats2 = new EpochStats(2, 0.4, Double.NaN, Double.NaN, 1, 1);
    IllegalStateException e =
        catchThrowableOfType(IllegalStateException.class, () -> every.onEpochEnd(stats2, trainer));

    assertThat(e)
        .hasMessage(
            "CheckpointEvery: refusing to save "
                + every.fileFor(2)
                + " after epoch 2: the model's state 'bias' holds Inf at flat index 0; training has "
                + "diverged (lower the learning rate or clip the gradients, and resume from an earlier "
                + "checkpoint)");
    assertThat(Files.exists(every.fileFor(2))).isFalse();
    assertThat(every.last()).isEqualTo(every.fileFor(1));
    assertThat(Files.readAllBytes(every.fileFor(1))).isEqualTo(good);
  }

  @Test
  void theOutputDirectoryIsNotWrittenWhenTheStateHoldsNaN() throws Exception {
    Module model = new WithBadBuffer();
    Trainer trainer =
        new Trainer(model, new MSELoss(), new SGD(model.namedParameters(), 0.01))
            .setProgress(ProgressStyle.SILENT)
            .setOutputDir(dir);

    IllegalStateException e =
        catchThrowableOfType(IllegalStateException.class, () -> trainer.fit(regression(), null, 1));

    assertThat(e)
        .isNotInstanceOf(DivergenceException.class)
        .hasMessageStartingWith(
            "Trainer.fit: refusing to save "
                + dir.resolve(Trainer.MODEL_FILE)
                + " after epoch 1: the model's state 'stats' holds NaN at flat index 1");
    assertThat(files(dir)).isEmpty();
  }
}
