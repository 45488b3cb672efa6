package dev.nabla.spark.examples;

import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Conv2d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Flatten;
import dev.nabla.layers.Init;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MNIST as a Spark {@code DataFrame} ({@code features}: 784 standardised pixels as {@code
 * array<float>}, {@code label}: int), made on the executors from nabla's embedded digits (or {@code
 * --data-dir}), and the {@code mnist-mlp} example's network.
 */
public final class MnistFrames {
  private MnistFrames() {}

  /** The schema of the frames. */
  public static final StructType SCHEMA =
      new StructType()
          .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("label", DataTypes.IntegerType, false);

  private static final Map<String, IdxImageDataset> LOADED = new HashMap<>();

  /**
   * The training set (MNIST's standardised pixels, as {@code ./nabla mnist-mlp} trains on), or its
   * first {@code limit} digits, as a frame of {@code partitions} partitions.
   */
  public static Dataset<Row> train(SparkSession spark, String dataDir, int limit, int partitions) {
    int n = Math.min(limit, load(dataDir, true).size());
    JavaRDD<Row> rows =
        spark
            .range(0, n, 1, partitions)
            .javaRDD()
            .map(i -> row(load(dataDir, true), (int) (long) i));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The MNIST training set (embedded, or read from {@code dataDir}), loaded once per JVM. */
  public static synchronized IdxImageDataset load(String dataDir, boolean train) {
    String key = dataDir + (train ? "#train" : "#test");
    return LOADED.computeIfAbsent(
        key,
        k -> {
          LoadOptions opts =
              LoadOptions.defaults()
                  .flatten(true)
                  .normalize(true)
                  .quiet(true)
                  .dataDir(dataDir == null ? null : Path.of(dataDir));
          try {
            return train ? Mnist.train(opts) : Mnist.test(opts);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static Row row(IdxImageDataset d, int i) {
    var e = d.get(i);
    float[] x = e.input().toFloatArray();
    Float[] boxed = new Float[x.length];
    for (int j = 0; j < x.length; j++) {
      boxed[j] = x[j];
    }
    return RowFactory.create(boxed, (int) e.target().item());
  }

  /** The {@code mnist-mlp} example's network: 784-256-128-10 ReLU, PyTorch's default init. */
  public static Sequential mlp(long seed) {
    return new Sequential(
        new Dense(784, 256, true, Init.pytorchDefault(), Init.pytorchDefault(), seed),
        new ReLU(),
        new Dense(256, 128, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 1),
        new ReLU(),
        new Dense(128, 10, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 2));
  }

  /**
   * The {@code mnist-cnn} example's network (the Keras MNIST convnet): conv 3x3 (32), pool, conv
   * 3x3 (64), pool, dropout 0.5, dense 10; it takes {@code [N, 1, 28, 28]}.
   */
  public static Sequential cnn(long seed) {
    return new Sequential(
        new Conv2d(1, 32, 3, 1, 0, true, Init.pytorchDefault(), Init.pytorchDefault(), seed),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(32, 64, 3, 1, 0, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 1),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0.5, seed + 2),
        new Dense(1600, 10, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 3));
  }
}
