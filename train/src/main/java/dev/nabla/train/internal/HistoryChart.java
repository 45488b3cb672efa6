package dev.nabla.train.internal;

import dev.nabla.train.EpochStats;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a training history with XChart: an optional title over the whole figure, loss per epoch
 * (training and validation) on the left and validation accuracy on the right, or loss alone over
 * the whole width when no accuracy was measured. Tick labels are rounded to what the axis' range
 * needs ({@link #valueTicks}), epochs are whole numbers ({@link #epochTicks}). Rendering is to an
 * in-memory image, so it works headless.
 */
public final class HistoryChart {
  /** Height of the band the figure's title takes above the panels. */
  public static final int TITLE_BAND = 34;

  private HistoryChart() {}

  /**
   * The figure before it is drawn.
   *
   * @param title the figure's title, or null
   * @param panels loss, then accuracy when it was measured
   */
  public record Figure(String title, List<XYChart> panels) {}

  /**
   * The chart as an RGB image of exactly {@code width x height} pixels; {@code title} may be null.
   */
  public static BufferedImage render(List<EpochStats> epochs, int width, int height, String title) {
    // A chart is drawn off-screen: never ask for a display (and no Dock icon on macOS). AWT reads
    // the property once, so it only matters when AWT has not been used yet; a caller's choice wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Figure figure = figure(epochs, width, height, title);
    int top = height - figure.panels().getFirst().getHeight();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int x = 0;
      for (XYChart panel : figure.panels()) {
        g.drawImage(BitmapEncoder.getBufferedImage(panel), x, top, null);
        x += panel.getWidth();
      }
      if (figure.title() != null) {
        drawTitle(g, figure.title(), figure.panels().getFirst(), width, top);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The panels of {@code epochs}' chart, {@code width x height} in all, with their settings. */
  public static Figure figure(List<EpochStats> epochs, int width, int height, String title) {
    String t = title == null || title.isBlank() ? null : title.strip();
    int panelHeight = t == null ? height : height - TITLE_BAND;
    boolean accuracy = epochs.stream().anyMatch(EpochStats::hasAccuracy);
    int lossWidth = accuracy ? width / 2 : width;
    List<XYChart> panels = new ArrayList<>();
    XYChart loss = chart("Loss", "loss", lossWidth, panelHeight);
    addSeries(loss, "train", epochs, EpochStats::trainLoss);
    addSeries(loss, "validation", epochs, EpochStats::valLoss);
    loss.getStyler()
        .setyAxisTickLabelsFormattingFunction(
            valueTicks(epochs, EpochStats::trainLoss, EpochStats::valLoss));
    panels.add(loss);
    if (accuracy) {
      XYChart acc = chart("Validation accuracy", "accuracy", width - lossWidth, panelHeight);
      acc.getStyler().setLegendVisible(false); // one series, named by the title
      addSeries(acc, "validation", epochs, EpochStats::valAccuracy);
      acc.getStyler()
          .setyAxisTickLabelsFormattingFunction(valueTicks(epochs, EpochStats::valAccuracy));
      panels.add(acc);
    }
    return new Figure(t, List.copyOf(panels));
  }

  /**
   * Labels of value ticks over the finite values {@code series} take in {@code epochs}: as many
   * decimals as the values' spread needs to tell ticks apart (two more than the spread's first
   * significant digit, for steps such as 0.025), at most 6, {@code Locale.ROOT}.
   */
  @SafeVarargs
  public static Function<Double, String> valueTicks(
      List<EpochStats> epochs, ToDoubleFunction<EpochStats>... series) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (EpochStats e : epochs) {
      for (ToDoubleFunction<EpochStats> s : series) {
        double v = s.applyAsDouble(e);
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return decimals(tickDecimals(min, max));
  }

  /** The decimals {@link #valueTicks} uses for values from {@code min} to {@code max}. */
  static int tickDecimals(double min, double max) {
    if (!(max >= min)) {
      return 2; // no finite value: an empty panel
    }
    double spread = max - min;
    // one value alone: the axis spans about a tenth of it
    double scale = spread > 0 ? spread : Math.abs(max) > 0 ? Math.abs(max) / 10 : 1;
    int decimals = (int) -Math.floor(Math.log10(scale)) + 1;
    return Math.clamp(decimals, 0, 6);
  }

  /** Labels with exactly {@code decimals} decimals ({@code 0.570}, {@code 12}). */
  static Function<Double, String> decimals(int decimals) {
    String pattern = decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    DecimalFormat format =
        new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    return v -> {
      String s = format.format(v);
      return s.matches("-0(\\.0*)?") ? s.substring(1) : s; // no "-0.00" for a rounding of -1e-17
    };
  }

  /** Epoch ticks: whole numbers, and no label where the axis puts a tick between two epochs. */
  public static Function<Double, String> epochTicks() {
    return v -> Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : "";
  }

  private static XYChart chart(String title, String yTitle, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    Styler s = chart.getStyler();
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(epochTicks());
    return chart;
  }

  private static void drawTitle(Graphics2D g, String title, XYChart like, int width, int band) {
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font base = like.getStyler().getChartTitleFont();
    Font font = base.deriveFont(Font.BOLD, base.getSize2D() * 1.2f);
    g.setFont(font);
    FontMetrics m = g.getFontMetrics();
    while (m.stringWidth(title) > width - 20 && font.getSize2D() > 8) {
      font = font.deriveFont(font.getSize2D() - 1);
      g.setFont(font);
      m = g.getFontMetrics();
    }
    g.setColor(like.getStyler().getChartFontColor());
    int x = Math.max(10, (width - m.stringWidth(title)) / 2);
    int y = (band - m.getHeight()) / 2 + m.getAscent() + 4;
    g.drawString(title, x, y);
  }

  /**
   * Writes {@code image} as PNG to {@code out}, with {@code title} (unless null) as its {@code
   * Title} text entry (an iTXt chunk, UTF-8), which image viewers and {@link #pngTitle} read.
   */
  public static void writePng(BufferedImage image, String title, OutputStream out)
      throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("no PNG writer in this JDK's ImageIO");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata meta =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      if (title != null) {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", "Title");
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", title);
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        itxt.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
        root.appendChild(itxt);
        meta.mergeTree(PNG_FORMAT, root);
      }
      writer.write(null, new IIOImage(image, null, meta), param);
    } finally {
      writer.dispose();
    }
  }

  /** The {@code Title} text entry of the PNG {@code in} holds, or null. */
  public static String pngTitle(InputStream in) throws IOException {
    try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new IOException("not an image ImageIO reads");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis);
        var root = reader.getImageMetadata(0).getAsTree(PNG_FORMAT);
        for (var n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
          for (var e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
            if (e instanceof IIOMetadataNode entry
                && "Title".equals(entry.getAttribute("keyword"))) {
              return entry.hasAttribute("text")
                  ? entry.getAttribute("text")
                  : entry.getAttribute("value");
            }
          }
        }
        return null;
      } finally {
        reader.dispose();
      }
    }
  }

  private static final String PNG_FORMAT = "javax_imageio_png_1.0";

  /**
   * Adds the epochs whose value is finite (a NaN would break the line); nothing if there are none.
   */
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
