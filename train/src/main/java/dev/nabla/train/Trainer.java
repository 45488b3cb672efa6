package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Example;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.internal.ProgressOutput;
import dev.nabla.train.internal.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training loop: trains a model with a loss and an optimizer over a {@link DataLoader}'s
 * batches, evaluates it after each epoch, reports progress and records a {@link History}.
 *
 * <pre>{@code
 * Module model = new Sequential(new Dense(784, 128), new ReLU(), new Dense(128, 10));
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.namedParameters()))
 *     .addCallback(new EarlyStopping())
 *     .setOutputDir(Path.of("runs/mlp"));        // history.csv, history.png, model.safetensors
 * History history = trainer.fit(trainLoader, testLoader, 10);
 * }</pre>
 *
 * <p>Each epoch: the model in training mode runs every training batch (forward, loss, backward,
 * optimizer step); then, with a validation loader, the model in evaluation mode and with recording
 * off computes the validation loss and, when the targets are INT32 class indices or one-hot rows,
 * the accuracy (arg-max over axis 1). The figures ({@link EpochStats}) are appended to the history
 * and printed; the learning-rate schedule, if any, steps; the callbacks run. Losses are means over
 * examples (each batch's loss weighted by its size), so a smaller last batch counts for what it
 * holds.
 *
 * <p>Training that diverges stops: a batch whose loss is NaN or infinite throws a {@link
 * DivergenceException} (naming the epoch, the batch and the loss) before its update, and neither
 * {@link CheckpointEvery} nor the {@linkplain #setOutputDir output directory} ever writes a model
 * or optimizer state holding a NaN or an infinity.
 *
 * <p>Reproducibility: with the same seeds (the model's initialisers and Dropout layers, the
 * loader's shuffle) and the same {@linkplain dev.nabla.core.Backend kernels and thread count},
 * {@code fit} gives bit-identical weights run after run. The thread count changes nothing for
 * models without convolutions; a convolution's weight gradient is summed per thread and so rounds
 * differently with another thread count ({@link dev.nabla.core.Backend} says exactly what).
 *
 * <p>Progress goes to standard output by default: a live bar on a terminal, plain lines otherwise
 * ({@link ProgressStyle}); each epoch ends with its line ({@link EpochStats#line}), in every style
 * but {@link ProgressStyle#SILENT}. A trainer is not thread-safe.
 */
public final class Trainer {
  /** The history's CSV in the {@linkplain #setOutputDir output directory}. */
  public static final String HISTORY_CSV = "history.csv";

  /** The history's chart in the output directory. */
  public static final String HISTORY_PNG = "history.png";

  /**
   * The {@link Checkpoint} of the last finished epoch (model and optimizer) in the output
   * directory.
   */
  public static final String MODEL_FILE = "model.safetensors";

  /**
   * The checkpoint metadata key under which the output directory's checkpoint holds the run's
   * history (as {@link History#toCsv()}), which {@link #resumeFrom} restores.
   */
  public static final String HISTORY_METADATA = "history_csv";

  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<Callback> callbacks = new ArrayList<>();
  private LRScheduler scheduler;
  private ProgressOutput progress;

  /** The {@linkplain #setOutputDir output directory}, or null. */
  private RunFolder folder;

  private int completedEpochs;
  private boolean stopRequested;
  private History history = new History();

  /** Every epoch of the run so far, those before a {@link #resumeFrom} included. */
  private History run = new History();

  private String title;

  /**
   * A trainer of {@code model} minimising {@code loss} (which must reduce to one number) with
   * {@code optimizer}, which should hold the model's parameters.
   */
  public Trainer(Module model, Loss loss, Optimizer optimizer) {
    if (model == null || loss == null || optimizer == null) {
      throw new IllegalArgumentException(
          "Trainer: model, loss and optimizer must not be null, got model="
              + (model == null ? null : "given")
              + ", loss="
              + loss
              + ", optimizer="
              + (optimizer == null ? null : optimizer.name()));
    }
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    setProgress(ProgressStyle.AUTO, System.out);
  }

  // ---------------------------------------------------------------- options

  /** A learning-rate schedule stepped once after each epoch (null for none); returns this. */
  public Trainer setScheduler(LRScheduler scheduler) {
    if (scheduler != null && scheduler.optimizer() != optimizer) {
      throw new IllegalArgumentException(
          "Trainer.setScheduler: "
              + scheduler.name()
              + " schedules another optimizer than this "
              + "trainer's "
              + optimizer.name());
    }
    this.scheduler = scheduler;
    return this;
  }

  /** Adds callbacks, run in the order added; returns this. */
  public Trainer addCallback(Callback... added) {
    if (added == null) {
      throw new IllegalArgumentException("Trainer.addCallback: callbacks must not be null");
    }
    for (int i = 0; i < added.length; i++) {
      if (added[i] == null) {
        throw new IllegalArgumentException("Trainer.addCallback: callback " + i + " is null");
      }
      callbacks.add(added[i]);
    }
    return this;
  }

  /** Progress in {@code style} on standard output; returns this. */
  public Trainer setProgress(ProgressStyle style) {
    return setProgress(style, System.out);
  }

  /**
   * Progress in {@code style} on {@code out}; returns this. {@link ProgressStyle#AUTO} draws a bar
   * when {@code System.console()} is a terminal and prints plain lines otherwise.
   */
  public Trainer setProgress(ProgressStyle style, PrintStream out) {
    if (style == null || out == null) {
      throw new IllegalArgumentException(
          "Trainer.setProgress: style and out must not be null, got style="
              + style
              + ", out="
              + out);
    }
    this.progress =
        switch (style) {
          case SILENT -> ProgressOutput.silent();
          case OFF -> ProgressOutput.off(out);
          case LINES -> ProgressOutput.lines(out);
          case BAR -> ProgressOutput.bar(out, -1);
          case AUTO ->
              ProgressOutput.isTerminal() ? ProgressOutput.bar(out, -1) : ProgressOutput.lines(out);
        };
    return this;
  }

  /**
   * Package-private for tests: a bar of a fixed width, which needs no terminal to measure, redrawn
   * by {@code nanoClock}'s time.
   */
  Trainer setBarProgress(PrintStream out, int width, java.util.function.LongSupplier nanoClock) {
    this.progress = ProgressOutput.bar(out, width, nanoClock);
    return this;
  }

  /**
   * Writes the run into {@code dir} (created when missing) as each epoch ends, so that an
   * interrupted run (Ctrl-C, a crash, a kill) loses at most the epoch it was in: {@value
   * #HISTORY_CSV} and {@value #HISTORY_PNG} with every epoch of the run so far, and the {@link
   * Checkpoint} {@value #MODEL_FILE} of the last finished epoch (model, optimizer and epoch; the
   * schedule and the loader's shuffling follow from the epoch), which {@link #resumeFrom}
   * continues. Each file is replaced atomically, so a reader sees the previous epoch's or the new
   * one's. After the last epoch the checkpoint is written once more, holding what the callbacks'
   * end left (the best weights {@link EarlyStopping} restored). Null for none. Returns this.
   */
  public Trainer setOutputDir(Path dir) {
    this.folder = dir == null ? null : new RunFolder(dir, this::log);
    return this;
  }

  /**
   * The title of the history chart the {@linkplain #setOutputDir output directory} receives: the
   * run and its settings, for instance {@code "mnist-cnn · batch 128 · lr 0.001 · Adam"}; null for
   * none. Returns this.
   */
  public Trainer setTitle(String title) {
    this.title = title;
    return this;
  }

  /** The history chart's title, or null. */
  public String title() {
    return title;
  }

  /**
   * Loads a {@link Checkpoint} into the model and the optimizer and continues from its epoch: the
   * next {@link #fit} starts at the epoch after it, with the loader's shuffling and the schedule
   * where they were. The history of the earlier epochs comes along (a checkpoint of the {@linkplain
   * #setOutputDir output directory} holds it; for another one, the output directory's {@value
   * #HISTORY_CSV} is read when {@code fit} starts), so the output directory's history holds the
   * whole run, epoch 1 to the last.
   */
  public Checkpoint.Info resumeFrom(Path checkpoint) throws IOException {
    Checkpoint.Info info = Checkpoint.load(checkpoint, model, optimizer);
    completedEpochs = info.epoch();
    String csv = info.metadata().get(HISTORY_METADATA);
    run = new History();
    if (csv != null) {
      try {
        run =
            RunFolder.firstEpochs(
                History.fromCsv(csv, checkpoint + " (metadata '" + HISTORY_METADATA + "')"),
                completedEpochs);
      } catch (IllegalArgumentException e) {
        progress.line("the earlier epochs' history is not readable: " + e.getMessage());
      }
    }
    return info;
  }

  // ---------------------------------------------------------------- training

  /**
   * Trains until epoch {@code epochs} (counting from 1, like Keras' {@code epochs}; after {@link
   * #resumeFrom} or an earlier {@code fit} the count continues where it stopped) or until a
   * callback calls {@link #stop()}, and returns the history of the epochs this call ran.
   *
   * @param train the training batches; its epoch counter is set so that epoch {@code e} visits
   *     {@code train.order(e - 1)}
   * @param validation the validation batches, or null to skip validation
   * @param epochs the last epoch to run, at least 1
   */
  public History fit(DataLoader train, DataLoader validation, int epochs) {
    if (train == null) {
      throw new IllegalArgumentException("Trainer.fit: the training loader must not be null");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("Trainer.fit: epochs must be at least 1, got " + epochs);
    }
    history = new History();
    stopRequested = false;
    if (folder != null && run.size() != completedEpochs) {
      run = folder.earlierEpochs(completedEpochs);
    }
    if (scheduler != null && scheduler.epoch() != completedEpochs) {
      scheduler.loadStateDict(Map.of("last_epoch", Tensor.scalar((double) completedEpochs)));
    }
    for (Callback c : callbacks) {
      c.onTrainBegin(this);
    }
    for (int epoch = completedEpochs + 1; epoch <= epochs && !stopRequested; epoch++) {
      train.setEpoch(epoch - 1);
      EpochStats stats = runEpoch(epoch, epochs, train, validation);
      history.add(stats);
      run.add(stats);
      completedEpochs = epoch;
      progress.line(stats.line(epochs));
      if (scheduler != null) {
        scheduler.step();
      }
      for (Callback c : callbacks) {
        c.onEpochEnd(stats, this);
      }
      if (folder != null) {
        folder.writeEpoch(model, optimizer, completedEpochs, run, title);
      }
    }
    for (Callback c : callbacks) {
      c.onTrainEnd(history, this);
    }
    if (folder != null && !history.isEmpty()) {
      // what onTrainEnd left (EarlyStopping's best weights)
      folder.writeCheckpoint(model, optimizer, completedEpochs, run);
      progress.line(
          "wrote "
              + HISTORY_CSV
              + ", "
              + HISTORY_PNG
              + " and "
              + MODEL_FILE
              + " to "
              + folder.dir());
    }
    return history;
  }

  private EpochStats runEpoch(int epoch, int epochs, DataLoader train, DataLoader validation) {
    long start = System.nanoTime();
    double lossSum = 0;
    long samples = 0;
    double trainSeconds;
    Metrics.Evaluation val = null;
    model.train();
    try (ProgressOutput.Epoch bar = progress.startEpoch(epoch, epochs, train.size());
        DataLoader.Batches batches = train.iterator()) {
      int done = 0;
      double lastFinite = Double.NaN;
      while (batches.hasNext()) {
        Example batch = batches.next();
        optimizer.zeroGrad();
        Tensor out = model.apply(batch.input());
        Tensor value = loss.apply(out, batch.target());
        double v = Metrics.scalarLoss("Trainer.fit", value);
        if (!Double.isFinite(v)) {
          // Stop before this batch's step writes NaN or Inf into the parameters.
          throw diverged(epoch, done + 1, train.size(), v, lastFinite);
        }
        lastFinite = v;
        value.backward();
        optimizer.step();
        int n = batch.input().dim(0);
        lossSum += v * n;
        samples += n;
        bar.batch(++done, samples, lossSum / samples, (System.nanoTime() - start) / 1e9);
      }
      trainSeconds = (System.nanoTime() - start) / 1e9;
      if (validation != null) {
        int total = validation.size();
        bar.validating(0, total);
        val = Metrics.evaluate(model, validation, loss, n -> bar.validating(n, total));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochStats(
        epoch,
        samples == 0 ? Double.NaN : lossSum / samples,
        val == null ? Double.NaN : val.loss(),
        val == null ? Double.NaN : val.accuracy(),
        seconds,
        samples == 0 || trainSeconds <= 0 ? 0 : samples / trainSeconds);
  }

  private static DivergenceException diverged(
      int epoch, int batch, int batches, double v, double lastFinite) {
    return new DivergenceException(
        "Trainer.fit: training diverged at epoch "
            + epoch
            + ", batch "
            + batch
            + " of "
            + batches
            + ": the loss is "
            + v
            + (Double.isNaN(lastFinite) ? "" : " (the batch before: " + lastFinite + ")")
            + ". Stopped before this batch's update: the parameters are those the batch before "
            + "left, and nothing was saved from them. Lower the learning rate, clip the "
            + "gradients (GradClip), or find the op that produced it with Grad.detectAnomaly()",
        epoch,
        batch,
        v);
  }

  // ---------------------------------------------------------------- for callbacks

  /** Asks {@link #fit} to stop after the current epoch (callbacks call it). */
  public void stop() {
    stopRequested = true;
  }

  /** Whether a callback asked to stop during the current {@link #fit}. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /** Prints a line to the progress output, unless progress is {@link ProgressStyle#SILENT}. */
  public void log(String line) {
    progress.line(line);
  }

  /** The model trained. */
  public Module model() {
    return model;
  }

  /** The loss minimised. */
  public Loss loss() {
    return loss;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The learning-rate schedule, or null. */
  public LRScheduler scheduler() {
    return scheduler;
  }

  /** Epochs completed so far, over all {@link #fit} calls and the checkpoint resumed from. */
  public int completedEpochs() {
    return completedEpochs;
  }

  /**
   * The history of the current (or last) {@link #fit} call; {@link #runHistory()} has the whole
   * run.
   */
  public History history() {
    return history;
  }

  /**
   * Every epoch of the run so far: those of every {@link #fit} call and, after {@link #resumeFrom},
   * the earlier ones the checkpoint (or the output directory) recorded.
   */
  public History runHistory() {
    return run;
  }
}
