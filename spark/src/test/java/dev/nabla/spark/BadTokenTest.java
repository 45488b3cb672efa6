package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.SGD;
import java.time.Duration;

/** A worker that presents a wrong token is refused: the job ends naming the workers, no hang. */
final class BadTokenTest {
  private BadTokenTest() {}

  static void aBadTokenEndsTheJobNamingTheWorker() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                SparkTrainer.builder()
                    .model(AllReduceBitwiseTest::mlp)
                    .loss(CrossEntropyLoss::new)
                    .optimizer(m -> new SGD(m.parameters(), 0.1))
                    .globalBatchSize(AllReduceBitwiseTest.GLOBAL_BATCH)
                    .timeout(Duration.ofSeconds(20))
                    .badTokenRank(1)
                    .build()
                    .fit(
                        AllReduceBitwiseTest.frame(AllReduceBitwiseTest.features()),
                        "features",
                        "label"))
        .isInstanceOf(SparkTrainingException.class)
        .hasMessageContaining("SparkTrainer.fit: training failed")
        // whichever side fails first: the refusing worker, or the one refused
        .hasMessageMatching(
            "(?s).*(worker 0: refused a connection from .* it presented a bad token"
                + "|worker 1: worker 0 at .* refused our token).*");
    // refused at the handshake, not after the 20 s timeout
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }
}
