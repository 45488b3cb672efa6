package dev.nabla.examples;

import dev.nabla.core.Backend;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.ConfusionMatrix;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import java.nio.file.Path;

/** What the image examples share: train with a {@link Trainer}, report on the test set, print the result line. */
final class ImageClassifier {
  private ImageClassifier() {}

  /** Trains, evaluates on {@code test}, writes the outputs to {@code out}, prints the summary and the result line. */
  static int run(String name, Module model, int[] inputShape, Loss loss, Optimizer optimizer,
      Dataset train, IdxImageDataset test, CommonOptions o, int epochs, int batchSize) {
    Result result = new Result();
    System.out.println(Backend.describe());
    System.out.println(model.summary(inputShape));
    System.out.printf("training on %d images (%s), testing on %d, %d epochs, batch %d%n",
        train.size(), test.source(), test.size(), epochs, batchSize);
    Path out = o.out(name);
    Trainer trainer = new Trainer(model, loss, optimizer).setProgress(o.progress).setOutputDir(out);
    DataLoader trainLoader = new DataLoader(train, batchSize, true, o.seed, false);
    DataLoader testLoader = new DataLoader(test, 1000, false, 0, false);
    History history = trainer.fit(trainLoader, testLoader, epochs);

    ConfusionMatrix cm = ConfusionMatrix.of(model, testLoader, test.numClasses());
    System.out.println(cm);
    double accuracy = cm.accuracy();
    double trainSeconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum();
    System.out.printf("test accuracy %.2f %% on %d images; outputs in %s%n", 100 * accuracy, test.size(), out);
    result.put("test_accuracy", accuracy)
        .put("samples_per_s", Math.round(history.epochs().stream().mapToDouble(e -> e.samplesPerSecond()).max().orElse(0)))
        .put("train_seconds", trainSeconds)
        .print();
    return 0;
  }
}
