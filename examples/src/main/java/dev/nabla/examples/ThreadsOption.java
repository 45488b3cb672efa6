package dev.nabla.examples;

import picocli.CommandLine.Option;

/**
 * {@code --threads T} of the commands that run models without training them (run-onnx, onnx-mnist).
 */
final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "T",
      converter = OptionValues.AtLeastOne.class,
      description = "Kernel threads, at least 1 (default: all cores).")
  Integer threads;

  /** Sets the kernel thread count; must run before the first tensor op of the process. */
  void apply() {
    if (threads != null) {
      System.setProperty("nabla.threads", Integer.toString(threads));
    }
  }

  @Override
  public String toString() {
    return threads == null ? "all" : threads.toString();
  }
}
