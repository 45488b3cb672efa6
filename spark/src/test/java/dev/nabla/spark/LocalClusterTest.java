package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On {@code local-cluster[2,1,1024]}, where each worker is an executor JVM of its own: the MNIST
 * MLP reaches the single-machine accuracy within 0.5 points in both modes, and a run whose executor
 * is killed mid-epoch resumes from its checkpoint and finishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
  static final int EPOCHS = 3;
  static double single;
  static SparkSession spark;

  /** The uninterrupted all-reduce run's parameters, which the killed run must end with. */
  static java.util.Map<String, dev.nabla.core.Tensor> uninterrupted;

  @BeforeAll
  static void start() {
    single = MnistRecipe.singleMachine(EPOCHS);
    spark = ClusterSpark.start();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      ClusterSpark.stop(spark);
    }
  }

  @Test
  @Order(1)
  @Timeout(300)
  void allReduceReachesTheSingleMachineAccuracy() {
    SparkTrainer.Result r = MnistRecipe.fit(spark, MnistRecipe.spark(EPOCHS));
    uninterrupted = r.model().stateDict();
    double acc = MnistRecipe.testAccuracy(r.model());
    System.out.printf("local-cluster allReduce: %.4f, single machine %.4f%n", acc, single);
    assertThat(acc).isCloseTo(single, within(0.005));
    assertThat(r.attempts()).isEqualTo(1);
  }

  @Test
  @Order(2)
  @Timeout(300)
  void averagingReachesTheSingleMachineAccuracy() {
    SparkTrainer.Result r =
        MnistRecipe.fit(spark, MnistRecipe.spark(EPOCHS).mode(SyncMode.averageEvery(8)));
    double acc = MnistRecipe.testAccuracy(r.model());
    System.out.printf("local-cluster averageEvery(8): %.4f, single machine %.4f%n", acc, single);
    assertThat(acc).isCloseTo(single, within(0.005));
  }

  @Test
  @Order(3)
  @Timeout(300)
  void aKilledExecutorResumesFromTheCheckpoint(@TempDir Path dir) throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    String app = spark.sparkContext().applicationId();
    CompletableFuture<SparkTrainer.Result> run =
        CompletableFuture.supplyAsync(
            () ->
                MnistRecipe.fit(
                    spark,
                    MnistRecipe.spark(EPOCHS).checkpoint(checkpoints.toUri().toString(), 100)));
    // mid-epoch 1 (312 steps per epoch): once the checkpoint of step 400 is written
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoints.resolve("step-000000400.safetensors"))) {
      assertThat(System.nanoTime())
          .as("no checkpoint of step 400 within 120 s")
          .isLessThan(deadline);
      assertThat(run).as("the run ended before the kill").isNotDone();
      Thread.sleep(10);
    }
    List<ProcessHandle> executors = executors(app);
    assertThat(executors).as("executor JVMs of " + app).hasSize(2);
    ProcessHandle victim = executors.get(1);
    assertThat(victim.destroyForcibly()).isTrue();
    victim.onExit().get(30, TimeUnit.SECONDS);

    SparkTrainer.Result r = run.get(240, TimeUnit.SECONDS);
    assertThat(r.attempts()).as("attempts").isGreaterThan(1);
    assertThat(r.resumedFromStep()).as("the step resumed from").isGreaterThanOrEqualTo(400);
    assertThat(r.history()).hasSize(EPOCHS);
    double acc = MnistRecipe.testAccuracy(r.model());
    System.out.printf(
        "local-cluster, executor killed after step 400, resumed from step %d: %.4f%n",
        r.resumedFromStep(), acc);
    assertThat(acc).isCloseTo(single, within(0.005));
    // resumed from the checkpoint, it ends with the same bits as the run that was not killed
    assertThat(uninterrupted).as("the uninterrupted run (test 1)").isNotNull();
    var got = r.model().stateDict();
    for (String name : uninterrupted.keySet()) {
      assertThat(got.get(name).toFloatArray())
          .as(name)
          .isEqualTo(uninterrupted.get(name).toFloatArray());
    }
  }

  /** The executor JVMs of application {@code app}, as the standalone workers launched them. */
  static List<ProcessHandle> executors(String app) {
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(
              p -> {
                String cmd = p.info().commandLine().orElse("");
                return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(app);
              })
          .toList();
    }
  }
}
