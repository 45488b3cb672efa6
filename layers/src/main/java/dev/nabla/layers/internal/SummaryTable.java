package dev.nabla.layers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of {@code Module.summary}: a Keras-like table of layers and parameter totals. */
public final class SummaryTable {
  private static final String[] HEADER = {"Layer", "Type", "Output Shape", "Param #"};
  private static final int GAP = 3;

  private final String title;
  private final List<String[]> rows = new ArrayList<>();

  public SummaryTable(String title) {
    this.title = title;
  }

  /** Adds a row. */
  public void row(String name, String type, String outputShape, long params) {
    rows.add(new String[] {name, type, outputShape, count(params)});
  }

  /** The table, with totals; the buffer line appears only when there are buffers. */
  public String format(long total, long trainable, long bufferElements) {
    int[] width = new int[HEADER.length];
    for (int c = 0; c < HEADER.length; c++) {
      width[c] = HEADER[c].length();
      for (String[] r : rows) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    int lineWidth = GAP * (HEADER.length - 1);
    for (int w : width) {
      lineWidth += w;
    }
    lineWidth = Math.max(lineWidth, title.length());
    StringBuilder sb = new StringBuilder();
    sb.append(title).append('\n');
    sb.append("_".repeat(lineWidth)).append('\n');
    line(sb, HEADER, width);
    sb.append("=".repeat(lineWidth)).append('\n');
    for (String[] r : rows) {
      line(sb, r, width);
    }
    sb.append("=".repeat(lineWidth)).append('\n');
    sb.append("Total params: ").append(count(total)).append('\n');
    sb.append("Trainable params: ").append(count(trainable)).append('\n');
    sb.append("Non-trainable params: ").append(count(total - trainable)).append('\n');
    if (bufferElements > 0) {
      sb.append("Buffer elements (saved, not trained): ")
          .append(count(bufferElements))
          .append('\n');
    }
    sb.append("_".repeat(lineWidth)).append('\n');
    return sb.toString();
  }

  /** Text columns left-aligned, the parameter count right-aligned. */
  private static void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append(" ".repeat(GAP));
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      line.append(c == cells.length - 1 ? pad + cells[c] : cells[c] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
