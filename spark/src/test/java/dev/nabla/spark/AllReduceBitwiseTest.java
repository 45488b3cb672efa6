package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Module;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two workers on local[2] with the all-reduce end, after K steps, with the same bits as one process
 * that accumulates the two micro-batches of each step in rank order and averages them.
 */
class AllReduceBitwiseTest {
  static final int FEATURES = 12;
  static final int CLASSES = 3;
  static final int ROWS = 40; // 2 workers x 4 per micro-batch x 5 steps per epoch
  static final int GLOBAL_BATCH = 8;

  static Module mlp() {
    return new Sequential(
        new Dense(FEATURES, 16, true, Init.pytorchDefault(), Init.pytorchDefault(), 11),
        new ReLU(),
        new Dense(16, CLASSES, true, Init.pytorchDefault(), Init.pytorchDefault(), 12));
  }

  static float[][] features() {
    SplittableRandom r = new SplittableRandom(5);
    float[][] x = new float[ROWS][FEATURES];
    for (float[] row : x) {
      for (int j = 0; j < FEATURES; j++) {
        // mixed magnitudes, so the order of additions shows in the bits
        row[j] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 3)));
      }
    }
    return x;
  }

  static int label(int i) {
    return (i * 7) % CLASSES;
  }

  static Dataset<Row> frame(float[][] x) {
    StructType schema =
        new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType), false)
            .add("label", DataTypes.IntegerType, false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      Float[] boxed = new Float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        boxed[j] = x[i][j];
      }
      rows.add(RowFactory.create(boxed, label(i)));
    }
    return LocalSpark.get().createDataFrame(rows, schema);
  }

  @Test
  @Timeout(120)
  void twoWorkersMatchOneProcessAccumulatingTheirMicroBatchesInRankOrder() {
    float[][] x = features();
    int epochs = 2;
    SparkTrainer.Result r =
        SparkTrainer.builder()
            .model(AllReduceBitwiseTest::mlp)
            .loss(CrossEntropyLoss::new)
            .optimizer(m -> new Adam(m.parameters(), 1e-2))
            .workers(2)
            .globalBatchSize(GLOBAL_BATCH)
            .epochs(epochs)
            .shuffle(false)
            .build()
            .fit(frame(x), "features", "label");

    // The reference: worker w's shard is rows w, w + 2, w + 4, ... in order; step k of an epoch
    // takes its rows [4k, 4k + 4).
    Module ref = mlp();
    Optimizer adam = new Adam(ref.parameters(), 1e-2);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    int micro = GLOBAL_BATCH / 2;
    int steps = ROWS / GLOBAL_BATCH;
    for (int e = 0; e < epochs; e++) {
      for (int k = 0; k < steps; k++) {
        adam.zeroGrad();
        for (int w = 0; w < 2; w++) {
          float[] xb = new float[micro * FEATURES];
          int[] yb = new int[micro];
          for (int j = 0; j < micro; j++) {
            int row = w + 2 * (k * micro + j);
            System.arraycopy(x[row], 0, xb, j * FEATURES, FEATURES);
            yb[j] = label(row);
          }
          loss.apply(ref.apply(Tensor.of(xb, micro, FEATURES)), Tensor.of(yb, micro)).backward();
        }
        for (Tensor p : ref.parameters()) {
          p.grad().mulInPlace(0.5);
        }
        adam.step();
      }
    }
    Map<String, Tensor> got = r.model().stateDict();
    Map<String, Tensor> want = ref.stateDict();
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String name : want.keySet()) {
      assertThat(got.get(name).toFloatArray()).as(name).isEqualTo(want.get(name).toFloatArray());
    }
    // and training moved the parameters, so the comparison is not of two untouched models
    assertThat(want.get("0.weight").toFloatArray())
        .isNotEqualTo(mlp().stateDict().get("0.weight").toFloatArray());
    assertThat(r.history()).hasSize(epochs);
    assertThat(r.history().get(0).samples()).isEqualTo(ROWS);
  }

  @Test
  @Timeout(60)
  void aBadTokenIsRefused() {
    BadTokenTest.aBadTokenEndsTheJobNamingTheWorker();
  }
}
