package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./nabla onnx-mnist}: the convnet PyTorch trained and exported (train_onnx_mnist.py) scores
 * on the 10,000 test digits in nabla what it scored in PyTorch.
 */
class OnnxMnistTest {
  @Test
  void onnxMnistMatchesPyTorchsAccuracyOnTheTestDigitsTo0Point1Percent() {
    CommandLineTest.Run r = CommandLineTest.run("onnx-mnist");
    System.out.print(r.out()); // the example's output, in the test log
    assertThat(r.code()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isZero();
    Map<String, Double> res = ExamplesIntegrationTest.result(r.out());
    assertThat(res).containsKeys("test_accuracy", "torch_accuracy", "samples_per_s", "seconds");
    // what train_onnx_mnist.py measured in PyTorch 1.13 (its properties file)
    assertThat(res.get("torch_accuracy")).isEqualTo(0.9716);
    assertThat(res.get("test_accuracy")).isCloseTo(res.get("torch_accuracy"), within(0.001));
    assertThat(r.out()).contains("test digits: 10000", "difference: ");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
