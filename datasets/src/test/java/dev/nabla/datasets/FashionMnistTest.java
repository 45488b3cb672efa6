package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST as Debian's dataset-fashion-mnist package installs it (CI installs it too). */
class FashionMnistTest {
  @TempDir Path emptyCache;

  @Test
  void debianInstallHoldsSixtyThousandTrainingImagesSixThousandPerClass() throws IOException {
    FashionMnist train = FashionMnist.train(LoadOptions.defaults().cacheDir(emptyCache));
    assertThat(train.origin()).isEqualTo(Origin.SYSTEM);
    assertThat(train.source()).isEqualTo(FashionMnist.DEBIAN_DIR.toString());
    assertThat(train.size()).isEqualTo(60_000);
    assertThat(train.images().shape()).containsExactly(60_000, 1, 28, 28);
    int[] counts = new int[10];
    for (int l : train.labels().intStorage()) {
      counts[l]++;
    }
    assertThat(counts).containsOnly(6000);
    double sum = 0;
    for (float v : train.images().floatStorage()) {
      sum += v;
    }
    // The published normalisation constant is the training set's mean pixel.
    assertThat(sum / train.images().size()).isBetween(0.2855, 0.2865);
  }

  @Test
  void testSplitHoldsTenThousandImages() throws IOException {
    FashionMnist test =
        FashionMnist.test(LoadOptions.defaults().cacheDir(emptyCache).flatten(true));
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.images().shape()).containsExactly(10_000, 784);
    assertThat(test.classes()).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
    // The first test image of Fashion-MNIST is an ankle boot (class 9).
    assertThat(test.labels().intStorage()[0]).isEqualTo(9);
  }
}
