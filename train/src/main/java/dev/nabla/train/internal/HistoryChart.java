package dev.nabla.train.internal;

import dev.nabla.train.EpochStats;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a training history with XChart: loss per epoch (training and validation) on the left and
 * validation accuracy on the right, or loss alone over the whole width when no accuracy was
 * measured. Rendering is to an in-memory image, so it works headless.
 */
public final class HistoryChart {
  private HistoryChart() {}

  /** The chart as an RGB image of exactly {@code width x height} pixels. */
  public static BufferedImage render(List<EpochStats> epochs, int width, int height) {
    // A chart is drawn off-screen: never ask for a display (and no Dock icon on macOS). AWT reads
    // the property once, so it only matters when AWT has not been used yet; a caller's choice wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    boolean accuracy = epochs.stream().anyMatch(EpochStats::hasAccuracy);
    int lossWidth = accuracy ? width / 2 : width;
    XYChart loss = chart("Loss", "loss", lossWidth, height);
    addSeries(loss, "train", epochs, EpochStats::trainLoss);
    addSeries(loss, "validation", epochs, EpochStats::valLoss);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
      if (accuracy) {
        XYChart acc = chart("Validation accuracy", "accuracy", width - lossWidth, height);
        acc.getStyler().setYAxisDecimalPattern("0.0##");
        acc.getStyler().setLegendVisible(false); // one series, named by the title
        addSeries(acc, "validation", epochs, EpochStats::valAccuracy);
        g.drawImage(BitmapEncoder.getBufferedImage(acc), lossWidth, 0, null);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static XYChart chart(String title, String yTitle, int width, int height) {
    XYChart chart =
        new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("epoch")
            .yAxisTitle(yTitle).build();
    Styler s = chart.getStyler();
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisDecimalPattern("0");
    return chart;
  }

  /** Adds the epochs whose value is finite (a NaN would break the line); nothing if there are none. */
  private static void addSeries(
      XYChart chart, String name, List<EpochStats> epochs, ToDoubleFunction<EpochStats> value) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (EpochStats e : epochs) {
      double v = value.applyAsDouble(e);
      if (Double.isFinite(v)) {
        xs.add((double) e.epoch());
        ys.add(v);
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
  }
}
