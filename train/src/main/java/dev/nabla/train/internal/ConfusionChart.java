package dev.nabla.train.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws a confusion matrix with XChart as a heat map: predicted classes along the bottom, actual
 * classes down the side (the first at the top, as in the printed table), each cell's count written
 * in it and its colour from white (none) to mid blue (the most).
 */
public final class ConfusionChart {
  private ConfusionChart() {}

  /**
   * The chart before it is drawn: axes labelled by {@code names}, cells of {@code
   * counts[actual][predicted]}.
   */
  public static HeatMapChart chart(
      long[][] counts, List<String> names, String title, int width, int height) {
    int n = names.size();
    List<String> predicted = List.copyOf(names);
    List<String> actual =
        new ArrayList<>(names).reversed(); // XChart draws the first row at the bottom
    List<Number[]> cells = new ArrayList<>();
    long most = 1;
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        cells.add(new Number[] {p, n - 1 - a, counts[a][p]});
        most = Math.max(most, counts[a][p]);
      }
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(width)
            .height(height)
            .title(title == null || title.isBlank() ? "Confusion matrix" : title.strip())
            .xAxisTitle("predicted")
            .yAxisTitle("actual")
            .build();
    HeatMapStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setShowValue(true);
    s.setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v)));
    s.setRangeColors(
        new Color[] {
          Color.WHITE, new Color(0xc6dbef), new Color(0x4292c6)
        }); // black counts stay legible
    s.setMin(0);
    s.setMax(most);
    s.setXAxisLabelRotation(names.stream().anyMatch(x -> x.length() > 3) ? 45 : 0);
    chart.addSeries("counts", predicted, actual, cells);
    return chart;
  }

  /** The chart as an image of {@code width x height} pixels. */
  public static BufferedImage render(
      long[][] counts, List<String> names, String title, int width, int height) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    return BitmapEncoder.getBufferedImage(chart(counts, names, title, width, height));
  }
}
