package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MNIST MLP on local[2] reaches the single-machine run's test accuracy (same global batch and
 * seed) within 0.5 points, in both modes.
 */
class LocalAccuracyTest {
  static final int EPOCHS = 3;
  static double single;

  @BeforeAll
  static void reference() {
    single = MnistRecipe.singleMachine(EPOCHS);
    assertThat(single).isGreaterThan(0.93);
  }

  @Test
  @Timeout(300)
  void allReduce() {
    SparkTrainer.Result r = MnistRecipe.fit(LocalSpark.get(), MnistRecipe.spark(EPOCHS));
    double acc = MnistRecipe.testAccuracy(r.model());
    System.out.printf("local[2] allReduce: %.4f, single machine %.4f%n", acc, single);
    assertThat(acc).isCloseTo(single, within(0.005));
    assertThat(r.history()).hasSize(EPOCHS);
    assertThat(r.history().get(EPOCHS - 1).loss()).isLessThan(r.history().get(0).loss());
  }

  @Test
  @Timeout(300)
  void averageEvery8() {
    SparkTrainer.Result r =
        MnistRecipe.fit(LocalSpark.get(), MnistRecipe.spark(EPOCHS).mode(SyncMode.averageEvery(8)));
    double acc = MnistRecipe.testAccuracy(r.model());
    System.out.printf("local[2] averageEvery(8): %.4f, single machine %.4f%n", acc, single);
    assertThat(acc).isCloseTo(single, within(0.005));
  }
}
