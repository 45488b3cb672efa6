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

  /** Pixels in [0, 1], standardised by the dataset's mean and std unless {@code oneHot} (the tutorial's setup). */
  static LoadOptions load(CommonOptions o, boolean flatten, boolean oneHot) {
    return LoadOptions.defaults().flatten(flatten).oneHot(oneHot).normalize(!oneHot)
        .dataDir(o.dataDir).download(o.download);
  }

  @Command(name = "mnist-fc", description = "The tutorial's MNIST network: 784-100-50-10 tanh, MSE, "
      + "one sample per step, SGD 0.1, the first 1000 training images, 35 epochs; then test accuracy on 10,000 digits.")
  static final class TutorialMnist implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions();

    @Override
    public Integer call() throws IOException {
      o.applyThreads();
      LoadOptions opts = load(o, true, true);
      Dataset train = Mnist.train(opts).subset(0, 1000);
      IdxImageDataset test = Mnist.test(opts);
      Sequential model = MnistModels.tutorial(o.seed);
      return ImageClassifier.run("mnist-fc", model, new int[] {1, 784}, new MSELoss(),
          new SGD(model.parameters(), o.lr(0.1)), train, test, o, o.epochs(35), o.batchSize(1));
    }
  }

  @Command(name = "mnist-mlp", description = "A modern MLP on MNIST: 784-256-128-10 ReLU, cross-entropy, Adam 1e-3 with cosine decay, batch 32, standardised pixels.")
  static final class Mlp implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions();

    @Override
    public Integer call() throws IOException {
      o.applyThreads();
      LoadOptions opts = load(o, true, false);
      Sequential model = MnistModels.mlp(o.seed);
      int epochs = o.epochs(10);
      Adam adam = new Adam(model.parameters(), o.lr(1e-3));
      // Cosine decay to zero over the run: the last epochs settle instead of wandering.
      return ImageClassifier.run("mnist-mlp", model, new int[] {1, 784}, new CrossEntropyLoss(), adam,
          new CosineAnnealingLR(adam, epochs), Mnist.train(opts), Mnist.test(opts), o, epochs,
          o.batchSize(32));
    }
  }

  @Command(name = "mnist-cnn", description = "The Keras MNIST convnet: conv 3x3 (32), max-pool, conv 3x3 (64), "
      + "max-pool, dropout, dense (10); Adam 1e-3 with cosine decay, batch 128.")
  static final class Cnn implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions();

    @Override
    public Integer call() throws IOException {
      o.applyThreads();
      LoadOptions opts = load(o, false, false);
      Sequential model = MnistModels.cnn(o.seed);
      int epochs = o.epochs(10);
      Adam adam = new Adam(model.parameters(), o.lr(1e-3));
      return ImageClassifier.run("mnist-cnn", model, new int[] {1, 1, 28, 28}, new CrossEntropyLoss(),
          adam, new CosineAnnealingLR(adam, epochs), Mnist.train(opts), Mnist.test(opts), o, epochs,
          o.batchSize(128));
    }
  }

  @Command(name = "fashion-mnist", description = "The MNIST convnet (or, with --model mlp, the MLP) on the full "
      + "Fashion-MNIST (60,000 + 10,000 images).")
  static final class Fashion implements Callable<Integer> {
    @Mixin CommonOptions o = new CommonOptions();

    @Option(names = "--model", description = "cnn or mlp (default: ${DEFAULT-VALUE}).")
    String model = "cnn";

    @Override
    public Integer call() throws IOException {
      o.applyThreads();
      boolean mlp = switch (model) {
        case "mlp" -> true;
        case "cnn" -> false;
        default -> throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--model must be cnn or mlp, got '" + model + "'");
      };
      LoadOptions opts = load(o, mlp, false);
      Sequential net = mlp ? MnistModels.mlp(o.seed) : MnistModels.cnn(o.seed);
      int epochs = o.epochs(10);
      Adam adam = new Adam(net.parameters(), o.lr(1e-3));
      return ImageClassifier.run("fashion-mnist", net, mlp ? new int[] {1, 784} : new int[] {1, 1, 28, 28},
          new CrossEntropyLoss(), adam, new CosineAnnealingLR(adam, epochs), FashionMnist.train(opts),
          FashionMnist.test(opts), o, epochs, o.batchSize(128));
    }
  }
}
