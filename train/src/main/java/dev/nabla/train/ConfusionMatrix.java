package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Example;
import dev.nabla.layers.Module;
import dev.nabla.train.internal.AtomicFiles;
import dev.nabla.train.internal.ConfusionChart;
import dev.nabla.train.internal.HistoryChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Counts of (actual class, predicted class) pairs, with per-class precision and recall.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(model, testLoader, 10);
 * System.out.println(cm);                      // the table, rows = actual, columns = predicted
 * double recallOf7 = cm.recall(7);
 * }</pre>
 *
 * <p>Row {@code a}, column {@code p} counts the examples of class {@code a} predicted as {@code p};
 * the diagonal holds the right predictions.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final long[][] counts;
  private final List<String> names;

  /**
   * An empty matrix over {@code classes} classes, {@code 0 .. classes-1}, named by their numbers.
   */
  public ConfusionMatrix(int classes) {
    this(checkCount(classes), null);
  }

  /**
   * An empty matrix over the classes {@code classNames} names, indexed by label (for instance
   * {@code FashionMnist.CLASSES}); the table shows them beside the numbers.
   */
  public ConfusionMatrix(List<String> classNames) {
    this(checkNames(classNames).size(), List.copyOf(classNames));
  }

  private ConfusionMatrix(int classes, List<String> names) {
    this.classes = classes;
    this.counts = new long[classes][classes];
    this.names =
        names == null ? IntStream.range(0, classes).mapToObj(Integer::toString).toList() : names;
  }

  private static int checkCount(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: expected at least 1 class, got " + classes);
    }
    return classes;
  }

  private static List<String> checkNames(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: expected at least 1 class name, got " + names);
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null || names.get(i).isBlank()) {
        throw new IllegalArgumentException(
            "ConfusionMatrix: class name "
                + i
                + " is "
                + (names.get(i) == null ? "null" : "blank")
                + " in "
                + names);
      }
    }
    return names;
  }

  /** The matrix of {@code logits} (classes on axis 1) against INT32 {@code labels}. */
  public static ConfusionMatrix of(Tensor logits, Tensor labels, int classes) {
    return new ConfusionMatrix(classes).add(logits, labels);
  }

  /** The matrix of {@code model}'s predictions over one pass of {@code loader}, in eval mode. */
  public static ConfusionMatrix of(Module model, DataLoader loader, int classes) {
    ConfusionMatrix cm = new ConfusionMatrix(classes);
    for (Example batch : loader) {
      cm.add(Metrics.predict(model, batch.input()), batch.target());
    }
    return cm;
  }

  /**
   * Adds the arg-max over axis 1 of {@code logits} against {@code labels}; returns this. Labels and
   * predictions must lie in {@code 0 .. classes-1}.
   */
  public ConfusionMatrix add(Tensor logits, Tensor labels) {
    Metrics.checkClassification("ConfusionMatrix.add", logits, labels);
    if (logits.dim(1) != classes) {
      throw new IllegalArgumentException(
          "ConfusionMatrix.add: logits have "
              + logits.dim(1)
              + " classes on axis 1, expected "
              + classes);
    }
    int[] predicted = logits.argmax(1).intStorage();
    int[] actual = labels.intStorage();
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] < 0 || actual[i] >= classes) {
        throw new IllegalArgumentException(
            "ConfusionMatrix.add: label "
                + actual[i]
                + " at position "
                + i
                + " is outside 0.."
                + (classes - 1));
      }
    }
    for (int i = 0; i < actual.length; i++) {
      counts[actual[i]][predicted[i]]++;
    }
    return this;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** The classes' names, indexed by label (their numbers when none were given). */
  public List<String> classNames() {
    return names;
  }

  /** Examples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    checkClass("count", actual);
    checkClass("count", predicted);
    return counts[actual][predicted];
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public long[][] counts() {
    long[][] out = new long[classes][];
    for (int i = 0; i < classes; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }

  /** All examples counted. */
  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long c : row) {
        n += c;
      }
    }
    return n;
  }

  /** Fraction of examples on the diagonal; NaN when empty. */
  public double accuracy() {
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += counts[c][c];
    }
    long n = total();
    return n == 0 ? Double.NaN : (double) right / n;
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}; NaN if none was. */
  public double precision(int c) {
    checkClass("precision", c);
    long predicted = 0;
    for (int a = 0; a < classes; a++) {
      predicted += counts[a][c];
    }
    return predicted == 0 ? Double.NaN : (double) counts[c][c] / predicted;
  }

  /**
   * Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN if there are none.
   */
  public double recall(int c) {
    checkClass("recall", c);
    long actual = 0;
    for (long n : counts[c]) {
      actual += n;
    }
    return actual == 0 ? Double.NaN : (double) counts[c][c] / actual;
  }

  private void checkClass(String method, int c) {
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException(
          "ConfusionMatrix." + method + ": class " + c + " is outside 0.." + (classes - 1));
    }
  }

  /**
   * The table: one row per actual class (its number and, when the classes have names, its name),
   * one column per predicted class (its number), then each row's recall and, in a last row, each
   * column's precision ({@code -} where undefined), and the accuracy.
   */
  @Override
  public String toString() {
    int width = 6;
    for (long[] row : counts) {
      for (long c : row) {
        width = Math.max(width, Long.toString(c).length() + 1);
      }
    }
    String cell = "%" + width + "s";
    int labelWidth = 12;
    for (int a = 0; a < classes; a++) {
      labelWidth = Math.max(labelWidth, rowLabel(a).length() + 1);
    }
    String label = "%-" + labelWidth + "s";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, label, "actual\\pred"));
    for (int p = 0; p < classes; p++) {
      sb.append(String.format(Locale.ROOT, cell, p));
    }
    sb.append(String.format(Locale.ROOT, "%8s%n", "recall"));
    for (int a = 0; a < classes; a++) {
      sb.append(String.format(Locale.ROOT, label, rowLabel(a)));
      for (int p = 0; p < classes; p++) {
        sb.append(String.format(Locale.ROOT, cell, counts[a][p]));
      }
      sb.append(String.format(Locale.ROOT, "%8s%n", ratio(recall(a))));
    }
    sb.append(String.format(Locale.ROOT, label, "precision"));
    for (int p = 0; p < classes; p++) {
      sb.append(String.format(Locale.ROOT, cell, ratio(precision(p))));
    }
    sb.append(String.format(Locale.ROOT, "%n" + label + "%s", "accuracy", ratio(accuracy())));
    return sb.toString();
  }

  /**
   * Draws the matrix as a heat map (predicted classes along the bottom, actual ones down the side,
   * labelled with the class names, each cell's count in it) under {@code title} (null: "Confusion
   * matrix"), as a PNG of 800 x 700 pixels, and writes it to {@code file} atomically.
   */
  public void writeChart(Path file, String title) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("ConfusionMatrix.writeChart: file must not be null");
    }
    var image = ConfusionChart.render(counts, names, title, 800, 700);
    AtomicFiles.write(file, out -> HistoryChart.writePng(image, title, out));
  }

  /** {@code 3 Dress}, or {@code 3} when the class is named by its number. */
  private String rowLabel(int c) {
    String n = names.get(c);
    return n.equals(Integer.toString(c)) ? n : c + " " + n;
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
