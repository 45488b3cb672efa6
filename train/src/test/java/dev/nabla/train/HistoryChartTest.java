package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.TensorDataset;
import dev.nabla.layers.Module;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.SGD;
import dev.nabla.train.internal.HistoryChart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** The history chart's settings: its title, rounded tick labels, the accuracy panel. */
class HistoryChartTest {
  @TempDir Path dir;

  private static final String TITLE = "mnist-cnn · batch 128 · lr 0.001 · Adam";

  private static List<EpochStats> epochs() {
    return List.of(
        new EpochStats(1, 0.9, 0.570304885641734, 0.8125, 1, 1),
        new EpochStats(2, 0.61, 0.5, 0.8571428571428571, 1, 1),
        new EpochStats(3, 0.4, 0.35, 0.87, 1, 1));
  }

  @Test
  void theFigureHasTheTitleAndALossAndAnAccuracyPanel() {
    HistoryChart.Figure f = HistoryChart.figure(epochs(), 1000, 450, "  " + TITLE + " ");
    assertThat(f.title()).isEqualTo(TITLE);
    assertThat(f.panels())
        .extracting(XYChart::getTitle)
        .containsExactly("Loss", "Validation accuracy");
    assertThat(f.panels()).allMatch(p -> p.getHeight() == 450 - HistoryChart.TITLE_BAND);
    assertThat(f.panels().get(0).getWidth() + f.panels().get(1).getWidth()).isEqualTo(1000);
    assertThat(HistoryChart.figure(epochs(), 1000, 450, null).title()).isNull();
    assertThat(HistoryChart.figure(epochs(), 1000, 450, null).panels().getFirst().getHeight())
        .isEqualTo(450);
  }

  @Test
  void valueTicksAreRoundedToWhatTheAxisSpreadNeeds() {
    XYChart loss = HistoryChart.figure(epochs(), 1000, 450, TITLE).panels().get(0);
    Function<Double, String> y = loss.getStyler().getyAxisTickLabelsFormattingFunction();
    assertThat(y).isNotNull();
    // losses from 0.35 to 0.9: two decimals, whatever tick XChart picks
    assertThat(y.apply(0.570304885641734)).isEqualTo("0.57");
    assertThat(y.apply(0.35)).isEqualTo("0.35");
    assertThat(y.apply(0.4)).isEqualTo("0.40");
    assertThat(y.apply(-1e-17)).isEqualTo("0.00");
    XYChart acc = HistoryChart.figure(epochs(), 1000, 450, TITLE).panels().get(1);
    // accuracies from 0.8125 to 0.87: three decimals
    assertThat(acc.getStyler().getyAxisTickLabelsFormattingFunction().apply(0.8571428571428571))
        .isEqualTo("0.857");
    // one value alone (every epoch took 1 s): the axis spans about a tenth of it
    assertThat(HistoryChart.valueTicks(epochs(), EpochStats::seconds).apply(1.0)).isEqualTo("1.00");
  }

  @Test
  void epochTicksAreWholeNumbersAndNoLabelBetweenEpochs() {
    XYChart loss = HistoryChart.figure(epochs(), 1000, 450, TITLE).panels().get(0);
    Function<Double, String> x = loss.getStyler().getxAxisTickLabelsFormattingFunction();
    assertThat(x.apply(3.0)).isEqualTo("3");
    assertThat(x.apply(2.9999999999999996)).isEqualTo("3");
    assertThat(x.apply(2.5)).isEmpty();
  }

  @Test
  void aTrainerPassesItsTitleToTheChartItWrites() throws Exception {
    Module model = Blobs.mlp(3L);
    DataLoader data = new DataLoader(Blobs.of(40, 1L), 10);
    new Trainer(model, new dev.nabla.losses.CrossEntropyLoss(), new SGD(model.parameters(), 0.1))
        .setProgress(ProgressStyle.SILENT)
        .setOutputDir(dir)
        .setTitle(TITLE)
        .fit(data, data, 2);
    try (InputStream in = Files.newInputStream(dir.resolve(Trainer.HISTORY_PNG))) {
      assertThat(HistoryChart.pngTitle(in)).isEqualTo(TITLE);
    }
    History h = History.readCsv(dir.resolve(Trainer.HISTORY_CSV));
    h.writeChart(dir.resolve("untitled.png"));
    try (InputStream in = Files.newInputStream(dir.resolve("untitled.png"))) {
      assertThat(HistoryChart.pngTitle(in)).isNull();
    }
  }

  /**
   * The tutorial's MNIST network is trained with MSE on one-hot targets: its accuracy is measured
   * (the arg-max of the one-hot row is the label), so its chart has the accuracy panel.
   */
  @Test
  void oneHotTargetsGetAnAccuracyAndTheAccuracyPanel() {
    Module model = Blobs.mlp(3L);
    TensorDataset blobs = Blobs.of(60, 1L);
    int[] labels = blobs.targets().toIntArray();
    float[] oneHot = new float[labels.length * 2];
    for (int i = 0; i < labels.length; i++) {
      oneHot[2 * i + labels[i]] = 1;
    }
    TensorDataset data = new TensorDataset(blobs.inputs(), Tensor.of(oneHot, labels.length, 2));
    Trainer trainer =
        new Trainer(model, new MSELoss(), new SGD(model.parameters(), 0.1))
            .setProgress(ProgressStyle.SILENT);

    History h = trainer.fit(new DataLoader(data, 10), new DataLoader(data, 30), 3);

    assertThat(h.epochs()).allMatch(EpochStats::hasAccuracy);
    assertThat(h.last().valAccuracy()).isBetween(0.5, 1.0);
    assertThat(HistoryChart.figure(h.epochs(), 1000, 450, null).panels()).hasSize(2);
  }
}
