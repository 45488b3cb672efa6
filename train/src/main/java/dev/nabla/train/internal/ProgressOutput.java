package dev.nabla.train.internal;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where the trainer's progress goes: a live bar on a terminal, plain lines elsewhere, the epochs'
 * lines alone, or nothing. One {@link Epoch} per epoch receives the batches, then the validation
 * batches; the epoch's summary line is printed with {@link #line} after it is closed.
 *
 * <p>The bar is drawn by the training thread itself, at most every {@value #REDRAW_MILLIS} ms and
 * never the same frame twice, so no other thread can draw over or after a line: a frame is erased
 * before any line is printed and when its epoch closes, and each line ends with a newline.
 */
public abstract class ProgressOutput {
  /** The least time between two frames of the bar. */
  public static final int REDRAW_MILLIS = 100;

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

    /** Validation batch {@code done} of {@code total} has finished ({@code done} 0: it starts). */
    default void validating(int done, int total) {}

    /** Ends the display of this epoch (the bar is erased); nothing by default. */
    @Override
    default void close() {}
  }

  private static final Epoch NOTHING = (done, samples, loss, seconds) -> {};

  /** Starts epoch {@code epoch} of {@code epochs}, which has {@code batches} batches. */
  public abstract Epoch startEpoch(int epoch, int epochs, int batches);

  /** Prints a whole line (an epoch's summary, a callback's message). */
  public abstract void line(String text);

  /** Nothing at all. */
  public static ProgressOutput silent() {
    return new ProgressOutput() {
      @Override
      public Epoch startEpoch(int epoch, int epochs, int batches) {
        return NOTHING;
      }

      @Override
      public void line(String text) {}
    };
  }

  /** No progress within an epoch: only the whole lines (the epochs' summaries) on {@code out}. */
  public static ProgressOutput off(PrintStream out) {
    return new ProgressOutput() {
      @Override
      public Epoch startEpoch(int epoch, int epochs, int batches) {
        return NOTHING;
      }

      @Override
      public void line(String text) {
        out.println(text);
      }
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
            out.println(
                String.format(
                    Locale.ROOT,
                    "epoch %d/%d batch %d/%d loss=%.4f samples/s=%.0f eta=%.1fs",
                    epoch,
                    epochs,
                    done,
                    batches,
                    loss,
                    rate(samples, seconds),
                    eta));
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
   * A live bar on {@code out}, redrawn in place with a carriage return; {@code width} is the
   * longest frame in characters, or -1 for the terminal's width ({@code COLUMNS}, else 80).
   */
  public static ProgressOutput bar(PrintStream out, int width) {
    return new LiveBar(out, width > 0 ? width : terminalWidth(), System::nanoTime);
  }

  /** As {@link #bar(PrintStream, int)} with the clock that decides when to redraw (for tests). */
  public static ProgressOutput bar(PrintStream out, int width, LongSupplier nanoClock) {
    return new LiveBar(out, width, nanoClock);
  }

  private static int terminalWidth() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").strip());
      return columns >= 20 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** The bar: one frame on the current line at a time, erased before anything else is printed. */
  private static final class LiveBar extends ProgressOutput {
    private final PrintStream out;
    private final int width;
    private final LongSupplier clock;
    private final char full;
    private final char empty;

    /** The frame on the line now, or null when the line is empty. */
    private String shown;

    private long shownAt;

    LiveBar(PrintStream out, int width, LongSupplier clock) {
      this.out = out;
      this.width = width;
      this.clock = clock;
      boolean blocks = out.charset().newEncoder().canEncode("\u2588\u2591");
      this.full = blocks ? '\u2588' : '#';
      this.empty = blocks ? '\u2591' : '.';
    }

    @Override
    public Epoch startEpoch(int epoch, int epochs, int batches) {
      String task = "epoch " + epoch + "/" + epochs;
      return new Epoch() {
        @Override
        public void batch(int done, long samples, double loss, double seconds) {
          double eta = done == 0 ? 0 : seconds / done * (batches - done);
          String tail =
              String.format(
                  Locale.ROOT,
                  " %d/%d %s<%s loss=%.4f %.0f samples/s",
                  done,
                  batches,
                  clock(seconds),
                  clock(eta),
                  loss,
                  rate(samples, seconds));
          draw(task, done, batches, tail, done == batches);
        }

        @Override
        public void validating(int done, int total) {
          draw(task + " validating", done, total, " " + done + "/" + total, done == 0);
        }

        @Override
        public void close() {
          erase();
        }
      };
    }

    @Override
    public void line(String text) {
      erase();
      out.println(text);
      out.flush();
    }

    /** Draws a frame unless it is the one shown or the last was drawn less than a moment ago. */
    private void draw(String head, int done, int total, String tail, boolean now) {
      long t = clock.getAsLong();
      if (shown != null && !now && t - shownAt < REDRAW_MILLIS * 1_000_000L) {
        return;
      }
      String frame = frame(head, done, total, tail);
      if (frame.equals(shown)) {
        return;
      }
      StringBuilder sb = new StringBuilder("\r").append(frame);
      if (shown != null) {
        sb.repeat(' ', Math.max(0, shown.length() - frame.length())); // over the longer frame
      }
      out.print(sb);
      out.flush();
      shown = frame;
      shownAt = t;
    }

    /** {@code head [####....] pct% tail}, cut to the width less one (no wrap at the margin). */
    private String frame(String head, int done, int total, String tail) {
      int pct = total <= 0 ? 100 : (int) ((long) done * 100 / total);
      String pctText = String.format(Locale.ROOT, " %3d%%", pct);
      int cells =
          Math.clamp(width - 1 - head.length() - 3 - pctText.length() - tail.length(), 5, 30);
      int filled = total <= 0 ? cells : (int) ((long) done * cells / total);
      StringBuilder sb = new StringBuilder(head).append(" [");
      sb.repeat(full, filled)
          .repeat(empty, cells - filled)
          .append(']')
          .append(pctText)
          .append(tail);
      return sb.length() < width ? sb.toString() : sb.substring(0, Math.max(1, width - 1));
    }

    private void erase() {
      if (shown != null) {
        out.print(new StringBuilder("\r").repeat(' ', shown.length()).append('\r'));
        out.flush();
        shown = null;
      }
    }

    private static String clock(double seconds) {
      long s = Math.round(Math.max(0, seconds));
      return s >= 3600
          ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
          : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
  }
}
