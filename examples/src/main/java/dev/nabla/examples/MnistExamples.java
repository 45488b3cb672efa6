package dev.nabla.examples;

import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.FashionMnist;
import dev.nabla.datasets.IdxImageDataset;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.CosineAnnealingLR;
import dev.nabla.optim.SGD;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The MNIST and Fashion-MNIST examples. */
final class MnistExamples {
  private MnistExamples() {}

  /**
   * Pixels in [0, 1], standardised by the dataset's mean and std unless {@code oneHot} (the
   * tutorial's setup).
   */
  static LoadOptions load(CommonOptions o, boolean flatten, boolean oneHot) {
    return LoadOptions.defaults()
        .flatten(flatten)
        .oneHot(oneHot)
        .normalize(!oneHot)
        .dataDir(o.dataDir)
        .download(o.download);
  }

  @Command(
      name = "mnist-fc",
      description =
          "The tutorial's MNIST network: 784-100-50-10 tanh, MSE, "
              + "one sample per step, SGD 0.1, the first 1000 training images, 35 epochs; then test accuracy on 10,000 digits.")
  static final class TutorialMnist implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions("mnist-fc", 35, 1, 0.1);

    @Override
    public Integer call() throws IOException {
      o.begin("mnist-fc");
      LoadOptions opts = load(o, true, true);
      Dataset train = Mnist.train(opts).subset(0, 1000);
      IdxImageDataset test = Mnist.test(opts);
      Sequential model = MnistModels.tutorial(o.seed);
      return ImageClassifier.run(
          "mnist-fc",
          model,
          new int[] {1, 784},
          new MSELoss(),
          new SGD(model.parameters(), o.lr),
          train,
          test,
          o,
          o.epochs,
          o.batchSize);
    }
  }

  @Command(
      name = "mnist-mlp",
      description =
          "A modern MLP on MNIST: 784-256-128-10 ReLU, cross-entropy, Adam 1e-3 with cosine decay, batch 32, standardised pixels.")
  static final class Mlp implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions("mnist-mlp", 10, 32, 1e-3);

    @Override
    public Integer call() throws IOException {
      o.begin("mnist-mlp");
      LoadOptions opts = load(o, true, false);
      Sequential model = MnistModels.mlp(o.seed);
      int epochs = o.epochs;
      Adam adam = new Adam(model.parameters(), o.lr);
      // Cosine decay to zero over the run: the last epochs settle instead of wandering.
      return ImageClassifier.run(
          "mnist-mlp",
          model,
          new int[] {1, 784},
          new CrossEntropyLoss(),
          adam,
          new CosineAnnealingLR(adam, epochs),
          Mnist.train(opts),
          Mnist.test(opts),
          o,
          epochs,
          o.batchSize);
    }
  }

  @Command(
      name = "mnist-cnn",
      description =
          "The Keras MNIST convnet: conv 3x3 (32), max-pool, conv 3x3 (64), "
              + "max-pool, dropout, dense (10); Adam 1e-3 with cosine decay, batch 128.")
  static final class Cnn implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions("mnist-cnn", 10, 128, 1e-3);

    @Override
    public Integer call() throws IOException {
      o.begin("mnist-cnn");
      LoadOptions opts = load(o, false, false);
      Sequential model = MnistModels.cnn(o.seed);
      int epochs = o.epochs;
      Adam adam = new Adam(model.parameters(), o.lr);
      return ImageClassifier.run(
          "mnist-cnn",
          model,
          new int[] {1, 1, 28, 28},
          new CrossEntropyLoss(),
          adam,
          new CosineAnnealingLR(adam, epochs),
          Mnist.train(opts),
          Mnist.test(opts),
          o,
          epochs,
          o.batchSize);
    }
  }

  @Command(
      name = "fashion-mnist",
      description =
          "The MNIST convnet (or, with --model mlp, the MLP) on the full "
              + "Fashion-MNIST (60,000 + 10,000 images).")
  static final class Fashion implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions("fashion-mnist-cnn", 10, 128, 1e-3);

    /** The two networks fashion-mnist trains. */
    enum Model {
      cnn,
      mlp
    }

    @Option(
        names = "--model",
        paramLabel = "MODEL",
        description =
            "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
                + "each writes to its own folder, out/fashion-mnist-cnn or out/fashion-mnist-mlp, unless --out is given.")
    Model model = Model.cnn;

    /**
     * The name of the run, and of its default output folder: fashion-mnist-cnn or
     * fashion-mnist-mlp.
     */
    String variant() {
      return "fashion-mnist-" + model;
    }

    @Override
    public Integer call() throws IOException {
      String variant = variant();
      o.begin(variant);
      boolean mlp = model == Model.mlp;
      LoadOptions opts = load(o, mlp, false);
      Sequential net = mlp ? MnistModels.mlp(o.seed) : MnistModels.cnn(o.seed);
      int epochs = o.epochs;
      Adam adam = new Adam(net.parameters(), o.lr);
      return ImageClassifier.run(
          variant,
          net,
          mlp ? new int[] {1, 784} : new int[] {1, 1, 28, 28},
          new CrossEntropyLoss(),
          adam,
          new CosineAnnealingLR(adam, epochs),
          FashionMnist.train(opts),
          FashionMnist.test(opts),
          o,
          epochs,
          o.batchSize);
    }
  }
}
