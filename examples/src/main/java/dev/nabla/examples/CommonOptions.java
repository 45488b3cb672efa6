package dev.nabla.examples;

import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every training example takes. Each example makes its own instance with its defaults,
 * so {@code --help} shows them. Values are checked as they are parsed ({@link OptionValues}),
 * before the example does any work.
 */
final class CommonOptions {
  static {
    // nabla-datasets names its data source in one INFO record: print it as one line, not two.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%6$s%n");
    }
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  CommonOptions(String example, int epochs, int batchSize, double lr) {
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.lr = lr;
    this.out = Path.of("out", example);
  }

  @Option(
      names = "--epochs",
      paramLabel = "N",
      converter = OptionValues.AtLeastOne.class,
      description = "Epochs to train, at least 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      converter = OptionValues.AtLeastOne.class,
      description = "Mini-batch size, at least 1 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      paramLabel = "X",
      converter = OptionValues.PositiveFinite.class,
      description = "Learning rate, a finite number > 0 (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--seed",
      paramLabel = "S",
      converter = OptionValues.WholeNumber.class,
      description = "Seed for weights, shuffling and dropout (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory holding the IDX files (raw or .gz), and the only place looked at "
              + "(default: the cache, the system folder, then the embedded copy).")
  Path dataDir;

  @Option(
      names = "--download",
      description =
          "Download missing files from the dataset's mirrors (into --data-dir or the cache).")
  boolean download;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output directory for model.safetensors, history.csv and history.png (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--threads",
      paramLabel = "T",
      converter = OptionValues.AtLeastOne.class,
      description = "Kernel threads, at least 1 (default: all cores).")
  Integer threads;

  @Option(
      names = "--progress",
      paramLabel = "AUTO|BAR|LINES|OFF|SILENT",
      description = "Progress display: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  dev.nabla.train.ProgressStyle progress = dev.nabla.train.ProgressStyle.AUTO;

  @Option(
      names = "--resume",
      description =
          "Continue from the checkpoint ("
              + Trainer.MODEL_FILE
              + ") in the output directory, after its last finished epoch, up to --epochs.")
  boolean resume;

  /**
   * Checks what concerns the run as a whole and sets the thread count; every example calls it
   * first, before any work. {@code variant} names the default output folder ({@link #out(String)}).
   */
  void begin(String variant) {
    Path dir = out(variant);
    if (Files.isRegularFile(dir)) {
      throw new ParameterException(
          command.commandLine(), "--out must be a directory, got the file " + dir);
    }
    if (dataDir != null && !download && !Files.isDirectory(dataDir)) {
      throw new ParameterException(
          command.commandLine(),
          "--data-dir: expected a directory holding the IDX files, got "
              + dataDir
              + (Files.exists(dataDir) ? ", which is not a directory" : ", which does not exist")
              + " (add --download to fetch the files into it)");
    }
    if (resume && !Files.isRegularFile(dir.resolve(Trainer.MODEL_FILE))) {
      throw new ParameterException(
          command.commandLine(),
          "--resume: no checkpoint to continue from in "
              + dir
              + ": expected the file "
              + dir.resolve(Trainer.MODEL_FILE));
    }
    // Made now, so that a folder that cannot be written fails before the training, not after it.
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      String why =
          switch (e) {
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case java.nio.file.AccessDeniedException f -> "permission denied for " + f.getFile();
            case java.nio.file.FileAlreadyExistsException f ->
                f.getFile() + " exists and is not a directory";
            case FileSystemException f -> "the system refused to create " + f.getFile();
            default -> e.getMessage();
          };
      throw new ParameterException(
          command.commandLine(), "--out: cannot create the directory " + dir + ": " + why);
    }
    if (!Files.isWritable(dir)) {
      throw new ParameterException(
          command.commandLine(), "--out: the directory " + dir + " is not writable");
    }
    // Layers built without a seed of their own (custom-op's) draw from the global generator.
    dev.nabla.core.Nabla.manualSeed(seed);
    applyThreads();
  }

  /** Sets the kernel thread count; must run before the first tensor op of the process. */
  void applyThreads() {
    if (threads != null) {
      System.setProperty("nabla.threads", Integer.toString(threads));
    }
  }

  /**
   * The output directory: {@code --out} when given, else {@code out/<variant>}, so that variants of
   * one example (fashion-mnist's cnn and mlp) keep their outputs apart.
   */
  Path out(String variant) {
    boolean given =
        command != null
            && command.commandLine().getParseResult() != null
            && command.commandLine().getParseResult().hasMatchedOption("--out");
    return given ? out : Path.of("out", variant);
  }
}
