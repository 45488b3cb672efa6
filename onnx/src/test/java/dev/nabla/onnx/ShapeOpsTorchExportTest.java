package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module of PyTorch's shape and indexing functions (view on a dynamic batch, flip, strided
 * slices, reflect padding, chunk, repeat, cumsum, topk, gather, transpose, flatten, expand, cat,
 * index_select, scatter) exported by {@code torch.onnx.export} at opset 14 with a symbolic batch:
 * nabla's outputs match PyTorch's, at two batch sizes, and the graph is differentiable.
 */
class ShapeOpsTorchExportTest {
  @TempDir static Path dir;

  static final List<String> OUTPUTS =
      List.of("y", "z", "t", "cs", "v", "g", "e", "f", "h", "k", "s", "sc");

  @BeforeAll
  static void export() throws Exception {
    PythonOnnx.run(
        "d = "
            + PythonOnnx.quote(dir.toString())
            + "\n"
            + """
            import torch, torch.nn.functional as F, numpy as np
            from onnx import numpy_helper
            torch.manual_seed(0)
            class M(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.w = torch.nn.Parameter(torch.randn(4, 6, dtype=torch.float64))
                def forward(self, x):
                    b = x.shape[0]
                    x = x * self.w
                    y = torch.flip(x.reshape(b, -1), [1])
                    z = F.pad(x[:, 1:, ::2], (1, 2), mode='reflect')
                    a, c = torch.chunk(x, 2, dim=2)
                    t = a.repeat(1, 2, 1)
                    cs = torch.cumsum(x, dim=1)
                    v, i = torch.topk(x, 2, dim=-1)
                    g = torch.gather(x, 2, i.flip([2]))
                    e = x.transpose(1, 2).unsqueeze(1).squeeze(1)
                    f = torch.flatten(x, 1)
                    h = x.unsqueeze(0).expand(2, b, 4, 6)
                    k = torch.cat([a, c * 2], dim=1)
                    s = torch.index_select(x, 1, torch.tensor([3, 0, 3]))
                    sc = torch.zeros(b, 4, 6, dtype=x.dtype).scatter(2, i, v)
                    return y, z, t, cs, v, g, e, f, h, k, s, sc
            names = %s
            m = M()
            torch.onnx.export(m, (torch.randn(3, 4, 6, dtype=torch.float64),), d + '/m.onnx',
                              input_names=['x'], output_names=names,
                              dynamic_axes={'x': {0: 'b'}}, opset_version=14)
            for batch in (2, 5):
                x = torch.randn(batch, 4, 6, dtype=torch.float64)
                open(d + '/x%%d.pb' %% batch, 'wb').write(
                    numpy_helper.from_array(x.numpy()).SerializeToString())
                with torch.no_grad():
                    outs = m(x)
                for n, o in zip(names, outs):
                    open(d + '/%%s%%d.pb' %% (n, batch), 'wb').write(
                        numpy_helper.from_array(o.numpy()).SerializeToString())
            """
                .formatted(OUTPUTS.stream().map(PythonOnnx::quote).toList().toString()));
  }

  private static Tensor read(String name) throws Exception {
    return OnnxTensors.read(dir.resolve(name + ".pb")).getValue();
  }

  @Test
  void matchesPyTorchAtTwoBatchSizes() throws Exception {
    OnnxModel model = OnnxModel.load(dir.resolve("m.onnx"));
    for (int batch : new int[] {2, 5}) {
      Map<String, Tensor> out = model.run(Map.of("x", read("x" + batch)));
      for (String n : OUTPUTS) {
        Tensor want = read(n + batch);
        Tensor got = out.get(n);
        assertThat(got.shape()).as(n + " at batch " + batch).isEqualTo(want.shape());
        assertThat(got.dtype()).as(n).isEqualTo(want.dtype());
        assertThat(got.toDoubleArray())
            .as(n + " at batch " + batch)
            .isEqualTo(want.toDoubleArray());
      }
    }
  }

  @Test
  void theImportedGraphIsDifferentiable() throws Exception {
    OnnxModel model = OnnxModel.load(dir.resolve("m.onnx"));
    Module m = model.asModule();
    assertThat(m.namedParameters()).containsOnlyKeys("w");
    Tensor x = read("x2");
    GradCheck.Result r =
        GradCheck.check(
            t -> {
              m.setParameter("w", t[0]);
              Tensor sum = Tensor.scalar(DType.FLOAT64, 0);
              Tensor[] outs = outputs(m, t[1]);
              for (int i = 0; i < outs.length; i++) {
                Tensor o = outs[i];
                sum = sum.add(o.mul(o).mul(0.1 * (i + 1)).sum());
              }
              return sum;
            },
            m.namedParameters().get("w"),
            x);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  /** Every output of the graph, in order. */
  private static Tensor[] outputs(Module m, Tensor x) {
    Map<String, Tensor> out = ((OnnxModule) m).forward(Map.of("x", x));
    return OUTPUTS.stream().map(out::get).toArray(Tensor[]::new);
  }
}
