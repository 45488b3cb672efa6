package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.train.internal.ConfusionChart;
import dev.nabla.train.internal.HistoryChart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;

/** The confusion matrix's chart: the class names on its axes, the counts in its cells. */
class ConfusionChartTest {
  @TempDir Path dir;

  private static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Ankle boot");

  private static ConfusionMatrix matrix() {
    Tensor logits = Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1}, 4, 3);
    return new ConfusionMatrix(NAMES).add(logits, Tensor.of(new int[] {0, 1, 2, 1}, 4));
  }

  @Test
  void theAxesCarryTheClassNamesAndTheFirstClassIsAtTheTop() {
    HeatMapChart chart = ConfusionChart.chart(matrix().counts(), NAMES, "run", 800, 700);
    HeatMapSeries series = chart.getHeatMapSeries();
    assertThat(chart.getTitle()).isEqualTo("run");
    assertThat(chart.getXAxisTitle()).isEqualTo("predicted");
    assertThat(chart.getYAxisTitle()).isEqualTo("actual");
    assertThat(List.<Object>copyOf(series.getXData()))
        .containsExactly("T-shirt/top", "Trouser", "Ankle boot");
    assertThat(List.<Object>copyOf(series.getYData()))
        .containsExactly("Ankle boot", "Trouser", "T-shirt/top");
    // actual Trouser (row 1, drawn at y 1) predicted Ankle boot (x 2): one example
    assertThat(series.getHeatData()).anySatisfy(c -> assertThat(c).containsExactly(2, 1, 1L));
    assertThat(series.getHeatData()).anySatisfy(c -> assertThat(c).containsExactly(0, 2, 1L));
    assertThat(chart.getStyler().getXAxisLabelRotation()).isEqualTo(45);
  }

  @Test
  void writeChartWritesATitledPng() throws Exception {
    Path file = dir.resolve("confusion.png");
    matrix().writeChart(file, "fashion-mnist · test set");
    assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(800);
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(HistoryChart.pngTitle(in)).isEqualTo("fashion-mnist · test set");
    }
  }
}
