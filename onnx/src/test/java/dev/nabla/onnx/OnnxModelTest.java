package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
  @TempDir Path dir;

  /**
   * x [batch, 3] -> Gemm(fc1.weight [4, 3], fc1.bias, transB) -> Relu -> MatMul(head.weight [4, 2])
   * -> Add(head.bias) -> y [batch, 2], with weights of {@code dtype} from a seeded numpy generator.
   */
  Path mlp(String dtype) throws Exception {
    return PythonOnnx.model(
        dir,
        "mlp-" + dtype,
        """
        rng = np.random.default_rng(7)
        dt = np.DTYPE
        w1 = rng.standard_normal((4, 3)).astype(dt); b1 = rng.standard_normal(4).astype(dt)
        w2 = rng.standard_normal((4, 2)).astype(dt); b2 = rng.standard_normal(2).astype(dt)
        T = TensorProto.ELEM
        g = helper.make_graph(
            [helper.make_node('Gemm', ['x', 'fc1.weight', 'fc1.bias'], ['h'], name='fc1', transB=1),
             helper.make_node('Relu', ['h'], ['r'], name='relu'),
             helper.make_node('MatMul', ['r', 'head.weight'], ['m'], name='head'),
             helper.make_node('Add', ['m', 'head.bias'], ['y'], name='bias')],
            'mlp',
            [helper.make_tensor_value_info('x', T, ['batch', 3])],
            [helper.make_tensor_value_info('y', T, ['batch', 2])],
            [numpy_helper.from_array(w1, 'fc1.weight'), numpy_helper.from_array(b1, 'fc1.bias'),
             numpy_helper.from_array(w2, 'head.weight'), numpy_helper.from_array(b2, 'head.bias')])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)], producer_name='test')
        onnx.checker.check_model(m)
        onnx.save(m, out)
        """
            .replace("DTYPE", dtype)
            .replace("ELEM", dtype.equals("float32") ? "FLOAT" : "DOUBLE"));
  }

  /** The MLP by hand: loops over the initializers, independent of the runtime's kernels. */
  static double[][] byHand(Map<String, Tensor> w, double[][] x) {
    double[] w1 = w.get("fc1.weight").toDoubleArray(), b1 = w.get("fc1.bias").toDoubleArray();
    double[] w2 = w.get("head.weight").toDoubleArray(), b2 = w.get("head.bias").toDoubleArray();
    double[][] y = new double[x.length][2];
    for (int n = 0; n < x.length; n++) {
      double[] h = new double[4];
      for (int j = 0; j < 4; j++) {
        double s = b1[j];
        for (int k = 0; k < 3; k++) {
          s += x[n][k] * w1[j * 3 + k];
        }
        h[j] = Math.max(0, s);
      }
      for (int o = 0; o < 2; o++) {
        double s = b2[o];
        for (int j = 0; j < 4; j++) {
          s += h[j] * w2[j * 2 + o];
        }
        y[n][o] = s;
      }
    }
    return y;
  }

  @Test
  void loadsAndRunsAnMlpAsComputedByHand() throws Exception {
    OnnxModel model = OnnxModel.load(mlp("float32"));
    assertThat(model.opsetVersion()).isEqualTo(13);
    assertThat(model.producer()).isEqualTo("test");
    assertThat(model.inputs()).hasSize(1);
    ValueInfo in = model.inputs().get(0);
    assertThat(in.name()).isEqualTo("x");
    assertThat(in.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(in.shape()).containsExactly(Dim.symbolic("batch"), Dim.of(3));
    assertThat(in.toString()).isEqualTo("x: float[batch, 3]");
    assertThat(model.outputs().get(0).name()).isEqualTo("y");

    double[][] x = {{0.5, -1, 2}, {1.5, 0.25, -0.75}, {-2, 1, 0}};
    float[] flat = new float[9];
    for (int i = 0; i < 9; i++) {
      flat[i] = (float) x[i / 3][i % 3];
    }
    Map<String, Tensor> out = model.run(Map.of("x", Tensor.of(flat, 3, 3)));
    assertThat(out).containsOnlyKeys("y");
    Tensor y = out.get("y");
    assertThat(y.shape()).containsExactly(3, 2);
    double[][] want = byHand(model.initializers(), x);
    for (int n = 0; n < 3; n++) {
      for (int o = 0; o < 2; o++) {
        assertThat(y.item(n, o)).isCloseTo(want[n][o], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
    assertThat(model.run(Tensor.of(flat, 3, 3)).toFloatArray()).isEqualTo(y.toFloatArray());
  }

  @Test
  void checksInputsAgainstTheDeclaredTypes() throws Exception {
    OnnxModel model = OnnxModel.load(mlp("float32"));
    assertThatThrownBy(() -> model.run(Map.of("x", Tensor.zeros(DType.FLOAT64, 2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input 'x' is float (FLOAT32), got FLOAT64");
    assertThatThrownBy(() -> model.run(Map.of("x", Tensor.zeros(2, 4))))
        .hasMessageContaining("input 'x' has shape [batch, 3], got [2, 4] (dimension 1)");
    assertThatThrownBy(() -> model.run(Map.of("x", Tensor.zeros(3))))
        .hasMessageContaining("has shape [batch, 3] (rank 2), got [3]");
    assertThatThrownBy(() -> model.run(Map.of()))
        .hasMessageContaining("input 'x' is missing; the model's inputs are [x: float[batch, 3]]");
    assertThatThrownBy(() -> model.run(Map.of("x", Tensor.zeros(1, 3), "z", Tensor.zeros(1))))
        .hasMessageContaining("the model has no input 'z'");
  }

  @Test
  void aSymbolicDimensionMustAgreeAcrossInputs() throws Exception {
    Path p =
        PythonOnnx.model(
            dir,
            "add",
            """
            T = TensorProto.FLOAT
            g = helper.make_graph([helper.make_node('Add', ['a', 'b'], ['c'])], 'add',
                [helper.make_tensor_value_info('a', T, ['n', 2]),
                 helper.make_tensor_value_info('b', T, ['n', 2])],
                [helper.make_tensor_value_info('c', T, ['n', 2])])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 14)]), out)
            """);
    OnnxModel model = OnnxModel.load(p);
    assertThat(
            model
                .run(Map.of("a", Tensor.ones(2, 2), "b", Tensor.ones(2, 2)))
                .get("c")
                .toFloatArray())
        .containsExactly(2, 2, 2, 2);
    assertThatThrownBy(() -> model.run(Map.of("a", Tensor.ones(2, 2), "b", Tensor.ones(3, 2))))
        .hasMessageContaining("input 'b' has n = 3 in dimension 0, but an earlier input has n = 2");
  }

  @Test
  void listsEveryUnsupportedOpAndAttributeAtLoad() throws Exception {
    Path p =
        PythonOnnx.model(
            dir,
            "unsupported",
            """
            T = TensorProto.FLOAT
            g = helper.make_graph(
                [helper.make_node('Gemm', ['a', 'a'], ['b'], name='g1', flavour=3),
                 helper.make_node('FrobnicateLinear', ['b'], ['c'], name='frob'),
                 helper.make_node('Relu', ['c'], ['d'], name='r'),
                 helper.make_node('Zork', ['d'], ['e'], name='zork', domain='com.example')],
                'bad', [helper.make_tensor_value_info('a', T, [2, 2])],
                [helper.make_tensor_value_info('e', T, [2, 2])])
            m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 15),
                                                    helper.make_opsetid('com.example', 1)])
            onnx.save(m, out)
            """);
    assertThatThrownBy(() -> OnnxModel.load(p))
        .isInstanceOfSatisfying(
            UnsupportedModelException.class,
            e ->
                assertThat(e.unsupportedOps())
                    .containsExactlyInAnyOrder("Gemm", "FrobnicateLinear", "com.example.Zork"))
        .hasMessageContaining(p.toString())
        .hasMessageContaining("Gemm node 'g1' (opset 15): attribute [flavour] not supported")
        .hasMessageContaining(
            "FrobnicateLinear node 'frob': op FrobnicateLinear (opset 15) is not supported")
        .hasMessageContaining("Zork node 'zork': op com.example.Zork (opset 1) is not supported");
  }

  @Test
  void refusesAnOpsetNewerThanItImplements() throws Exception {
    Path p =
        PythonOnnx.model(
            dir,
            "new",
            """
            T = TensorProto.FLOAT
            g = helper.make_graph([helper.make_node('Relu', ['a'], ['b'])], 'g',
                [helper.make_tensor_value_info('a', T, [1])],
                [helper.make_tensor_value_info('b', T, [1])])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 99)]), out)
            """);
    assertThatThrownBy(() -> OnnxModel.load(p))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("imports ONNX opset 99; nabla implements opsets up to 17");
  }

  @Test
  void concurrentRunsOnOneModelGiveTheSameResults() throws Exception {
    OnnxModel model = OnnxModel.load(mlp("float32"));
    List<Tensor> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Tensor x = Tensor.randn(i, 64, 3);
      inputs.add(x);
      expected.add(model.run(x).toFloatArray());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int rep = 0; rep < 25; rep++) {
        for (Tensor x : inputs) {
          futures.add(pool.submit(() -> model.run(x).toFloatArray()));
        }
      }
      for (int k = 0; k < futures.size(); k++) {
        assertThat(futures.get(k).get()).isEqualTo(expected.get(k % inputs.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void runsUnderNoGrad() throws Exception {
    OnnxModel model = OnnxModel.load(mlp("float32"));
    Tensor x = Tensor.randn(1, 2, 3).requiresGrad(true);
    assertThat(model.run(x).requiresGrad()).isFalse();
  }

  @Test
  void asModuleExposesTheInitializersUnderPyTorchNamesAndIsDifferentiable() throws Exception {
    OnnxModel onnx = OnnxModel.load(mlp("float64"));
    Module m = onnx.asModule();
    assertThat(m.namedParameters())
        .containsOnlyKeys("fc1.weight", "fc1.bias", "head.weight", "head.bias");
    Tensor x = Tensor.randn(3, DType.FLOAT64, 5, 3);
    // the same function as the loaded model
    assertThat(m.forward(x).toDoubleArray()).isEqualTo(onnx.run(x).toDoubleArray());
    Module fc1 = m.namedModules().get("fc1");
    Module head = m.namedModules().get("head");
    GradCheck.Result r =
        GradCheck.check(
            t -> {
              fc1.setParameter("weight", t[0]);
              fc1.setParameter("bias", t[1]);
              head.setParameter("weight", t[2]);
              return m.forward(t[3]).mul(m.forward(t[3])).sum();
            },
            m.namedParameters().get("fc1.weight"),
            m.namedParameters().get("fc1.bias"),
            m.namedParameters().get("head.weight"),
            x);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  @Test
  void aFewStepsOfGradientDescentOnTheImportedModuleLowerItsLoss() throws Exception {
    Module m = OnnxModel.load(mlp("float32")).asModule();
    Tensor x = Tensor.randn(11, 32, 3);
    Tensor target = Tensor.randn(12, 32, 2);
    double first = 0, last = 0;
    for (int step = 0; step < 30; step++) {
      m.zeroGrad();
      Tensor loss = m.forward(x).sub(target).pow(2).mean();
      loss.backward();
      // plain gradient descent (nabla-optim's optimizers are tested with imported models in
      // torch-oracle, whose tests run on the class path)
      try (var _ = Grad.disabled()) {
        for (Tensor p : m.parameters()) {
          p.addInPlace(p.grad(), -0.05);
        }
      }
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertThat(last).isLessThan(first * 0.8);
  }

  @Test
  void subgraphsReadTheEnclosingGraphsValuesByName() throws Exception {
    // y = If(c, then: If(d, then: a + b, else: a - b), else: a * w) with w an initializer
    Path p =
        PythonOnnx.model(
            dir,
            "if",
            """
            T = TensorProto.FLOAT
            vi = lambda n: helper.make_tensor_value_info(n, T, [2])
            inner = helper.make_node('If', ['d'], ['r'],
                then_branch=helper.make_graph([helper.make_node('Add', ['a', 'b'], ['s'])], 't2', [], [vi('s')]),
                else_branch=helper.make_graph([helper.make_node('Sub', ['a', 'b'], ['s2'])], 'e2', [], [vi('s2')]))
            g = helper.make_graph(
                [helper.make_node('If', ['c'], ['y'],
                    then_branch=helper.make_graph([inner], 't', [], [vi('r')]),
                    else_branch=helper.make_graph([helper.make_node('Mul', ['a', 'w'], ['m'])], 'e', [], [vi('m')]))],
                'g',
                [helper.make_tensor_value_info('c', TensorProto.BOOL, []),
                 helper.make_tensor_value_info('d', TensorProto.BOOL, []), vi('a'), vi('b')],
                [vi('y')],
                [numpy_helper.from_array(np.array([10, 100], dtype=np.float32), 'w')])
            m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 16)])
            onnx.checker.check_model(m, full_check=True)
            onnx.save(m, out)
            """);
    OnnxModel model = OnnxModel.load(p);
    Tensor a = Tensor.of(new float[] {1, 2}, 2), b = Tensor.of(new float[] {3, 5}, 2);
    Tensor yes = Tensor.of(new boolean[] {true}, new int[0]);
    Tensor no = Tensor.of(new boolean[] {false}, new int[0]);
    assertThat(model.run(Map.of("c", yes, "d", yes, "a", a, "b", b)).get("y").toFloatArray())
        .containsExactly(4, 7);
    assertThat(model.run(Map.of("c", yes, "d", no, "a", a, "b", b)).get("y").toFloatArray())
        .containsExactly(-2, -3);
    assertThat(model.run(Map.of("c", no, "d", no, "a", a, "b", b)).get("y").toFloatArray())
        .containsExactly(10, 200);
  }

  @Test
  void asModuleTrainsWeightsKeepsRunningStatisticsAsBuffersAndConfigurationConstant()
      throws Exception {
    // y = Clip(BatchNormalization(x), lo, hi) + x2: BN's scale and bias train, its running
    // statistics are buffers, Clip's bounds stay constants; two inputs
    Path p =
        PythonOnnx.model(
            dir,
            "bn",
            """
            T = TensorProto.FLOAT
            f = lambda a, n: numpy_helper.from_array(np.array(a, dtype=np.float32), n)
            g = helper.make_graph(
                [helper.make_node('BatchNormalization',
                    ['x', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'], ['b']),
                 helper.make_node('Clip', ['b', 'lo', 'hi'], ['c']),
                 helper.make_node('Add', ['c', 'x2'], ['y'])],
                'bn',
                [helper.make_tensor_value_info('x', T, ['n', 2]),
                 helper.make_tensor_value_info('x2', T, ['n', 2])],
                [helper.make_tensor_value_info('y', T, ['n', 2])],
                [f([1.5, 2], 'bn.weight'), f([0.25, -0.5], 'bn.bias'),
                 f([1, -1], 'bn.running_mean'), f([4, 0.25], 'bn.running_var'),
                 f(-3, 'lo'), f(3, 'hi')])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 15)]), out)
            """);
    OnnxModule m = OnnxModel.load(p).asModule();
    assertThat(m.namedParameters()).containsOnlyKeys("bn.weight", "bn.bias");
    assertThat(m.namedBuffers()).containsOnlyKeys("bn.running_mean", "bn.running_var");
    Tensor x = Tensor.of(new float[] {3, 0, -1, -1}, 2, 2);
    Tensor y = m.forward(Map.of("x", x, "x2", Tensor.ones(2, 2))).get("y");
    // by hand: (x - mean) / sqrt(var + 1e-5) * w + b, clipped to [-3, 3], plus 1
    double e = 1e-5;
    double[] want = {
      Math.min(3, 2 / Math.sqrt(4 + e) * 1.5 + 0.25) + 1,
      Math.min(3, 1 / Math.sqrt(0.25 + e) * 2 - 0.5) + 1,
      Math.max(-3, -2 / Math.sqrt(4 + e) * 1.5 + 0.25) + 1,
      Math.max(-3, 0 / Math.sqrt(0.25 + e) * 2 - 0.5) + 1
    };
    assertThat(y.toDoubleArray())
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-5 ? 0 : Double.compare(a, b))
        .containsExactly(want);
    y.sum().backward();
    assertThat(m.namedParameters().get("bn.weight").grad()).isNotNull();
    assertThat(m.namedBuffers().get("bn.running_mean").requiresGrad()).isFalse();
  }

  @Test
  void anOutputThatIsAConstantOfTheModelIsTheCallersOwnCopy() throws Exception {
    Path p =
        PythonOnnx.model(
            dir,
            "const-out",
            """
            T = TensorProto.FLOAT
            g = helper.make_graph(
                [helper.make_node('Identity', ['w'], ['c']),
                 helper.make_node('Add', ['x', 'w'], ['y'])],
                'g', [helper.make_tensor_value_info('x', T, [2])],
                [helper.make_tensor_value_info('c', T, [2]), helper.make_tensor_value_info('y', T, [2])],
                [numpy_helper.from_array(np.array([1, 2], dtype=np.float32), 'w')])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 15)]), out)
            """);
    OnnxModel model = OnnxModel.load(p);
    Tensor c = model.run(Map.of("x", Tensor.zeros(2))).get("c");
    c.fill(100);
    assertThat(model.run(Map.of("x", Tensor.zeros(2))).get("y").toFloatArray())
        .containsExactly(1, 2);
    assertThatThrownBy(() -> model.run(Map.of("x", Tensor.zeros(2), "w", Tensor.zeros(2))))
        .hasMessageContaining("no input 'w' ('w' is an initializer, a constant of the model)");
  }

  @Test
  void anInitializerOfAnElementTypeNablaLacksIsListedWithTheOtherProblems() throws Exception {
    Path p =
        PythonOnnx.model(
            dir,
            "uint8",
            """
            T = TensorProto.FLOAT
            g = helper.make_graph(
                [helper.make_node('Cast', ['q'], ['f'], to=TensorProto.FLOAT),
                 helper.make_node('Zork', ['f'], ['y'], name='zork')],
                'g', [], [helper.make_tensor_value_info('y', T, [2])],
                [numpy_helper.from_array(np.array([1, 2], dtype=np.uint8), 'q')])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 15)]), out)
            """);
    assertThatThrownBy(() -> OnnxModel.load(p))
        .isInstanceOfSatisfying(
            UnsupportedModelException.class,
            e -> assertThat(e.unsupportedOps()).contains("uint8 tensors", "Zork"))
        .hasMessageContaining("tensor 'q' has element type uint8");
  }
}
