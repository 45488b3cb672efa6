package dev.nabla.train.internal;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where the trainer's progress goes: a live bar (me.tongfei:progressbar) on a terminal, plain lines
 * elsewhere, or nothing. One {@link Epoch} per epoch receives the batches; the epoch's summary line
 * is printed after it is closed.
 */
public abstract class ProgressOutput {
  /** The progress of one epoch. */
  public interface Epoch extends AutoCloseable {
    /**
     * Batch {@code done} (counting from 1) of the epoch has finished.
     *
     * @param samples training examples so far this epoch
     * @param runningLoss mean loss so far this epoch
     * @param seconds seconds since the epoch started
     */
    void batch(int done, long samples, double runningLoss, double seconds);

    /** Ends the display of this epoch (the bar stops redrawing); nothing by default. */
    @Override
    default void close() {}
  }

  /** Starts epoch {@code epoch} of {@code epochs}, which has {@code batches} batches. */
  public abstract Epoch startEpoch(int epoch, int epochs, int batches);

  /** Prints a whole line (an epoch's summary, a callback's message). */
  public abstract void line(String text);

  /** Nothing at all. */
  public static ProgressOutput off() {
    return new ProgressOutput() {
      @Override
      public Epoch startEpoch(int epoch, int epochs, int batches) {
        return (done, samples, loss, seconds) -> {};
      }

      @Override
      public void line(String text) {}
    };
  }

  /** Whether standard output is an interactive terminal, where a redrawn bar makes sense. */
  public static boolean isTerminal() {
    Console console = System.console();
    return console != null && console.isTerminal();
  }

  /**
   * Plain lines on {@code out}: during an epoch, a line each time another tenth of its batches is
   * done (at most nine; the epoch's own line covers the end).
   */
  public static ProgressOutput lines(PrintStream out) {
    return new ProgressOutput() {
      @Override
      public Epoch startEpoch(int epoch, int epochs, int batches) {
        return (done, samples, loss, seconds) -> {
          if (done < batches && tenths(done, batches) > tenths(done - 1, batches)) {
            double eta = seconds / done * (batches - done);
            out.println(String.format(Locale.ROOT,
                "epoch %d/%d batch %d/%d loss=%.4f samples/s=%.0f eta=%.1fs",
                epoch, epochs, done, batches, loss, rate(samples, seconds), eta));
          }
        };
      }

      @Override
      public void line(String text) {
        out.println(text);
      }
    };
  }

  private static long tenths(int done, int batches) {
    return (long) done * 10 / batches;
  }

  private static double rate(long samples, double seconds) {
    return seconds > 0 ? samples / seconds : 0;
  }

  /**
   * A live bar on {@code out}, redrawn in place; {@code width} is the bar's maximum rendered length,
   * or -1 to fit the terminal.
   */
  public static ProgressOutput bar(PrintStream out, int width) {
    return new ProgressOutput() {
      @Override
      public Epoch startEpoch(int epoch, int epochs, int batches) {
        EndingConsumer consumer = new EndingConsumer(width > 0
            ? new ConsoleProgressBarConsumer(out, width)
            : new ConsoleProgressBarConsumer(out));
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(consumer)
                .build();
        return new Epoch() {
          @Override
          public void batch(int done, long samples, double loss, double seconds) {
            bar.setExtraMessage(String.format(Locale.ROOT,
                "loss=%.4f %.0f samples/s", loss, rate(samples, seconds)));
            bar.stepTo(done);
          }

          @Override
          public void close() {
            bar.close();
            // progressbar 0.10.1 skips its closing newline when the bar closes before its first
            // scheduled redraw (a short epoch); its one render thread has finished by now.
            consumer.end();
          }
        };
      }

      @Override
      public void line(String text) {
        out.println(text);
      }
    };
  }

  /** Remembers whether the bar ended its line, so that a bar that did not can be ended. */
  private static final class EndingConsumer implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer inner;
    private volatile boolean closed;

    EndingConsumer(ConsoleProgressBarConsumer inner) {
      this.inner = inner;
    }

    @Override
    public int getMaxRenderedLength() {
      return inner.getMaxRenderedLength();
    }

    @Override
    public void accept(String rendered) {
      inner.accept(rendered);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        inner.close();
      }
    }

    void end() {
      close();
    }
  }
}
