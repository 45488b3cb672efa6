package dev.nabla.spark;

import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Example;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.CosineAnnealingLR;
import dev.nabla.spark.examples.MnistFrames;
import dev.nabla.train.Metrics;
import org.apache.spark.sql.SparkSession;

/**
 * The mnist-mlp recipe (784-256-128-10 ReLU, cross-entropy, Adam 1e-3 with cosine decay, batch 32)
 * on the embedded 10,000 training digits, on one machine and on Spark, scored on the 10,000 test
 * digits.
 */
final class MnistRecipe {
  private MnistRecipe() {}

  static final int BATCH = 32;
  static final long SEED = 42;

  private static final java.util.Map<Integer, Double> SINGLE = new java.util.HashMap<>();

  /**
   * The single-machine run's test accuracy, as ./nabla mnist-mlp trains (one process, the same
   * global batch), computed once per JVM and epoch count.
   */
  static synchronized double singleMachine(int epochs) {
    return SINGLE.computeIfAbsent(epochs, MnistRecipe::trainSingleMachine);
  }

  private static double trainSingleMachine(int epochs) {
    IdxImageDataset train = MnistFrames.load(null, true);
    Module model = MnistFrames.mlp(SEED);
    Adam adam = new Adam(model.parameters(), 1e-3);
    CosineAnnealingLR cosine = new CosineAnnealingLR(adam, epochs);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    DataLoader loader = DataLoader.builder(train).batchSize(BATCH).shuffle(true).seed(SEED).build();
    for (int e = 0; e < epochs; e++) {
      loader.setEpoch(e);
      model.train();
      for (Example b : loader) {
        adam.zeroGrad();
        loss.apply(model.apply(b.input()), b.target()).backward();
        adam.step();
      }
      cosine.step();
    }
    return testAccuracy(model);
  }

  static SparkTrainer.Builder spark(int epochs) {
    return SparkTrainer.builder()
        .model(() -> MnistFrames.mlp(SEED))
        .loss(CrossEntropyLoss::new)
        .optimizer(m -> new Adam(m.parameters(), 1e-3))
        .scheduler(opt -> new CosineAnnealingLR(opt, epochs))
        .workers(2)
        .globalBatchSize(BATCH)
        .epochs(epochs)
        .seed(SEED);
  }

  static SparkTrainer.Result fit(SparkSession spark, SparkTrainer.Builder b) {
    return b.build().fit(MnistFrames.train(spark, null, Integer.MAX_VALUE, 2), "features", "label");
  }

  static double testAccuracy(Module model) {
    IdxImageDataset test = MnistFrames.load(null, false);
    return Metrics.evaluate(
            model, DataLoader.builder(test).batchSize(1000).build(), new CrossEntropyLoss())
        .accuracy();
  }
}
