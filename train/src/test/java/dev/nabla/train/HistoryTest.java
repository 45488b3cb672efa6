package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  @TempDir Path dir;

  private static History scripted() {
    History h = new History();
    h.add(new EpochStats(1, 0.6931471805599453, 0.5, 0.8125, 1.23456, 12345.67));
    h.add(new EpochStats(2, 0.25, 0.2, 0.9375, 1.2, 13000));
    h.add(new EpochStats(3, 1.5e-7, 0.125, 1.0, 0.0005, 0.04));
    return h;
  }

  @Test
  void csvHasTheHeaderAndOneExactLinePerEpoch() throws IOException {
    Path file = dir.resolve("history.csv");
    scripted().writeCsv(file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            """
        epoch,train_loss,val_loss,val_accuracy,seconds,samples_per_s
        1,0.693147,0.5,0.8125,1.235,12345.7
        2,0.25,0.2,0.9375,1.200,13000.0
        3,1.5E-7,0.125,1,0.001,0.0
        """);
  }

  @Test
  void figuresNotMeasuredAreEmptyFields() {
    History h = new History();
    h.add(new EpochStats(1, 2.0, Double.NaN, Double.NaN, 3.0, 100.0));
    h.add(new EpochStats(2, Double.POSITIVE_INFINITY, 4.0, Double.NaN, 3.0, 100.0));
    assertThat(h.toCsv())
        .isEqualTo(
            """
        epoch,train_loss,val_loss,val_accuracy,seconds,samples_per_s
        1,2,,,3.000,100.0
        2,inf,4,,3.000,100.0
        """);
  }

  @Test
  void csvReadsBackToTheSameCsv() throws IOException {
    History h = scripted();
    h.add(new EpochStats(4, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, 2, 5));
    Path file = dir.resolve("history.csv");
    h.writeCsv(file);
    History back = History.readCsv(file);
    assertThat(back.toCsv()).isEqualTo(h.toCsv());
    assertThat(back.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4);
    assertThat(back.last().valLoss()).isNaN();
    assertThat(back.last().trainLoss()).isInfinite();
  }

  @Test
  void csvThatIsNotAHistoryIsRejectedNamingTheLine() {
    assertThatThrownBy(() -> History.fromCsv("a,b\n", "x.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "History.fromCsv: x.csv does not start with the header '"
                + History.CSV_HEADER
                + "', got 'a,b'");
    assertThatThrownBy(
            () ->
                History.fromCsv(History.CSV_HEADER + "\n1,0.5,,,1.0,2.0\n2,zero,,,1,1\n", "x.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "History.fromCsv: x.csv line 3 '2,zero,,,1,1' is not an epoch's line: 'zero' is "
                + "not a number");
    assertThatThrownBy(
            () -> History.fromCsv(History.CSV_HEADER + "\n2,0.5,,,1.0,2.0\n1,0.5,,,1,1\n", "x.csv"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("epoch 1 does not follow epoch 2");
  }

  @Test
  void csvReplacesTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("h.csv");
    Files.writeString(file, "old");
    scripted().writeCsv(file);
    assertThat(Files.readAllLines(file)).hasSize(4);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("h.csv");
    }
  }

  @Test
  void chartIsAPngOfTheRequestedSizeWithSomethingDrawn() throws IOException {
    Path file = dir.resolve("sub/history.png");
    scripted().writeChart(file, 640, 360);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
    assertThat(distinctColours(image)).isGreaterThan(10);
    try (var in = Files.newInputStream(file)) {
      assertThat(in.readNBytes(8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }
  }

  @Test
  void chartOfOneEpochWithoutValidationStillRenders() throws IOException {
    History h = new History();
    h.add(new EpochStats(1, 0.3, Double.NaN, Double.NaN, 1, 1));
    Path file = dir.resolve("one.png");
    h.writeChart(file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(History.CHART_WIDTH);
    assertThat(image.getHeight()).isEqualTo(History.CHART_HEIGHT);
  }

  /** Drawing a chart never needs a display: AWT is told so before its first use. */
  @Test
  void rendersHeadless() throws IOException {
    scripted().writeChart(dir.resolve("h.png"));
    assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void rejectsWhatCannotBeDrawnOrRecorded() {
    assertThatThrownBy(() -> new History().writeChart(dir.resolve("x.png")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("History.writeChart: no epoch was recorded");
    assertThatThrownBy(() -> scripted().writeChart(dir.resolve("x.png"), 50, 400))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width and height must be 100 to 10000 pixels, got 50 x 400");
    History h = scripted();
    assertThatThrownBy(() -> h.add(new EpochStats(3, 1, 1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("History.add: epoch 3 does not follow epoch 3");
    assertThatThrownBy(() -> new EpochStats(0, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EpochStats: epoch counts from 1, got 0");
    assertThatThrownBy(() -> new History().last()).isInstanceOf(IllegalStateException.class);
  }

  private static int distinctColours(BufferedImage image) {
    var colours = new java.util.HashSet<Integer>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
