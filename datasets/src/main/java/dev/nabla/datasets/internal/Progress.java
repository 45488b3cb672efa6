package dev.nabla.datasets.internal;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A download's progress bar on stderr (me.tongfei:progressbar), or nothing when quiet. */
abstract class Progress implements AutoCloseable {
  abstract void update(long bytes);

  @Override
  public abstract void close();

  static Progress start(String task, long totalBytes, boolean enabled) {
    if (!enabled) {
      return new Progress() {
        @Override
        void update(long bytes) {}

        @Override
        public void close() {}
      };
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(totalBytes)
            .setUnit(" MiB", 1 << 20)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
    return new Progress() {
      @Override
      void update(long bytes) {
        bar.stepTo(bytes);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
