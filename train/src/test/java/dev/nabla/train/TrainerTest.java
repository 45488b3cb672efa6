package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.TensorDataset;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.MSELoss;
import dev.nabla.losses.Reduction;
import dev.nabla.optim.Adam;
import dev.nabla.optim.SGD;
import dev.nabla.optim.StepLR;
import dev.nabla.train.internal.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Trainer blobTrainer(Module model) {
    return new Trainer(model, new CrossEntropyLoss(), new Adam(model.namedParameters(), 0.01));
  }

  @Test
  void learnsTwoGaussianBlobsAndRecordsSaneFigures() {
    Module model = Blobs.mlp(3L);
    DataLoader train =
        DataLoader.builder(Blobs.of(400, 1L)).batchSize(32).shuffle(true).seed(7L).build();
    DataLoader val = new DataLoader(Blobs.of(200, 2L), 64);
    Trainer trainer = blobTrainer(model).setProgress(ProgressStyle.SILENT);

    History h = trainer.fit(train, val, 5);

    assertThat(h.size()).isEqualTo(5);
    assertThat(h.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4, 5);
    assertThat(h.last().trainLoss()).isLessThan(h.epochs().getFirst().trainLoss());
    assertThat(h.last().valLoss()).isLessThan(h.epochs().getFirst().valLoss()).isLessThan(0.2);
    assertThat(h.last().valAccuracy()).isGreaterThanOrEqualTo(0.95).isLessThanOrEqualTo(1.0);
    for (EpochStats e : h) {
      assertThat(e.seconds()).isPositive();
      assertThat(e.samplesPerSecond()).isPositive();
      assertThat(e.trainLoss()).isFinite();
    }
    assertThat(trainer.completedEpochs()).isEqualTo(5);
    assertThat(model.isTraining()).isTrue();
  }

  /**
   * With a learning rate of 0 every batch has the loss of the initial model, so the epoch's
   * training loss must be the size-weighted mean of the per-batch losses, which we compute here
   * batch by batch (7 examples in batches of 3, 3 and 1: a plain mean of batch means would differ).
   */
  @Test
  void trainingLossIsTheMeanOverExamplesNotOverBatches() {
    Module model = new Dense(2, 1, dev.nabla.layers.Init.uniform(-1, 1), 5L);
    TensorDataset data = new TensorDataset(Tensor.randn(9L, 7, 2), Tensor.randn(10L, 7, 1));
    MSELoss mse = new MSELoss();
    double[] sq = new double[7];
    Tensor pred = Metrics.predict(model, data.inputs());
    for (int i = 0; i < 7; i++) {
      double d = pred.toDoubleArray()[i] - data.targets().toDoubleArray()[i];
      sq[i] = d * d;
    }
    double exampleMean = 0;
    for (double s : sq) {
      exampleMean += s / 7;
    }
    Trainer trainer =
        new Trainer(model, mse, new SGD(model.parameters(), 0.0)).setProgress(ProgressStyle.SILENT);

    EpochStats e = trainer.fit(new DataLoader(data, 3), null, 1).last();

    assertThat(e.trainLoss()).isCloseTo(exampleMean, within(1e-6));
    assertThat(e.hasValidation()).isFalse();
    assertThat(e.hasAccuracy()).isFalse();
  }

  @Test
  void validationWithNonIndexTargetsHasALossButNoAccuracy() {
    Module model = new Dense(2, 1);
    TensorDataset data = new TensorDataset(Tensor.randn(1L, 8, 2), Tensor.randn(2L, 8, 1));
    Trainer trainer =
        new Trainer(model, new MSELoss(), new SGD(model.parameters(), 0.01))
            .setProgress(ProgressStyle.SILENT);
    EpochStats e = trainer.fit(new DataLoader(data, 4), new DataLoader(data, 4), 1).last();
    assertThat(e.valLoss()).isFinite();
    assertThat(e.valAccuracy()).isNaN();
  }

  @Test
  void plainLinesWhenNotATerminal() {
    assertThat(ProgressOutput.isTerminal()).as("the test JVM's output is a pipe").isFalse();
    Module model = Blobs.mlp(3L);
    DataLoader train = new DataLoader(Blobs.of(200, 1L), 10); // 20 batches
    DataLoader val = new DataLoader(Blobs.of(50, 2L), 25);

    blobTrainer(model).setProgress(ProgressStyle.AUTO, out).fit(train, val, 2);

    List<String> lines = lines();
    // one line per tenth of an epoch (batches 2, 4, ..., 18), then the epoch's line
    assertThat(lines).filteredOn(l -> l.startsWith("epoch 1/2 batch ")).hasSize(9);
    assertThat(lines).filteredOn(l -> l.startsWith("epoch 2/2 batch ")).hasSize(9);
    assertThat(lines.get(0))
        .matches("epoch 1/2 batch 2/20 loss=\\d+\\.\\d{4} samples/s=\\d+ eta=\\d+\\.\\ds");
    assertThat(lines.get(9))
        .matches(
            "epoch 1/2 train_loss=\\d\\.\\d{4} val_loss=\\d\\.\\d{4} val_accuracy=\\d\\.\\d{4} "
                + "seconds=\\d+\\.\\d samples/s=\\d+");
    assertThat(lines.get(19)).startsWith("epoch 2/2 train_loss=");
    assertThat(lines).hasSize(20);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
  }

  @Test
  void fewerBatchesThanTenthsGiveAtMostOneLinePerBatch() {
    Module model = Blobs.mlp(3L);
    blobTrainer(model)
        .setProgress(ProgressStyle.LINES, out)
        .fit(new DataLoader(Blobs.of(30, 1L), 10), null, 1);
    assertThat(lines()).containsExactly(lines().get(0), lines().get(1), lines().get(2));
    assertThat(lines().get(0)).startsWith("epoch 1/1 batch 1/3 ");
    assertThat(lines().get(1)).startsWith("epoch 1/1 batch 2/3 ");
    assertThat(lines().get(2)).startsWith("epoch 1/1 train_loss=");
  }

  @Test
  void barRedrawsInPlaceWithBatchCountAndRunningLoss() {
    Module model = Blobs.mlp(3L);
    blobTrainer(model)
        .setBarProgress(out, 120, System::nanoTime)
        .fit(new DataLoader(Blobs.of(100, 1L), 10), null, 1);
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\r")
        .contains("epoch 1/1")
        .contains("10/10")
        .contains("loss=")
        .contains("samples/s");
    // the bar is erased (overwritten with blanks) before the epoch's line, which ends the output
    assertThat(text).containsPattern("\r +\repoch 1/1 train_loss=[^\r\n]*\n$");
  }

  @Test
  void silentPrintsNothing() {
    Module model = Blobs.mlp(3L);
    blobTrainer(model)
        .setProgress(ProgressStyle.SILENT, out)
        .fit(new DataLoader(Blobs.of(40, 1L), 10), null, 2);
    assertThat(captured.size()).isZero();
  }

  @Test
  void earlyStoppingEndsFitWhenValidationStopsImproving() {
    Module model = Blobs.mlp(3L);
    // learning rate 0: the validation loss never changes, so only epoch 1 is an improvement
    Trainer trainer =
        new Trainer(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.0))
            .setProgress(ProgressStyle.LINES, out);
    EarlyStopping stopper = new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 2, 0, false);
    trainer.addCallback(stopper);
    DataLoader data = new DataLoader(Blobs.of(40, 1L), 20);

    History h = trainer.fit(data, data, 10);

    assertThat(h.size()).isEqualTo(3);
    assertThat(stopper.stoppedEpoch()).isEqualTo(3);
    assertThat(stopper.bestEpoch()).isEqualTo(1);
    assertThat(lines()).anyMatch(l -> l.startsWith("early stopping after epoch 3: val_loss"));
  }

  @Test
  void callbacksRunInOrderAroundEveryEpoch() {
    Module model = Blobs.mlp(3L);
    List<String> events = new ArrayList<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onTrainBegin(Trainer t) {
            events.add("begin");
          }

          @Override
          public void onEpochEnd(EpochStats stats, Trainer t) {
            events.add("epoch " + stats.epoch() + " history " + t.history().size());
          }

          @Override
          public void onTrainEnd(History history, Trainer t) {
            events.add("end " + history.size());
          }
        };
    blobTrainer(model)
        .setProgress(ProgressStyle.SILENT)
        .addCallback(recorder)
        .fit(new DataLoader(Blobs.of(20, 1L), 10), null, 2);
    assertThat(events).containsExactly("begin", "epoch 1 history 1", "epoch 2 history 2", "end 2");
  }

  @Test
  void checkpointEveryNEpochsWritesLoadableFiles() throws Exception {
    Module model = Blobs.mlp(3L);
    CheckpointEvery every = new CheckpointEvery(2, dir.resolve("ckpt"));
    Trainer trainer = blobTrainer(model).setProgress(ProgressStyle.SILENT).addCallback(every);

    History h = trainer.fit(new DataLoader(Blobs.of(40, 1L), 10), null, 5);

    try (var files = Files.list(dir.resolve("ckpt"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "checkpoint-epoch-0002.safetensors", "checkpoint-epoch-0004.safetensors");
    }
    assertThat(every.last()).isEqualTo(every.fileFor(4));
    Module fresh = Blobs.mlp(99L);
    Checkpoint.Info info = Checkpoint.load(every.fileFor(4), fresh, null);
    assertThat(info.epoch()).isEqualTo(4);
    assertThat(Double.parseDouble(info.metadata().get("train_loss")))
        .isCloseTo(h.epochs().get(3).trainLoss(), within(1e-5 * h.epochs().get(3).trainLoss()));
    assertThat(info.metadata()).containsEntry("val_loss", "");
  }

  /**
   * Four epochs in one go against two epochs, a checkpoint, and two more epochs with a fresh model,
   * optimizer, schedule, loader and trainer built from other seeds, so that everything that matters
   * must come from the checkpoint: the weights, the optimizer's momentum, the schedule's epoch, and
   * the Dropout generator's state (the loader's shuffling follows from the epoch).
   */
  @Test
  void resumingFromACheckpointGivesBitIdenticalWeightsToAnUninterruptedRunDropoutIncluded()
      throws Exception {
    Module a = Blobs.mlpWithDropout(3L);
    SGD sgdA = new SGD(a.namedParameters(), 0.1, 0.9);
    History straight =
        new Trainer(a, new CrossEntropyLoss(), sgdA)
            .setProgress(ProgressStyle.SILENT)
            .setScheduler(new StepLR(sgdA, 1, 0.5))
            .fit(shuffled(), null, 4);

    Module b = Blobs.mlpWithDropout(3L);
    SGD sgdB = new SGD(b.namedParameters(), 0.1, 0.9);
    new Trainer(b, new CrossEntropyLoss(), sgdB)
        .setProgress(ProgressStyle.SILENT)
        .setScheduler(new StepLR(sgdB, 1, 0.5))
        .setOutputDir(dir)
        .fit(shuffled(), null, 2);
    Path afterTwo = dir.resolve(Trainer.MODEL_FILE);

    Module c = Blobs.mlpWithDropout(50L);
    SGD sgdC = new SGD(c.namedParameters(), 0.1, 0.9);
    Trainer resumed =
        new Trainer(c, new CrossEntropyLoss(), sgdC)
            .setProgress(ProgressStyle.SILENT)
            .setScheduler(new StepLR(sgdC, 1, 0.5));
    Checkpoint.Info info = resumed.resumeFrom(afterTwo);
    assertThat(info.epoch()).isEqualTo(2);
    assertThat(resumed.completedEpochs()).isEqualTo(2);
    History again = resumed.fit(shuffled(), null, 4);

    assertThat(again.epochs()).extracting(EpochStats::epoch).containsExactly(3, 4);
    assertThat(again.epochs())
        .extracting(EpochStats::trainLoss)
        .containsExactlyElementsOf(
            straight.epochs().subList(2, 4).stream().map(EpochStats::trainLoss).toList());
    assertThat(sgdC.learningRate()).isEqualTo(sgdA.learningRate()).isEqualTo(0.1 / 16);
    assertThat(c.stateDict()).containsKey("2." + Dropout.RNG_STATE);
    assertSameBits(c.stateDict(), a.stateDict());
    assertSameBits(sgdC.stateDict(), sgdA.stateDict());

    // The check can fail: the same resume with the Dropout generator restarted from its seed
    // instead of restored draws other masks in epochs 3 and 4, and ends with other weights.
    Module d = Blobs.mlpWithDropout(50L);
    SGD sgdD = new SGD(d.namedParameters(), 0.1, 0.9);
    Trainer unseeded =
        new Trainer(d, new CrossEntropyLoss(), sgdD)
            .setProgress(ProgressStyle.SILENT)
            .setScheduler(new StepLR(sgdD, 1, 0.5));
    unseeded.resumeFrom(afterTwo);
    ((Dropout) d.namedModules().get("2")).reseed(3L + 2);
    unseeded.fit(shuffled(), null, 4);
    assertThat(d.stateDict().get("3.weight").toFloatArray())
        .isNotEqualTo(a.stateDict().get("3.weight").toFloatArray());
  }

  /** 40 blobs in batches of 10, shuffled with seed 3: a new loader for every run. */
  private static DataLoader shuffled() {
    return DataLoader.builder(Blobs.of(40, 1L)).batchSize(10).shuffle(true).seed(3L).build();
  }

  /** Same names, shapes, dtypes and bit patterns (not just values within a tolerance). */
  private static void assertSameBits(Map<String, Tensor> actual, Map<String, Tensor> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, e) -> {
          Tensor t = actual.get(name);
          assertThat(t.dtype()).as(name).isEqualTo(e.dtype());
          assertThat(t.shape()).as(name).isEqualTo(e.shape());
          switch (e.dtype()) {
            case FLOAT32 -> {
              float[] x = t.toFloatArray(), y = e.toFloatArray();
              for (int i = 0; i < y.length; i++) {
                assertThat(Float.floatToRawIntBits(x[i]))
                    .as("%s[%d]", name, i)
                    .isEqualTo(Float.floatToRawIntBits(y[i]));
              }
            }
            case FLOAT64 -> {
              double[] x = t.toDoubleArray(), y = e.toDoubleArray();
              for (int i = 0; i < y.length; i++) {
                assertThat(Double.doubleToRawLongBits(x[i]))
                    .as("%s[%d]", name, i)
                    .isEqualTo(Double.doubleToRawLongBits(y[i]));
              }
            }
            case INT32 -> assertThat(t.toIntArray()).as(name).isEqualTo(e.toIntArray());
          }
        });
  }

  @Test
  void outputDirReceivesHistoryChartAndModel() throws Exception {
    Module model = Blobs.mlp(3L);
    DataLoader data = new DataLoader(Blobs.of(40, 1L), 10);
    blobTrainer(model).setProgress(ProgressStyle.LINES, out).setOutputDir(dir).fit(data, data, 2);

    assertThat(Files.readAllLines(dir.resolve(Trainer.HISTORY_CSV)))
        .hasSize(3)
        .first()
        .isEqualTo(History.CSV_HEADER);
    assertThat(ImageIO.read(dir.resolve(Trainer.HISTORY_PNG).toFile()).getWidth())
        .isEqualTo(History.CHART_WIDTH);
    Checkpoint.Info info = Checkpoint.load(dir.resolve(Trainer.MODEL_FILE), Blobs.mlp(9L), null);
    assertThat(info.epoch()).isEqualTo(2);
    assertThat(lines().getLast())
        .isEqualTo("wrote history.csv, history.png and model.safetensors to " + dir);
  }

  @Test
  void schedulerStepsOncePerEpoch() {
    Module model = Blobs.mlp(3L);
    SGD sgd = new SGD(model.parameters(), 1.0);
    List<Double> rates = new ArrayList<>();
    new Trainer(model, new CrossEntropyLoss(), sgd)
        .setProgress(ProgressStyle.SILENT)
        .setScheduler(new StepLR(sgd, 1, 0.1))
        .addCallback((stats, t) -> rates.add(t.optimizer().learningRate()))
        .fit(new DataLoader(Blobs.of(20, 1L), 5), null, 3);
    assertThat(rates).containsExactly(0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1);
  }

  @Test
  void rejectsBadArguments() {
    Module model = Blobs.mlp(3L);
    Trainer trainer = blobTrainer(model).setProgress(ProgressStyle.SILENT);
    DataLoader data = new DataLoader(Blobs.of(20, 1L), 5);
    assertThatThrownBy(() -> new Trainer(null, new MSELoss(), trainer.optimizer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer: model, loss and optimizer must not be null");
    assertThatThrownBy(() -> trainer.fit(null, data, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.fit: the training loader must not be null");
    assertThatThrownBy(() -> trainer.fit(data, data, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.fit: epochs must be at least 1, got 0");
    assertThatThrownBy(() -> trainer.setProgress(null, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.setProgress: style and out must not be null");
    assertThatThrownBy(() -> trainer.addCallback((Callback) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.addCallback: callback 0 is null");
    Module other = Blobs.mlp(4L);
    SGD otherSgd = new SGD(other.parameters(), 0.1);
    assertThatThrownBy(() -> trainer.setScheduler(new StepLR(otherSgd, 1, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.setScheduler: StepLR schedules another optimizer");
  }

  @Test
  void aLossThatIsNotOneNumberIsRejected() {
    Module model = Blobs.mlp(3L);
    Trainer trainer =
        new Trainer(model, new CrossEntropyLoss(Reduction.NONE), new Adam(model.parameters()))
            .setProgress(ProgressStyle.SILENT);
    assertThatThrownBy(() -> trainer.fit(new DataLoader(Blobs.of(20, 1L), 5), null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trainer.fit: the loss must be a single number, got shape [5]")
        .hasMessageContaining("Reduction.MEAN");
  }

  @Test
  void checkpointMetadataHoldsTheEpochFigures() throws Exception {
    // the checkpoint's metadata strings come from the epoch's figures; NaN is an empty string
    Module model = Blobs.mlp(3L);
    Trainer trainer = blobTrainer(model).setProgress(ProgressStyle.SILENT);
    new CheckpointEvery(1, dir).onEpochEnd(new EpochStats(3, 0.25, 0.5, 0.875, 1, 10), trainer);
    Checkpoint.Info info =
        Checkpoint.load(
            dir.resolve("checkpoint-epoch-0003.safetensors"), Blobs.mlp(4L), trainer.optimizer());
    assertThat(info.metadata())
        .isEqualTo(Map.of("train_loss", "0.25", "val_loss", "0.5", "val_accuracy", "0.875"));
    assertThat(info.optimizerRestored()).isTrue();
  }
}
