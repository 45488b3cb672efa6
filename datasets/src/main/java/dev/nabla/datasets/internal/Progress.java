package dev.nabla.datasets.internal;

import java.io.Console;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A download's progress on stderr: a live bar (me.tongfei:progressbar) on a terminal, two plain
 * lines (start and end) when stderr is a file or a pipe, where a redrawn bar would be clutter.
 */
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
    Console console = System.console();
    return console != null && console.isTerminal()
        ? bar(task, totalBytes, System.err)
        : lines(task, totalBytes, System.err);
  }

  /** A live bar; {@code totalBytes < 0} (unknown length) draws an indefinite one. */
  static Progress bar(String task, long totalBytes, PrintStream out) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(totalBytes)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUnit(" MiB", 1 << 20)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(out))
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

  /** One line when the download starts and one when it ends. */
  static Progress lines(String task, long totalBytes, PrintStream out) {
    out.println(
        "nabla: downloading " + task + (totalBytes >= 0 ? " (" + totalBytes + " bytes)" : ""));
    long start = System.nanoTime();
    return new Progress() {
      private long received;

      @Override
      void update(long bytes) {
        received = bytes;
      }

      @Override
      public void close() {
        out.printf(
            "nabla: %s: %d bytes in %.1f s%n", task, received, (System.nanoTime() - start) / 1e9);
      }
    };
  }
}
