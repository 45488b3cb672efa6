package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.OnnxModule;
import dev.nabla.optim.Adam;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model trained in PyTorch, imported through ONNX and fine-tuned with nabla's own optimizer: the
 * onnx-mnist convnet, Adam on the embedded training digits.
 */
class OnnxFineTuneTest {
  @Test
  void theImportedConvnetFineTunesWithAdam() throws Exception {
    OnnxModel onnx = OnnxMnist.model();
    OnnxModule m = onnx.asModule();
    // the parameters are the model's float initializers, under their file names
    assertThat(m.namedParameters().keySet())
        .isNotEmpty()
        .allSatisfy(name -> assertThat(onnx.initializers()).containsKey(name));
    Mnist train = Mnist.train(LoadOptions.defaults());
    Tensor x = train.images().slice(0, 0, 256), y = train.labels().slice(0, 0, 256);
    String input = onnx.inputs().getFirst().name();
    CrossEntropyLoss loss = new CrossEntropyLoss();
    double before;
    try (var _ = Grad.disabled()) {
      before = loss.apply(m.forward(Map.of(input, x)).values().iterator().next(), y).item();
    }
    // the module computes what the loaded model does
    assertThat(m.forward(x).toFloatArray())
        .containsExactly(onnx.run(Map.of(input, x)).values().iterator().next().toFloatArray());
    Tensor w = m.parameters().getFirst();
    float[] w0 = w.toFloatArray();
    Adam adam = new Adam(m.parameters(), 1e-3);
    for (int step = 0; step < 30; step++) {
      adam.zeroGrad();
      Tensor l = loss.apply(m.forward(x), y);
      l.backward();
      adam.step();
    }
    double after;
    try (var _ = Grad.disabled()) {
      after = loss.apply(m.forward(x), y).item();
    }
    assertThat(w.toFloatArray()).isNotEqualTo(w0);
    assertThat(after).as("loss on the tuned batch, before %s", before).isLessThan(before * 0.7);
    // the loaded model itself is untouched by the module's training
    assertThat(onnx.run(Map.of(input, x)).values().iterator().next().toFloatArray())
        .isEqualTo(
            OnnxMnist.model().run(Map.of(input, x)).values().iterator().next().toFloatArray());
  }
}
