package dev.nabla.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every training example takes; an example's defaults apply where one is not given. */
final class CommonOptions {
  static {
    // nabla-datasets names its data source in one INFO record: print it as one line, not two.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%6$s%n");
    }
  }

  @Option(names = "--epochs", description = "Epochs to train (default: the example's).")
  Integer epochs;

  @Option(names = "--batch-size", description = "Mini-batch size (default: the example's).")
  Integer batchSize;

  @Option(names = "--lr", description = "Learning rate (default: the example's).")
  Double lr;

  @Option(names = "--seed", description = "Seed for weights, shuffling and dropout (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--data-dir", description = "Directory holding the IDX files (raw or .gz), and the only place looked at "
      + "(default: the cache, the system folder, then the embedded copy).")
  Path dataDir;

  @Option(names = "--download", description = "Download missing files from the dataset's mirrors (into --data-dir or the cache).")
  boolean download;

  @Option(names = "--out", description = "Output directory for the checkpoint, history.csv and history.png (default: out/<example>).")
  Path out;

  @Option(names = "--threads", description = "Kernel threads (default: all cores).")
  Integer threads;

  @Option(names = "--progress", description = "Progress display: AUTO, BAR, LINES or OFF (default: ${DEFAULT-VALUE}).")
  dev.nabla.train.ProgressStyle progress = dev.nabla.train.ProgressStyle.AUTO;

  /** Sets the kernel thread count; must run before the first tensor op of the process. */
  void applyThreads() {
    if (threads != null) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
      }
      System.setProperty("nabla.threads", Integer.toString(threads));
    }
  }

  int epochs(int dflt) {
    return epochs == null ? dflt : epochs;
  }

  int batchSize(int dflt) {
    return batchSize == null ? dflt : batchSize;
  }

  double lr(double dflt) {
    return lr == null ? dflt : lr;
  }

  Path out(String example) {
    return out == null ? Path.of("out", example) : out;
  }
}
