package dev.nabla.examples;

import dev.nabla.train.ProgressStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of {@code ./nabla char-lm}. The model's sizes default to the preset's: {@code
 * default} is the PyTorch reference's configuration, {@code small} a model that trains in under a
 * minute (for CI and a first look).
 */
final class CharLmOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The model and run sizes each preset stands for. */
  enum Preset {
    DEFAULT(4, 4, 128, 128, 32, 5.0, 400),
    SMALL(2, 2, 64, 64, 16, 0.5, 200);

    final int layers;
    final int heads;
    final int embd;
    final int context;
    final int batch;
    final double minutes;
    final int tokens;

    Preset(int layers, int heads, int embd, int context, int batch, double minutes, int tokens) {
      this.layers = layers;
      this.heads = heads;
      this.embd = embd;
      this.context = context;
      this.batch = batch;
      this.minutes = minutes;
      this.tokens = tokens;
    }
  }

  @Option(
      names = "--preset",
      paramLabel = "DEFAULT|SMALL",
      description =
          "default: 4 layers, 4 heads, width 128, context 128, batch 32, 5 minutes; small: 2, 2,"
              + " 64, 64, 16, 30 seconds (default: ${DEFAULT-VALUE}).")
  Preset preset = Preset.DEFAULT;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      converter = OptionValues.PositiveFinite.class,
      description = "Training wall time in minutes (default: the preset's, 5 or 0.5).")
  Double minutes;

  @Option(
      names = "--steps",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Stop after N steps if that comes before --minutes (default: no limit).")
  Integer steps;

  @Option(
      names = "--layers",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Transformer blocks (default: the preset's).")
  Integer layers;

  @Option(
      names = "--heads",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Attention heads; must divide --embd (default: the preset's).")
  Integer heads;

  @Option(
      names = "--embd",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Embedding width (default: the preset's).")
  Integer embd;

  @Option(
      names = "--context",
      paramLabel = "T",
      converter = OptionValues.AtLeastOne.class,
      description = "Context length in characters (default: the preset's).")
  Integer context;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      converter = OptionValues.AtLeastOne.class,
      description = "Windows per step (default: the preset's).")
  Integer batch;

  @Option(
      names = "--lr",
      paramLabel = "X",
      converter = OptionValues.PositiveFinite.class,
      description = "Peak learning rate of AdamW (default: ${DEFAULT-VALUE}).")
  double lr = 1e-3;

  @Option(
      names = "--weight-decay",
      paramLabel = "X",
      converter = OptionValues.NonNegativeFinite.class,
      description = "AdamW's decoupled weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay = 0.1;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Steps of linear learning-rate warm-up (default: ${DEFAULT-VALUE}).")
  int warmup = 100;

  @Option(
      names = "--clip",
      paramLabel = "X",
      converter = OptionValues.PositiveFinite.class,
      description = "Gradient clipping: largest global norm (default: ${DEFAULT-VALUE}).")
  double clip = 1.0;

  @Option(
      names = "--eval-every",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description =
          "Steps between the history's points (training loss, validation loss on the"
              + " --eval-batches), evaluated inside the time budget (default: ${DEFAULT-VALUE}).")
  int evalEvery = 100;

  @Option(
      names = "--eval-batches",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Fixed validation batches of the validation loss (default: ${DEFAULT-VALUE}).")
  int evalBatches = 20;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "Text to continue after training (default: \"${DEFAULT-VALUE}\").")
  String prompt = "It is a truth universally acknowledged";

  @Option(
      names = "--tokens",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Characters to sample (default: the preset's, 400 or 200).")
  Integer tokens;

  @Option(
      names = "--temperature",
      paramLabel = "X",
      converter = OptionValues.PositiveFinite.class,
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature = 0.8;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      converter = OptionValues.NonNegativeWhole.class,
      description =
          "Sample among the K likeliest characters; 0 for all (default: ${DEFAULT-VALUE}).")
  int topK = 40;

  @Option(
      names = "--seed",
      paramLabel = "S",
      converter = OptionValues.WholeNumber.class,
      description = "Seed for weights, batches and sampling (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory holding the six novels as UTF-8 .txt files, checked against their sha256"
              + " (default: the copy embedded in nabla-datasets).")
  Path dataDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output directory for model.safetensors, history.csv and history.png (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("out", "char-lm");

  @Option(
      names = "--threads",
      paramLabel = "T",
      converter = OptionValues.AtLeastOne.class,
      description = "Kernel threads, at least 1 (default: all cores).")
  Integer threads;

  @Option(
      names = "--progress",
      paramLabel = "AUTO|BAR|LINES|OFF|SILENT",
      description =
          "AUTO or BAR: a live line on a terminal; the other styles print the interval lines"
              + " only (default: ${DEFAULT-VALUE}).")
  ProgressStyle progress = ProgressStyle.AUTO;

  int layers() {
    return layers != null ? layers : preset.layers;
  }

  int heads() {
    return heads != null ? heads : preset.heads;
  }

  int embd() {
    return embd != null ? embd : preset.embd;
  }

  int context() {
    return context != null ? context : preset.context;
  }

  int batch() {
    return batch != null ? batch : preset.batch;
  }

  double seconds() {
    return 60 * (minutes != null ? minutes : preset.minutes);
  }

  int tokenCount() {
    return tokens != null ? tokens : preset.tokens;
  }

  /** The run's settings in one line, for the log, the chart's title and the checkpoint. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%d layers, %d heads, width %d, context %d, batch %d, AdamW lr %s wd %s",
        layers(),
        heads(),
        embd(),
        context(),
        batch(),
        lr,
        weightDecay);
  }

  /** Checks what concerns the run as a whole and sets the thread count, before any work. */
  void begin() {
    if (embd() % heads() != 0) {
      throw new ParameterException(
          command.commandLine(),
          "--heads: the embedding width "
              + embd()
              + " must be a multiple of the heads, got "
              + heads());
    }
    if (dataDir != null && !Files.isDirectory(dataDir)) {
      throw new ParameterException(
          command.commandLine(),
          "--data-dir: expected a directory holding the six novels, got "
              + dataDir
              + (Files.exists(dataDir) ? ", which is not a directory" : ", which does not exist"));
    }
    try {
      Files.createDirectories(out);
    } catch (IOException | SecurityException e) {
      throw new ParameterException(
          command.commandLine(), "--out: cannot create the directory " + out + ": " + e);
    }
    if (!Files.isWritable(out)) {
      throw new ParameterException(
          command.commandLine(), "--out: the directory " + out + " is not writable");
    }
    dev.nabla.core.Nabla.manualSeed(seed);
    if (threads != null) {
      System.setProperty("nabla.threads", Integer.toString(threads));
    }
  }

  /** A bad option value found after the data is loaded (a prompt character not in the text). */
  ParameterException bad(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
