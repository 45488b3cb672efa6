package dev.nabla.spark;

import static dev.nabla.spark.AllReduceBitwiseTest.FEATURES;
import static dev.nabla.spark.AllReduceBitwiseTest.GLOBAL_BATCH;
import static dev.nabla.spark.AllReduceBitwiseTest.ROWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.Example;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Init;
import dev.nabla.layers.Module;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkTrainer} on local[2] with the tiny data of {@link AllReduceBitwiseTest}: an RDD of
 * examples trains like the same rows as a DataFrame, Dropout runs are reproducible from the seed, a
 * run resumed from a copy of another's checkpoints ends with its bits (both modes), and bad input
 * is refused with a message that says what is wrong.
 */
class SparkTrainerTest {
  static final float[][] X = AllReduceBitwiseTest.features();

  static SparkTrainer.Builder trainer() {
    return SparkTrainer.builder()
        .model(AllReduceBitwiseTest::mlp)
        .loss(CrossEntropyLoss::new)
        .optimizer(m -> new Adam(m.parameters(), 1e-2))
        .workers(2)
        .globalBatchSize(GLOBAL_BATCH)
        .epochs(2);
  }

  static Dataset<Row> frame() {
    return AllReduceBitwiseTest.frame(X);
  }

  static void assertSameBits(Module got, Module want) {
    Map<String, Tensor> g = got.stateDict();
    Map<String, Tensor> w = want.stateDict();
    assertThat(g.keySet()).isEqualTo(w.keySet());
    for (String name : w.keySet()) {
      assertThat(g.get(name).toFloatArray()).as(name).isEqualTo(w.get(name).toFloatArray());
    }
  }

  static float[] firstWeight(Module m) {
    return m.stateDict().get("0.weight").toFloatArray();
  }

  // ---------------------------------------------------------------- an RDD of examples

  @Test
  @Timeout(120)
  void anRddOfExamplesMadeOnTheExecutorsTrainsToTheBitsOfTheSameRowsAsADataFrame() {
    float[][] x = X;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
    List<Integer> indices = IntStream.range(0, ROWS).boxed().toList();
    // both forms of a class index an Example may carry: a 0-d INT32 and an INT32 [1]
    JavaRDD<Example> examples =
        jsc.parallelize(indices, 2)
            .map(
                i ->
                    new Example(
                        Tensor.of(x[i].clone(), FEATURES),
                        i % 2 == 0
                            ? Tensor.scalar(DType.INT32, AllReduceBitwiseTest.label(i))
                            : Tensor.of(new int[] {AllReduceBitwiseTest.label(i)}, 1)));

    // shuffled (the default), with the same seed: the row index is the position in either
    SparkTrainer.Result fromRdd = trainer().seed(7).build().fit(examples);
    SparkTrainer.Result fromFrame = trainer().seed(7).build().fit(frame(), "features", "label");

    assertSameBits(fromRdd.model(), fromFrame.model());
    assertThat(firstWeight(fromRdd.model())).isNotEqualTo(firstWeight(AllReduceBitwiseTest.mlp()));
    assertThat(fromRdd.history()).hasSize(2);
    assertThat(fromRdd.last().samples()).isEqualTo(ROWS);
    assertThat(fromRdd.last().loss()).isEqualTo(fromFrame.last().loss());
  }

  /** Row {@code i}'s regression target: exact in float, so double and float columns agree. */
  static double target(int i, int j) {
    return (i % 5) * 0.25 - j * 0.5;
  }

