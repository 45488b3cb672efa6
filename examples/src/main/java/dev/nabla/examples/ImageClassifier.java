package dev.nabla.examples;

import dev.nabla.core.Backend;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.ConfusionMatrix;
import dev.nabla.train.History;
import dev.nabla.train.Metrics;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ParameterException;

/**
 * What the image examples share: train with a {@link Trainer}, report on the test set, print the
 * result line.
 */
final class ImageClassifier {
  /** The confusion matrix's chart in the output directory. */
  static final String CONFUSION_PNG = "confusion.png";

  private ImageClassifier() {}

  /**
   * Trains (continuing from the output directory's checkpoint with {@code --resume}), evaluates on
   * {@code test}, writes the outputs to {@link CommonOptions#out(String) o.out(name)}, prints the
   * summary and the result line. {@code name} is the example or its variant (fashion-mnist-mlp).
   */
  static int run(
      String name,
      Module model,
      int[] inputShape,
      Loss loss,
      Optimizer optimizer,
      Dataset train,
      IdxImageDataset test,
      CommonOptions o,
      int epochs,
      int batchSize)
      throws IOException {
    return run(name, model, inputShape, loss, optimizer, null, train, test, o, epochs, batchSize);
  }

  /** As above, with a learning-rate schedule stepped once per epoch (null for none). */
  static int run(
      String name,
      Module model,
      int[] inputShape,
      Loss loss,
      Optimizer optimizer,
      LRScheduler schedule,
      Dataset train,
      IdxImageDataset test,
      CommonOptions o,
      int epochs,
      int batchSize)
      throws IOException {
    Result result = new Result();
    System.out.println(Backend.describe());
    System.out.println(model.summary(inputShape));
    System.out.printf(
        "training on %d images (%s), testing on %d, %d epochs, batch %d%n",
        train.size(), test.source(), test.size(), epochs, batchSize);
    Path out = o.out(name);
    Trainer trainer =
        new Trainer(model, loss, optimizer)
            .setProgress(o.progress)
            .setOutputDir(out)
            .setTitle(title(name, batchSize, optimizer, schedule, loss));
    if (schedule != null) {
      trainer.setScheduler(schedule);
    }
    if (o.resume) {
      Path checkpoint = out.resolve(Trainer.MODEL_FILE);
      int done = trainer.resumeFrom(checkpoint).epoch();
      if (done >= epochs) {
        throw new ParameterException(
            o.command.commandLine(),
            "--resume: "
                + checkpoint
                + " has finished "
                + done
                + " epochs, as many as --epochs "
                + epochs
                + " asks for; give a larger --epochs to train on");
      }
      System.out.printf("resuming from %s after epoch %d%n", checkpoint, done);
    }
    DataLoader trainLoader =
        DataLoader.builder(StartupReport.wrap(train))
            .batchSize(batchSize)
            .shuffle(true)
            .seed(o.seed)
            .build();
    DataLoader testLoader = DataLoader.builder(test).batchSize(1000).build();
    History history = trainer.fit(trainLoader, testLoader, epochs);

    // Class indices come from labels() even when the targets are one-hot (the tutorial's MSE).
    ConfusionMatrix cm = new ConfusionMatrix(test.classes());
    for (int from = 0; from < test.size(); from += 1000) {
      int to = Math.min(test.size(), from + 1000);
      cm.add(
          Metrics.predict(model, test.images().slice(0, from, to)),
          test.labels().slice(0, from, to));
    }
    System.out.println(cm);
    try {
      cm.writeChart(
          out.resolve(CONFUSION_PNG),
          String.format(
              java.util.Locale.ROOT,
              "%s · test set · accuracy %.2f %%",
              name,
              100 * cm.accuracy()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot write " + out.resolve(CONFUSION_PNG) + ": " + e.getMessage(), e);
    }
    double accuracy = cm.accuracy();
    double trainSeconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum();
    System.out.printf(
        "test accuracy %.2f %% on %d images; outputs in %s%n", 100 * accuracy, test.size(), out);
    result
        .put("test_accuracy", accuracy)
        .put("samples_per_s", Math.round(medianSamplesPerSecond(history)))
        .put("train_seconds", trainSeconds)
        .print();
    return 0;
  }

  /**
   * The chart's title: {@code mnist-cnn · batch 128 · lr 0.001 · Adam + CosineAnnealingLR ·
   * CrossEntropyLoss}.
   */
  static String title(
      String name, int batchSize, Optimizer optimizer, LRScheduler schedule, Loss loss) {
    return name
        + " · batch "
        + batchSize
        + " · lr "
        + java.math.BigDecimal.valueOf(optimizer.learningRate())
            .stripTrailingZeros()
            .toPlainString()
        + " · "
        + optimizer.name()
        + (schedule == null ? "" : " + " + schedule.name())
        + " · "
        + loss.getClass().getSimpleName();
  }

  /** The median over the epochs after the first (the first includes the JIT's warm-up). */
  static double medianSamplesPerSecond(History history) {
    double[] v =
        history.epochs().stream()
            .skip(history.size() > 1 ? 1 : 0)
            .mapToDouble(e -> e.samplesPerSecond())
            .sorted()
            .toArray();
    return v.length == 0
        ? 0
        : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
