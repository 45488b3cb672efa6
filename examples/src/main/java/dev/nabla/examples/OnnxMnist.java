package dev.nabla.examples;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./nabla onnx-mnist}: a convnet trained and exported by PyTorch ({@code
 * examples/src/main/python/train_onnx_mnist.py}, shipped as the resource {@code
 * onnx/mnist-cnn.onnx}), run by nabla on the 10,000 MNIST test digits, its accuracy beside the one
 * PyTorch measured.
 */
@Command(
    name = "onnx-mnist",
    description =
        "A convnet trained in PyTorch and exported as ONNX, run by nabla on the 10,000 MNIST test"
            + " digits: its accuracy beside PyTorch's own.")
final class OnnxMnist implements Callable<Integer> {
  static final String MODEL = "onnx/mnist-cnn.onnx";
  static final String RECORD = "onnx/mnist-cnn.properties";

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      converter = OptionValues.AtLeastOne.class,
      description = "Test digits per run, at least 1 (default: ${DEFAULT-VALUE}).")
  int batchSize = 500;

  @Mixin ThreadsOption threads = new ThreadsOption();

  /** What one evaluation found. */
  record Accuracy(int correct, int total, double seconds) {
    double accuracy() {
      return (double) correct / total;
    }
  }

  @Override
  public Integer call() throws IOException {
    threads.apply();
    Result result = new Result();
    OnnxModel model = model();
    double torch = torchAccuracy();
    System.out.println("model: " + model);
    Mnist test = Mnist.test(LoadOptions.defaults());
    System.out.println("test digits: " + test.size() + " from " + test.source());
    Accuracy a = evaluate(model, test.images(), test.labels(), batchSize);
    System.out.printf(
        Locale.ROOT,
        "nabla:   test accuracy %.4f (%d of %d), %.1f s, %.0f digits/s%n",
        a.accuracy(),
        a.correct(),
        a.total(),
        a.seconds(),
        a.total() / a.seconds());
    System.out.printf(
        Locale.ROOT,
        "PyTorch: test accuracy %.4f (recorded by train_onnx_mnist.py)%n"
            + "difference: %+.4f (%+.2f %%)%n",
        torch,
        a.accuracy() - torch,
        100 * (a.accuracy() - torch));
    result
        .put("test_accuracy", a.accuracy())
        .put("torch_accuracy", torch)
        .put("samples_per_s", a.total() / a.seconds());
    result.print();
    return 0;
  }

  /** The shipped model. */
  static OnnxModel model() throws IOException {
    try (InputStream in = OnnxMnist.class.getResourceAsStream(MODEL)) {
      if (in == null) {
        throw new IOException("the resource " + MODEL + " is missing from the examples' jar");
      }
      return OnnxModel.load(in.readAllBytes(), "mnist-cnn.onnx");
    }
  }

  /** PyTorch's accuracy on the test digits, as train_onnx_mnist.py measured and recorded it. */
  static double torchAccuracy() throws IOException {
    Properties p = new Properties();
    try (InputStream in = OnnxMnist.class.getResourceAsStream(RECORD)) {
      if (in == null) {
        throw new IOException("the resource " + RECORD + " is missing from the examples' jar");
      }
      p.load(in);
    }
    String v = p.getProperty("torch_accuracy");
    if (v == null) {
      throw new IOException(RECORD + " has no torch_accuracy");
    }
    return Double.parseDouble(v);
  }

  /** Runs {@code images} [N, 1, 28, 28] through the model in batches; counts argmax == label. */
  static Accuracy evaluate(OnnxModel model, Tensor images, Tensor labels, int batchSize) {
    String input = model.inputs().getFirst().name();
    int n = images.dim(0);
    int correct = 0;
    long start = System.nanoTime();
    for (int i = 0; i < n; i += batchSize) {
      int end = Math.min(n, i + batchSize);
      Map<String, Tensor> out = model.run(Map.of(input, images.slice(0, i, end)));
      Tensor predicted = out.values().iterator().next().argmax(1);
      correct += (int) predicted.eq(labels.slice(0, i, end)).to(DType.INT32).sum().item();
    }
    return new Accuracy(correct, n, (System.nanoTime() - start) / 1e9);
  }
}
