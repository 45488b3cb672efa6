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
      // The launcher's wall-clock launch time (./nabla sets it); the OS's process start time
      // (startInstant) comes from the boot time, which has a one-second resolution and drifts
      // (0.85 s early on one of these VMs), so it is only the fallback, and said to be.
      String passed = System.getenv("NABLA_LAUNCH_EPOCH_MS");
      long start =
          passed != null && passed.matches("\\d{10,16}")
              ? Long.parseLong(passed)
              : ProcessHandle.current()
                  .info()
                  .startInstant()
                  .map(t -> t.toEpochMilli())
                  .orElse(-1L);
      System.err.println(
          start < 0
              ? "nabla: first training batch done (the launch time is unknown)"
              : String.format(
                  Locale.ROOT,
                  "nabla: first training batch done %.3f s after %s",
                  (now - start) / 1000.0,
                  passed != null
                      ? "the launch"
                      : "the OS's process start time (up to a second off on some VMs)"));
    }
    return train.batch(indices);
  }
}
