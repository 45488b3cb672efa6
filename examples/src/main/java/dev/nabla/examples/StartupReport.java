package dev.nabla.examples;

import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.Example;
import java.util.Locale;

/**
 * With the system property {@code nabla.startup=true} (e.g. {@code
 * NABLA_JAVA_OPTS=-Dnabla.startup=true ./nabla mnist-mlp}), one stderr line says how long after the
 * process started the first training batch was done: the moment the second batch is asked for, when
 * the first step (forward, backward, optimizer) has ended. Otherwise the dataset is used as it is.
 */
final class StartupReport implements Dataset {
  private final Dataset train;
  private int batches;

  private StartupReport(Dataset train) {
    this.train = train;
  }

  /** {@code train}, wrapped to report the start-up when {@code nabla.startup} is true. */
  static Dataset wrap(Dataset train) {
    return Boolean.getBoolean("nabla.startup") ? new StartupReport(train) : train;
  }

  @Override
  public int size() {
    return train.size();
  }

  @Override
  public Example get(int i) {
    return train.get(i);
  }

  @Override
  public Example batch(int[] indices) {
    if (++batches == 2) {
      long now = System.currentTimeMillis();
      System.err.println(
          ProcessHandle.current()
              .info()
              .startInstant()
              .map(
                  t ->
                      String.format(
                          Locale.ROOT,
                          "nabla: first training batch done %.3f s after the process started",
                          (now - t.toEpochMilli()) / 1000.0))
              .orElse("nabla: first training batch done (the process start time is unknown)"));
    }
    return train.batch(indices);
  }
}
