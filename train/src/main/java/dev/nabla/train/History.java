package dev.nabla.train;

import dev.nabla.train.internal.AtomicFiles;
import dev.nabla.train.internal.HistoryChart;
import dev.nabla.train.internal.Numbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The per-epoch figures of a training run, in order, as {@link Trainer#fit} returns them; written
 * as CSV for analysis and drawn as a PNG chart.
 *
 * <pre>{@code
 * History history = trainer.fit(train, test, 10);
 * history.writeCsv(out.resolve("history.csv"));
 * history.writeChart(out.resolve("history.png"));
 * }</pre>
 */
public final class History implements Iterable<EpochStats> {
  /** The CSV header, one column per {@link EpochStats} component. */
  public static final String CSV_HEADER =
      "epoch,train_loss,val_loss,val_accuracy,seconds,samples_per_s";

  /** Default chart width in pixels. */
  public static final int CHART_WIDTH = 1000;

  /** Default chart height in pixels. */
  public static final int CHART_HEIGHT = 450;

  private final List<EpochStats> epochs = new ArrayList<>();

  /** An empty history. */
  public History() {}

  /** Appends an epoch, whose number must be above the last one's. */
  public void add(EpochStats stats) {
    if (stats == null) {
      throw new IllegalArgumentException("History.add: stats must not be null");
    }
    if (!epochs.isEmpty() && stats.epoch() <= last().epoch()) {
      throw new IllegalArgumentException(
          "History.add: epoch " + stats.epoch() + " does not follow epoch " + last().epoch());
    }
    epochs.add(stats);
  }

  /** The epochs in order (a read-only view). */
  public List<EpochStats> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** Number of epochs recorded. */
  public int size() {
    return epochs.size();
  }

  /** Whether no epoch was recorded. */
  public boolean isEmpty() {
    return epochs.isEmpty();
  }

  /** The last epoch. */
  public EpochStats last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("History.last: no epoch was recorded");
    }
    return epochs.getLast();
  }

  @Override
  public Iterator<EpochStats> iterator() {
    return epochs().iterator();
  }

  /**
   * The history as CSV: {@link #CSV_HEADER}, then one line per epoch. Losses and accuracy have six
   * significant digits, seconds three decimals and samples per second one; a figure that was not
   * measured (NaN) is an empty field, which pandas and NumPy read as missing.
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (EpochStats e : epochs) {
      sb.append(e.epoch())
          .append(',')
          .append(Numbers.significant(e.trainLoss()))
          .append(',')
          .append(Numbers.significant(e.valLoss()))
          .append(',')
          .append(Numbers.significant(e.valAccuracy()))
          .append(',')
          .append(Numbers.fixed(e.seconds(), 3))
          .append(',')
          .append(Numbers.fixed(e.samplesPerSecond(), 1))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * The history {@link #toCsv()} wrote: the header {@link #CSV_HEADER}, then one line per epoch, in
   * increasing epoch order (empty fields are figures not measured).
   *
   * @param source where the text came from, for messages (a file name)
   * @throws IllegalArgumentException naming {@code source} and the line that is not such a line
   */
  public static History fromCsv(String csv, String source) {
    if (csv == null) {
      throw new IllegalArgumentException("History.fromCsv: csv must not be null");
    }
    List<String> lines = csv.lines().toList();
    if (lines.isEmpty() || !lines.getFirst().strip().equals(CSV_HEADER)) {
      throw new IllegalArgumentException(
          "History.fromCsv: "
              + source
              + " does not start with the header '"
              + CSV_HEADER
              + "', got '"
              + (lines.isEmpty() ? "" : lines.getFirst())
              + "'");
    }
    History h = new History();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        String[] f = line.split(",", -1);
        if (f.length != 6) {
          throw new IllegalArgumentException("expected 6 fields, got " + f.length);
        }
        h.add(
            new EpochStats(
                Integer.parseInt(f[0].strip()),
                Numbers.parse(f[1]),
                Numbers.parse(f[2]),
                Numbers.parse(f[3]),
                Numbers.parse(f[4]),
                Numbers.parse(f[5])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "History.fromCsv: "
                + source
                + " line "
                + (i + 1)
                + " '"
                + line
                + "' is not an epoch's "
                + "line: "
                + e.getMessage(),
            e);
      }
    }
    return h;
  }

  /** Reads a history {@link #writeCsv} wrote; see {@link #fromCsv}. */
  public static History readCsv(Path file) throws IOException {
    checkFile("readCsv", file);
    return fromCsv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Writes {@link #toCsv()} (UTF-8) to {@code file} atomically (temporary file, then rename). */
  public void writeCsv(Path file) throws IOException {
    checkFile("writeCsv", file);
    byte[] bytes = toCsv().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /**
   * Writes the chart at the default size without a title; see {@link #writeChart(Path, int, int,
   * String)}.
   */
  public void writeChart(Path file) throws IOException {
    writeChart(file, CHART_WIDTH, CHART_HEIGHT, null);
  }

  /** Writes the chart at the default size; see {@link #writeChart(Path, int, int, String)}. */
  public void writeChart(Path file, String title) throws IOException {
    writeChart(file, CHART_WIDTH, CHART_HEIGHT, title);
  }

  /** Writes the chart without a title; see {@link #writeChart(Path, int, int, String)}. */
  public void writeChart(Path file, int width, int height) throws IOException {
    writeChart(file, width, height, null);
  }

  /**
   * Draws loss (training and validation) and validation accuracy per epoch as a PNG of {@code width
   * x height} pixels, under {@code title} (the run and its settings, for instance {@code "mnist-cnn
   * · batch 128 · lr 0.001 · Adam"}; null for none), and writes it to {@code file} atomically. Tick
   * labels are rounded to the decimals the axis needs. Works headless.
   */
  public void writeChart(Path file, int width, int height, String title) throws IOException {
    checkFile("writeChart", file);
    if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
      throw new IllegalArgumentException(
          "History.writeChart: width and height must be 100 to 10000 pixels, got "
              + width
              + " x "
              + height);
    }
    if (epochs.isEmpty()) {
      throw new IllegalStateException("History.writeChart: no epoch was recorded, nothing to draw");
    }
    var image = HistoryChart.render(epochs, width, height, title);
    AtomicFiles.write(file, out -> HistoryChart.writePng(image, title, out));
  }

  private static void checkFile(String method, Path file) {
    if (file == null) {
      throw new IllegalArgumentException("History." + method + ": file must not be null");
    }
  }

  @Override
  public String toString() {
    return "History["
        + epochs.size()
        + " epochs"
        + (epochs.isEmpty() ? "" : ", last: " + last())
        + "]";
  }
}
