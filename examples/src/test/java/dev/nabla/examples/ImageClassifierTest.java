package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.layers.Dense;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.CosineAnnealingLR;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;

class ImageClassifierTest {
  @Test
  void theChartTitleNamesTheExampleAndItsSettings() {
    Dense d = new Dense(2, 2);
    Adam adam = new Adam(d.parameters(), 1e-3);
    assertThat(
            ImageClassifier.title(
                "mnist-cnn", 128, adam, new CosineAnnealingLR(adam, 10), new CrossEntropyLoss()))
        .isEqualTo(
            "mnist-cnn · batch 128 · lr 0.001 · Adam + CosineAnnealingLR · CrossEntropyLoss");
    assertThat(
            ImageClassifier.title("mnist-fc", 1, new SGD(d.parameters(), 0.1), null, new MSELoss()))
        .isEqualTo("mnist-fc · batch 1 · lr 0.1 · SGD · MSELoss");
  }
}
