package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recurrent taggers exported by PyTorch 1.13's {@code torch.onnx.export} (Embedding, a recurrent
 * layer batch-first, Linear), as a user's model reaches nabla: the exporter reorders the gate
 * weights to ONNX's order and wraps the layer in Shape, Gather, Transpose, Slice and Reshape nodes.
 * nabla's outputs must match PyTorch's to 1e-4: two-layer bidirectional LSTM (opset 17) and GRU
 * (opset 14), an Elman RNN (opset 11), and an LSTM over packed sequences of uneven lengths (sorted:
 * unsorted ones export a TopK of int64 lengths).
 */
class RecurrentTorchExportTest {
  static final String SCRIPT =
      """
      import sys, torch
      from onnx import numpy_helper
      torch.manual_seed(0)
      out = sys.argv[1] if len(sys.argv) > 1 else OUT
      class Tagger(torch.nn.Module):
          def __init__(s, cell, layers, bidir, packed=False):
              super().__init__()
              s.packed = packed
              s.emb = torch.nn.Embedding(20, 8)
              s.rnn = cell(8, 6, num_layers=layers, batch_first=True, bidirectional=bidir)
              s.fc = torch.nn.Linear(12 if bidir else 6, 5)
          def forward(s, x, lengths=None):
              e = s.emb(x)
              if s.packed:
                  p = torch.nn.utils.rnn.pack_padded_sequence(
                      e, lengths, batch_first=True)
                  y, _ = s.rnn(p)
                  y, _ = torch.nn.utils.rnn.pad_packed_sequence(
                      y, batch_first=True, total_length=x.shape[1])
              else:
                  y, _ = s.rnn(e)
              return s.fc(y)
      def save(name, m, args, names, opset):
          m.eval()
          with torch.no_grad():
              y = m(*args)
          torch.onnx.export(m, args, f'{out}/{name}.onnx', opset_version=opset,
                            input_names=names, output_names=['y'],
                            dynamic_axes={n: {0: 'b'} for n in names})
          for i, (n, a) in enumerate(zip(names, args)):
              open(f'{out}/{name}.input_{i}.pb', 'wb').write(
                  numpy_helper.from_array(a.numpy(), n).SerializeToString())
          open(f'{out}/{name}.output_0.pb', 'wb').write(
              numpy_helper.from_array(y.numpy(), 'y').SerializeToString())
      x = torch.randint(0, 20, (3, 7))
      save('lstm_tagger', Tagger(torch.nn.LSTM, 2, True), (x,), ['x'], 17)
      save('gru_tagger', Tagger(torch.nn.GRU, 2, True), (x,), ['x'], 14)
      save('rnn_tagger_opset11', Tagger(torch.nn.RNN, 1, False), (x,), ['x'], 11)
      save('lstm_tagger_packed', Tagger(torch.nn.LSTM, 1, True, packed=True),
           (x, torch.tensor([7, 5, 3])), ['x', 'lengths'], 17)
      """;

  static Path dir;

  @BeforeAll
  static void export() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("nabla-onnx-recurrent");
    dir.toFile().deleteOnExit();
    PythonOnnx.run(SCRIPT.replace("OUT", PythonOnnx.quote(dir.toString())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm_tagger", "gru_tagger", "rnn_tagger_opset11", "lstm_tagger_packed"})
  void matchesPyTorch(String name) throws IOException {
    OnnxModel model = OnnxModel.load(dir.resolve(name + ".onnx"));
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; Files.exists(dir.resolve(name + ".input_" + i + ".pb")); i++) {
      var e = OnnxTensors.read(dir.resolve(name + ".input_" + i + ".pb"));
      feeds.put(e.getKey(), e.getValue());
    }
    Tensor y = model.run(feeds).get("y");
    Tensor want = OnnxTensors.read(dir.resolve(name + ".output_0.pb")).getValue();
    assertThat(y.shape()).isEqualTo(want.shape());
    float[] g = y.toFloatArray(), w = want.toFloatArray();
    for (int i = 0; i < w.length; i++) {
      assertThat(g[i]).as("%s element %d", name, i).isCloseTo(w[i], within(1e-4f));
    }
  }
}