  @Test
  @Timeout(120)
  void float64ExamplesWithTargetVectorsTrainToTheBitsOfAnArrayOfDoubleLabelColumn() {
    float[][] x = X;
    int classes = AllReduceBitwiseTest.CLASSES;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
    JavaRDD<Example> examples =
        jsc.parallelize(IntStream.range(0, ROWS).boxed().toList(), 2)
            .map(
                i -> {
                  double[] in = new double[FEATURES];
                  for (int j = 0; j < FEATURES; j++) {
                    in[j] = x[i][j];
                  }
                  float[] t = new float[classes];
                  for (int j = 0; j < classes; j++) {
                    t[j] = (float) target(i, j);
                  }
                  return new Example(Tensor.of(in, FEATURES), Tensor.of(t, classes));
                });
    StructType schema =
        new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType), false)
            .add("label", DataTypes.createArrayType(DataTypes.DoubleType), false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Float[] f = new Float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        f[j] = x[i][j];
      }
      Double[] t = new Double[classes];
      for (int j = 0; j < classes; j++) {
        t[j] = target(i, j);
      }
      rows.add(RowFactory.create(f, t));
    }
    Dataset<Row> df = LocalSpark.get().createDataFrame(rows, schema);

    SparkTrainer.Result fromRdd = trainer().loss(MSELoss::new).seed(8).build().fit(examples);
    SparkTrainer.Result fromFrame =
        trainer().loss(MSELoss::new).seed(8).build().fit(df, "features", "label");

    assertSameBits(fromRdd.model(), fromFrame.model());
    assertThat(firstWeight(fromRdd.model())).isNotEqualTo(firstWeight(AllReduceBitwiseTest.mlp()));
    // a regression: no accuracy
    assertThat(fromRdd.last().accuracy()).isNaN();
    assertThat(fromRdd.last().samples()).isEqualTo(ROWS);
  }

  // ---------------------------------------------------------------- Dropout

  static Module withDropout() {
    return new Sequential(
        new Dense(FEATURES, 16, true, Init.pytorchDefault(), Init.pytorchDefault(), 11),
        new ReLU(),
        new Dropout(0.5, 99),
        new Dense(
            16,
            AllReduceBitwiseTest.CLASSES,
            true,
            Init.pytorchDefault(),
            Init.pytorchDefault(),
            12));
  }

  static Module trainWithDropout(long seed) {
    // no shuffle: the run's seed reaches only the Dropout masks
    return trainer()
        .model(SparkTrainerTest::withDropout)
        .shuffle(false)
        .seed(seed)
        .build()
        .fit(frame(), "features", "label")
        .model();
  }

  @Test
  @Timeout(120)
  void dropoutRunsAreReproducibleFromTheSeedAndDifferWithAnother() {
    Module a = trainWithDropout(3);
    Module b = trainWithDropout(3);
    Module c = trainWithDropout(4);
    assertSameBits(a, b);
    assertThat(firstWeight(c)).isNotEqualTo(firstWeight(a));
    assertThat(a.stateDict().get("3.weight").toFloatArray())
        .isNotEqualTo(c.stateDict().get("3.weight").toFloatArray());
  }

  // ---------------------------------------------------------------- resume

  static List<String> checkpoints(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("step-\\d+\\.safetensors"))
          .sorted()
          .toList();
    }
  }

  static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  /**
   * Runs A to the end with checkpoints every 3 of its 10 steps, then B from a copy of A's folder: B
   * resumes from A's newest checkpoint ({@code lastCheckpoint}) and ends with A's bits (and, with
   * {@code wholeHistory}, A's per-epoch loss and sample counts).
   */
  static void resumeEndsWithTheBitsOfTheUninterruptedRun(
      SyncMode mode,
      Path tmp,
      List<String> expectedFiles,
      long lastCheckpoint,
      boolean wholeHistory)
      throws IOException {
    Path dirA = tmp.resolve("a");
    SparkTrainer.Result a =
        trainer()
            .mode(mode)
            .seed(5)
            .checkpoint(dirA.toString(), 3)
            .build()
            .fit(frame(), "features", "label");
    assertThat(a.resumedFromStep()).isEqualTo(-1);
    assertThat(checkpoints(dirA)).isEqualTo(expectedFiles);

    Path dirB = tmp.resolve("b");
    copyFolder(dirA, dirB);
    // without the final checkpoint (step 10, the run's end) B has steps left to train
    java.nio.file.Files.delete(dirB.resolve("step-000000010.safetensors"));
    SparkTrainer.Result b =
        trainer()
            .mode(mode)
            .seed(5)
            .checkpoint(dirB.toString(), 3)
            .resume(true)
            .build()
            .fit(frame(), "features", "label");
    assertThat(b.resumedFromStep()).isEqualTo(lastCheckpoint);
    assertThat(b.attempts()).isEqualTo(1);
    assertSameBits(b.model(), a.model());
    assertThat(firstWeight(a.model())).isNotEqualTo(firstWeight(AllReduceBitwiseTest.mlp()));
    assertThat(b.history()).hasSize(2);
    if (wholeHistory) {
      // the epoch B finished counts every step of it, A's before the checkpoint too
      assertThat(b.last().samples()).isEqualTo(ROWS);
      assertThat(b.last().loss()).isEqualTo(a.last().loss());
      assertThat(b.history().get(0).loss()).isEqualTo(a.history().get(0).loss());
    }

    // the folder holds A's checkpoints: without resume(true) it is refused, named
    assertThatThrownBy(
            () ->
                trainer()
                    .mode(mode)
                    .checkpoint(dirA.toString(), 3)
                    .build()
                    .fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint folder " + dirA)
        .hasMessageContaining("resume(true)");
  }

  @Test
  @Timeout(120)
  void allReduceResumesFromTheNewestCheckpointToTheSameBits(@TempDir Path tmp) throws IOException {
    // 40 rows / 8 = 5 steps an epoch, 10 in all: checkpoints after steps 3, 6, 9 and at the end
    // (10); the newest two are kept, and B, given 9 alone, goes on from 9
    resumeEndsWithTheBitsOfTheUninterruptedRun(
        SyncMode.allReduce(),
        tmp,
        List.of("step-000000009.safetensors", "step-000000010.safetensors"),
        9,
        true);
  }

  @Test
  @Timeout(120)
  void averagingResumesFromTheNewestCheckpointToTheSameBits(@TempDir Path tmp) throws IOException {
    // rounds of 2 steps, cut at the epoch's end: they end after steps 2, 4, 5, 7, 9, 10; the first
    // round end past each multiple of 3 is saved (4, 7, 9), and the end (10); the newest two are
    // kept; the resumed epoch's history keeps the sums saved with the checkpoint
    resumeEndsWithTheBitsOfTheUninterruptedRun(
        SyncMode.averageEvery(2),
        tmp,
        List.of("step-000000009.safetensors", "step-000000010.safetensors"),
        9,
        true);
  }

  // ---------------------------------------------------------------- errors

  static Dataset<Row> stringColumn(boolean asFeatures) {
    StructType schema =
        new StructType()
            .add(
                "features",
                asFeatures ? DataTypes.StringType : DataTypes.createArrayType(DataTypes.FloatType))
            .add("label", asFeatures ? DataTypes.IntegerType : DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(
          asFeatures
              ? RowFactory.create("x" + i, i)
              : RowFactory.create(new Float[] {1f, 2f}, "class " + i));
    }
    return LocalSpark.get().createDataFrame(rows, schema);
  }

  @Test
  @Timeout(60)
  void aMissingColumnIsNamedWithTheColumnsThereAre() {
    assertThatThrownBy(() -> trainer().build().fit(frame(), "pixels", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'pixels'")
        .hasMessageContaining("[features, label]");
    assertThatThrownBy(() -> trainer().build().fit(frame(), "features", "target"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'target'");
  }

  @Test
  @Timeout(60)
  void unsupportedColumnTypesAreRefusedSayingWhatIsAccepted() {
    assertThatThrownBy(() -> trainer().build().fit(stringColumn(true), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features column 'features' is string")
        .hasMessageContaining("array<float>")
        .hasMessageContaining("image");
    assertThatThrownBy(() -> trainer().build().fit(stringColumn(false), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'label' is string")
        .hasMessageContaining("integer type");
  }

  @Test
  void aGlobalBatchThatIsNoMultipleOfTheWorkersIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> trainer().workers(2).globalBatchSize(7).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globalBatchSize must be a positive multiple of workers (2), got 7");
    assertThatThrownBy(() -> trainer().workers(3).globalBatchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globalBatchSize must be a positive multiple of workers (3), got 0");
  }

  @Test
  @Timeout(60)
  void fewerRowsThanOneGlobalBatchAreRefused() {
    assertThatThrownBy(
            () -> trainer().globalBatchSize(48).build().fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the data has 40 rows, fewer than one global batch of 48");
  }

  @Test
  @Timeout(60)
  void anInputShapeOfAnotherSizeThanTheRowsIsRefused() {
    assertThatThrownBy(() -> trainer().inputShape(5, 2).build().fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputShape [5, 2] holds 10 values, but each row has 12");
  }

  @Test
  @Timeout(60)
  void moreThreadsPerWorkerThanSparkTaskCpusAreRefused() {
    assertThatThrownBy(
            () -> trainer().threadsPerWorker(2).build().fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threadsPerWorker is 2 but spark.task.cpus is 1")
        .hasMessageContaining("spark.task.cpus=2");
  }

  @Test
  @Timeout(60)
  void aNullInAFeaturesArrayIsNamedWithItsPosition() {
    StructType schema =
        new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, true))
            .add("label", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      rows.add(RowFactory.create(new Float[] {1f, i == 9 ? null : 2f, 3f}, i % 3));
    }
    Dataset<Row> df = LocalSpark.get().createDataFrame(rows, schema);
    assertThatThrownBy(() -> trainer().build().fit(df, "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'features' holds an array with a null at 1");
  }

  // ---------------------------------------------------------------- review findings

  @Test
  @Timeout(120)
  void columnsAreFoundByNameWhateverTheirOrderAndTheOtherColumns() {
    Dataset<Row> reordered =
        frame()
            .withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id())
            .select("label", "id", "features");
    SparkTrainer.Result a = trainer().seed(3).build().fit(frame(), "features", "label");
    SparkTrainer.Result b = trainer().seed(3).build().fit(reordered, "features", "label");
    assertSameBits(b.model(), a.model());
  }

  @Test
  @Timeout(120)
  void resumingWithOtherSettingsIsRefusedNamingBoth(@TempDir Path tmp) {
    trainer().checkpoint(tmp.toString(), 3).build().fit(frame(), "features", "label");
    assertThatThrownBy(
            () ->
                trainer()
                    .epochs(3)
                    .checkpoint(tmp.toString(), 3)
                    .resume(true)
                    .build()
                    .fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot resume from")
        .hasMessageContaining("epochs=2")
        .hasMessageContaining("epochs=3");
  }

  @Test
  @Timeout(60)
  void aFactoryThatCapturesSomethingUnserializableIsRefusedBeforeAnyJob() {
    Object notSerializable = new Object();
    assertThatThrownBy(
            () ->
                trainer()
                    .model(
                        () -> {
                          assertThat(notSerializable).isNotNull();
                          return AllReduceBitwiseTest.mlp();
                        })
                    .build()
                    .fit(frame(), "features", "label"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be sent to the workers")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void resumeWithoutACheckpointFolderIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> trainer().resume(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resume(true) needs a checkpoint folder");
    assertThatThrownBy(() -> trainer().checkpoint(null, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint needs a folder");
  }
}
