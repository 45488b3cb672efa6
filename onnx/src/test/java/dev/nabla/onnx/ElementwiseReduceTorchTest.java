package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What PyTorch 1.13's {@code torch.onnx.export} emits for its elementwise functions, activations,
 * comparisons, logic and reductions (opsets 12 and 17: Clip's bounds and ReduceSum's axes are
 * inputs in one and not the other), run by nabla against PyTorch's own outputs.
 */
class ElementwiseReduceTorchTest {
  @TempDir Path dir;

  static final String SCRIPT =
      """
      import torch
      F = torch.nn.functional
      class M(torch.nn.Module):
          def forward(self, x, i):
              a = torch.clamp(x, -0.5, 0.5) + F.softplus(x, beta=2.0) + F.hardswish(x) + F.elu(x)
              a = a + F.selu(x) + F.celu(x, 0.5) + F.leaky_relu(x, 0.2) + F.hardsigmoid(x)
              a = a + F.softsign(x) + F.gelu(x) + F.relu6(x) + torch.sigmoid(x) + torch.tanh(x)
              c = x.clamp(-0.9, 0.9)
              e = torch.where(x > 0, torch.asin(c), torch.atan(x)) + torch.tan(c) + torch.acos(c)
              f = x.sum(dim=1, keepdim=True) + x.mean(dim=-1, keepdim=True) + x.abs().sum()
              f = f + x.amax(dim=1, keepdim=True) + x.amin(dim=1, keepdim=True)
              f = f + x.prod(dim=1, keepdim=True) + x.norm(dim=1, keepdim=True)
              f = f + torch.logsumexp(x, dim=1, keepdim=True)
              k = x.floor() + x.ceil() + x.round() + x.sign() + x.abs() + x.reciprocal() + x.exp()
              k = k + torch.sqrt(x.abs()) + torch.log(x.abs() + 1) + torch.erf(x) + x.pow(3) + 2 ** x
              l = ((x > 0) & (x < 0.5)) | (~(x == 0.25) ^ (x >= 0.1))
              nan = torch.isnan(x.log()) | torch.isinf(1 / (x - x))
              y = a + e + f + k + l.float() + nan.float() + x.double().float()
              g = x.argmax(dim=1) + x.argmin(dim=1, keepdim=True)
              h = torch.clamp(i, min=-2, max=3) * 2 + torch.div(i, 3, rounding_mode='trunc')
              h = h + i % 3 + torch.fmod(i, 3) + torch.div(i, 3, rounding_mode='floor')
              h = h + torch.maximum(i, 1 - i) - torch.minimum(i, i * i)
              return y, g, h, torch.min(x, x * 0.5)
      torch.manual_seed(0)
      x = torch.randn(3, 4)
      x[0, 0] = 0.25
      x[1, 2] = -2.5
      i = torch.tensor([-7, -3, 0, 4, 8])
      m = M()
      torch.onnx.export(m, (x, i), out, opset_version=OPSET, input_names=['x', 'i'],
                        output_names=['y', 'g', 'h', 'z'])
      m2 = onnx.load(out)
      onnx.checker.check_model(m2)
      d = out[:-5]
      for name, t in [('x', x), ('i', i)]:
          onnx.save_tensor(numpy_helper.from_array(t.numpy(), name), d + '-in-' + name + '.pb')
      with torch.no_grad():
          for name, t in zip(['y', 'g', 'h', 'z'], m(x, i)):
              onnx.save_tensor(numpy_helper.from_array(t.numpy(), name), d + '-out-' + name + '.pb')
      """;

  @ParameterizedTest
  @ValueSource(ints = {12, 17})
  void nablaMatchesPyTorchOnItsExport(int opset) throws Exception {
    Path model =
        PythonOnnx.model(
            dir, "ops" + opset, "import torch\n" + SCRIPT.replace("OPSET", String.valueOf(opset)));
    String base = model.toString().substring(0, model.toString().length() - 5);
    OnnxModel m = OnnxModel.load(model);
    Tensor x = OnnxTensors.read(Path.of(base + "-in-x.pb")).getValue();
    Tensor i = OnnxTensors.read(Path.of(base + "-in-i.pb")).getValue();
    Map<String, Tensor> out = m.run(Map.of("x", x, "i", i));
    for (String name : List.of("y", "g", "h", "z")) {
      Tensor want = OnnxTensors.read(Path.of(base + "-out-" + name + ".pb")).getValue();
      Tensor got = out.get(name);
      assertThat(got.dtype()).as(name).isEqualTo(want.dtype());
      assertThat(got.shape()).as(name).isEqualTo(want.shape());
      if (want.dtype() == DType.INT64) {
        assertThat(got.toLongArray()).as(name).isEqualTo(want.toLongArray());
      } else {
        double[] g = got.toDoubleArray(), w = want.toDoubleArray();
        for (int k = 0; k < w.length; k++) {
          assertThat(g[k])
              .as(name + " element " + k)
              .isCloseTo(
                  w[k], org.assertj.core.api.Assertions.within(1e-5 + 1e-5 * Math.abs(w[k])));
        }
      }
    }
  }
}
