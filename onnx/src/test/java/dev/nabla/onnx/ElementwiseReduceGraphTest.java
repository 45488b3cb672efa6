package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elementwise ops nabla composes from its tensor ops (the activations, Clip, Pow with mixed
 * dtypes, the variadic ops) and the reductions, each in a one-node float64 model written by
 * onnx.helper: values against the ONNX formulas by hand, and GradCheck through {@link
 * OnnxModel#asModule()} with respect to the input (the graph must stay differentiable).
 */
class ElementwiseReduceGraphTest {
  @TempDir static Path dir;

  /** x [2, 3], away from every op's kinks (0, +-0.25, +-0.5). */
  static final double[] X = {-0.83, -0.41, 0.13, 0.36, 0.71, -0.27};

  static final Map<String, UnaryOperator<double[]>> EXPECTED = new LinkedHashMap<>();

  static void elementwise(String name, DoubleUnaryOperator f) {
    EXPECTED.put(
        name,
        x -> {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
          }
          return y;
        });
  }

  static {
    elementwise("Elu", v -> v > 0 ? v : 0.75 * (Math.exp(v) - 1));
    elementwise("Selu", v -> 1.25 * (v > 0 ? v : 1.5 * (Math.exp(v) - 1)));
    elementwise("Celu", v -> Math.max(0, v) + Math.min(0, 0.75 * (Math.exp(v / 0.75) - 1)));
    elementwise("HardSigmoid", v -> Math.max(0, Math.min(1, 0.25 * v + 0.375)));
    elementwise("HardSwish", v -> v * Math.max(0, Math.min(1, v / 6 + 0.5)));
    elementwise("Softplus", v -> Math.log(Math.exp(v) + 1));
    elementwise("Softsign", v -> v / (1 + Math.abs(v)));
    elementwise("Shrink", v -> v < -0.5 ? v + 0.25 : v > 0.5 ? v - 0.25 : 0);
    elementwise("ThresholdedRelu", v -> v > 0.25 ? v : 0);
    elementwise("LeakyRelu", v -> v < 0 ? 0.125 * v : v);
    elementwise("Clip13", v -> Math.max(-0.5, Math.min(0.5, v)));
    elementwise("Clip6", v -> Math.max(-0.5, Math.min(0.5, v)));
    elementwise("Clip6Max", v -> Math.min(0.5, v));
    elementwise("Reciprocal", v -> 1 / v);
    elementwise("Asinh", v -> Math.log(v + Math.sqrt(v * v + 1)));
    // opset 1, with the consumed_inputs hint of the first runtimes
    elementwise("Sigmoid1", v -> 1 / (1 + Math.exp(-v)));
    // opset 6: broadcast=1, axis=0 aligns r = [0.5, -0.25] with the rows
    EXPECTED.put(
        "AddAxis0",
        x -> {
          double[] y = x.clone();
          for (int i = 0; i < y.length; i++) {
            y[i] += i < 3 ? 0.5 : -0.25;
          }
          return y;
        });
    EXPECTED.put(
        "PRelu", x -> perColumn(x, (v, j) -> v < 0 ? new double[] {0.25, -0.5, 2}[j] * v : v));
    // exponent int64 [2, 3, 4]: the T1 type of Pow differs from the base's
    EXPECTED.put("Pow", x -> perColumn(x, (v, j) -> Math.pow(v, j + 2)));
    // c = [0.5, -0.5, 0.25] broadcast over the rows
    EXPECTED.put(
        "Mean", x -> perColumn(x, (v, j) -> (v + new double[] {0.5, -0.5, 0.25}[j] + v) / 3));
    EXPECTED.put(
        "Max", x -> perColumn(x, (v, j) -> Math.max(v, new double[] {0.5, -0.5, 0.25}[j])));
    EXPECTED.put("ReduceProd", x -> rows(x, (a, b, c) -> a * b * c));
    EXPECTED.put("ReduceL2", x -> rows(x, (a, b, c) -> Math.sqrt(a * a + b * b + c * c)));
    EXPECTED.put(
        "ReduceLogSumExp",
        x -> rows(x, (a, b, c) -> Math.log(Math.exp(a) + Math.exp(b) + Math.exp(c))));
    EXPECTED.put("ReduceSum13", x -> rows(x, (a, b, c) -> a + b + c));
    EXPECTED.put("ReduceMean", x -> rows(x, (a, b, c) -> (a + b + c) / 3));
    EXPECTED.put("ReduceL1", x -> rows(x, (a, b, c) -> Math.abs(a) + Math.abs(b) + Math.abs(c)));
    EXPECTED.put("ReduceSumSquare", x -> rows(x, (a, b, c) -> a * a + b * b + c * c));
    EXPECTED.put("ReduceMin", x -> rows(x, (a, b, c) -> Math.min(a, Math.min(b, c))));
    // ReduceLogSum of |x| over every axis (no axes attribute), kept as [1, 1]
    EXPECTED.put(
        "ReduceLogSum",
        x -> {
          double s = 0;
          for (double v : x) {
            s += Math.abs(v);
          }
          return new double[] {Math.log(s)};
        });
  }

  interface Col {
    double f(double v, int column);
  }

  interface Row {
    double f(double a, double b, double c);
  }

  static double[] perColumn(double[] x, Col f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.f(x[i], i % 3);
    }
    return y;
  }

  static double[] rows(double[] x, Row f) {
    return new double[] {f.f(x[0], x[1], x[2]), f.f(x[3], x[4], x[5])};
  }

  @BeforeAll
  static void writeModels() throws Exception {
    PythonOnnx.model(
        dir,
        "unused",
        """
        import os
        d = os.path.dirname(out)
        D = TensorProto.DOUBLE
        def save(name, nodes, inits=(), opset=17, shape=(2, 3)):
            g = helper.make_graph(nodes, name, [helper.make_tensor_value_info('x', D, [2, 3])],
                                  [helper.make_tensor_value_info('y', D, list(shape))], list(inits))
            m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)])
            onnx.checker.check_model(m)
            onnx.save(m, os.path.join(d, name + '.onnx'))
        def node(op, ins=('x',), **kw):
            return helper.make_node(op, list(ins), ['y'], **kw)
        c = numpy_helper.from_array(np.array([0.5, -0.5, 0.25]), 'c')
        save('Elu', [node('Elu', alpha=0.75)])
        save('Selu', [node('Selu', alpha=1.5, gamma=1.25)])
        save('Celu', [node('Celu', alpha=0.75)])
        save('HardSigmoid', [node('HardSigmoid', alpha=0.25, beta=0.375)])
        save('HardSwish', [node('HardSwish')])
        save('Softplus', [node('Softplus')])
        save('Softsign', [node('Softsign')])
        save('Shrink', [node('Shrink', bias=0.25, lambd=0.5)])
        save('ThresholdedRelu', [node('ThresholdedRelu', alpha=0.25)])
        save('LeakyRelu', [node('LeakyRelu', alpha=0.125)])
        save('Clip13', [node('Clip', ['x', 'lo', 'hi'])],
             [numpy_helper.from_array(np.array(-0.5), 'lo'), numpy_helper.from_array(np.array(0.5), 'hi')])
        save('Clip6', [node('Clip', min=-0.5, max=0.5)], opset=6)
        save('Clip6Max', [node('Clip', max=0.5)], opset=6)
        save('Reciprocal', [node('Reciprocal')])
        save('Asinh', [node('Asinh')])
        save('Sigmoid1', [node('Sigmoid', consumed_inputs=[0])], opset=1)
        save('AddAxis0', [node('Add', ['x', 'r'], broadcast=1, axis=0)],
             [numpy_helper.from_array(np.array([0.5, -0.25]), 'r')], opset=6)
        save('PRelu', [node('PRelu', ['x', 's'])],
             [numpy_helper.from_array(np.array([0.25, -0.5, 2.0]), 's')])
        save('Pow', [node('Pow', ['x', 'e'])],
             [numpy_helper.from_array(np.array([2, 3, 4], dtype=np.int64), 'e')])
        save('Mean', [node('Mean', ['x', 'c', 'x'])], [c])
        save('Max', [node('Max', ['x', 'c'])], [c])
        save('ReduceProd', [node('ReduceProd', axes=[1], keepdims=0)], shape=(2,))
        save('ReduceL2', [node('ReduceL2', axes=[-1], keepdims=0)], shape=(2,))
        save('ReduceLogSumExp', [node('ReduceLogSumExp', axes=[1], keepdims=0)], shape=(2,))
        save('ReduceSum13', [node('ReduceSum', ['x', 'axes'], keepdims=0)],
             [numpy_helper.from_array(np.array([1], dtype=np.int64), 'axes')], opset=13, shape=(2,))
        save('ReduceMean', [node('ReduceMean', axes=[1], keepdims=1)], shape=(2, 1))
        save('ReduceL1', [node('ReduceL1', axes=[1], keepdims=0)], shape=(2,))
        save('ReduceSumSquare', [node('ReduceSumSquare', axes=[1], keepdims=0)], shape=(2,))
        save('ReduceMin', [node('ReduceMin', axes=[1], keepdims=0)], shape=(2,))
        save('ReduceLogSum', [helper.make_node('Abs', ['x'], ['a']), node('ReduceLogSum', ['a'])], shape=(1, 1))
        save('unused', [node('Identity')])
        """);
  }

  static OnnxModel load(String name) throws Exception {
    return OnnxModel.load(dir.resolve(name + ".onnx"));
  }

  @Test
  void valuesMatchTheOnnxFormulasByHand() throws Exception {
    Tensor x = Tensor.of(X, 2, 3);
    for (var e : EXPECTED.entrySet()) {
      Tensor y = load(e.getKey()).run(x);
      double[] want = e.getValue().apply(X);
      assertThat(y.size()).as(e.getKey()).isEqualTo(want.length);
      double[] got = y.toDoubleArray();
      for (int i = 0; i < want.length; i++) {
        assertThat(got[i])
            .as(e.getKey() + " element " + i)
            .isCloseTo(
                want[i], org.assertj.core.api.Assertions.within(1e-12 + 1e-12 * Math.abs(want[i])));
      }
    }
    // keepdims: ReduceMean [2, 1]; ReduceLogSum over every axis [1, 1]; keepdims=0 [2]
    assertThat(load("ReduceMean").run(x).shape()).containsExactly(2, 1);
    assertThat(load("ReduceLogSum").run(x).shape()).containsExactly(1, 1);
    assertThat(load("ReduceProd").run(x).shape()).containsExactly(2);
  }

  @Test
  void everyComposedOpIsDifferentiableThroughAsModule() throws Exception {
    Tensor x = Tensor.of(X, 2, 3);
    for (String name : EXPECTED.keySet()) {
      Module m = load(name).asModule();
      GradCheck.Result r =
          GradCheck.check(
              t -> {
                Tensor y = m.forward(t[0]);
                return y.mul(y).sum();
              },
              x);
      assertThat(r.passed()).as(name + ": " + r).isTrue();
    }
  }

  @Test
  void whatNablaLacksFailsAtLoadNamingIt() throws Exception {
    PythonOnnx.model(
        dir,
        "bad",
        """
        import os
        d = os.path.dirname(out)
        F = TensorProto.FLOAT
        g = helper.make_graph(
            [helper.make_node('Cast', ['x'], ['h'], to=TensorProto.FLOAT16, name='half'),
             helper.make_node('Cast', ['h'], ['f'], to=TensorProto.FLOAT, name='back'),
             helper.make_node('Mod', ['f', 'f'], ['y'], fmod=2, name='mod')],
            'bad', [helper.make_tensor_value_info('x', F, [2])],
            [helper.make_tensor_value_info('y', F, [2])])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)])
        onnx.save(m, out)
        """);
    assertThatThrownBy(() -> OnnxModel.load(dir.resolve("bad.onnx")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("half")
        .hasMessageContaining("float16")
        .hasMessageContaining("mod")
        .hasMessageContaining("fmod must be 0 or 1, got 2")
        .message()
        .doesNotContain("back");
  }

  @Test
  void runtimeErrorsNameTheOpAndWhatWasGiven() throws Exception {
    PythonOnnx.model(
        dir,
        "mod",
        """
        I = TensorProto.INT64
        g = helper.make_graph(
            [helper.make_node('Mod', ['a', 'b'], ['m'], name='mod'),
             helper.make_node('Clip', ['m', 'lo'], ['y'], name='clip')],
            'mod', [helper.make_tensor_value_info(n, I, [None]) for n in ('a', 'b', 'lo')],
            [helper.make_tensor_value_info('y', I, [None])])
        onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)]), out)
        """);
    OnnxModel m = OnnxModel.load(dir.resolve("mod.onnx"));
    Tensor a = Tensor.of(new long[] {-7, 7, 5}, 3), lo = Tensor.of(new long[] {-1}, 1);
    // Python's %: the remainder has the divisor's sign; then clipped below at -1
    Tensor y = m.run(Map.of("a", a, "b", Tensor.of(new long[] {3, -3, 5}, 3), "lo", lo)).get("y");
    assertThat(y.toLongArray()).containsExactly(2, -1, 0);
    assertThatThrownBy(
            () -> m.run(Map.of("a", a, "b", Tensor.of(new long[] {3, 0, 5}, 3), "lo", lo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mod")
        .hasMessageContaining("modulo by zero");
    assertThatThrownBy(() -> m.run(Map.of("a", a, "b", Tensor.of(new long[] {3, 2}, 2), "lo", lo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapes [3], [2]")
        .hasMessageContaining("do not broadcast");
    assertThatThrownBy(
            () ->
                m.run(
                    Map.of(
                        "a",
                        a,
                        "b",
                        Tensor.of(new long[] {3}, 1),
                        "lo",
                        Tensor.of(new long[] {0, 1}, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Clip: min must be a scalar")
        .hasMessageContaining("[2]");
  }

  @Test
  void castTruncatesFloatsToIntegersAndTestsNonZeroForBool() throws Exception {
    PythonOnnx.model(
        dir,
        "cast",
        """
        F = TensorProto.FLOAT
        g = helper.make_graph(
            [helper.make_node('Cast', ['x'], ['i32'], to=TensorProto.INT32),
             helper.make_node('Cast', ['x'], ['i64'], to=TensorProto.INT64),
             helper.make_node('Cast', ['x'], ['b'], to=TensorProto.BOOL),
             helper.make_node('Cast', ['b'], ['bf'], to=TensorProto.DOUBLE),
             helper.make_node('CastLike', ['i32', 'x'], ['back'])],
            'cast', [helper.make_tensor_value_info('x', F, [7])],
            [helper.make_tensor_value_info('i32', TensorProto.INT32, [7]),
             helper.make_tensor_value_info('i64', TensorProto.INT64, [7]),
             helper.make_tensor_value_info('b', TensorProto.BOOL, [7]),
             helper.make_tensor_value_info('bf', TensorProto.DOUBLE, [7]),
             helper.make_tensor_value_info('back', F, [7])])
        onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 15)]), out)
        """);
    float nan = Float.NaN;
    Map<String, Tensor> y =
        OnnxModel.load(dir.resolve("cast.onnx"))
            .run(Map.of("x", Tensor.of(new float[] {-2.7f, -0.5f, 0, 0.5f, 2.7f, nan, -0f}, 7)));
    // finite floats truncate toward zero, as numpy's astype(int32); NaN, which ONNX leaves
    // undefined, becomes 0 (nabla's Tensor.to rule); astype(bool) is x != 0: NaN true, -0 false
    assertThat(y.get("i32").toIntArray()).containsExactly(-2, 0, 0, 0, 2, 0, 0);
    assertThat(y.get("i64").toLongArray()).containsExactly(-2, 0, 0, 0, 2, 0, 0);
    assertThat(y.get("b").toBooleanArray())
        .containsExactly(true, true, false, true, true, true, false);
    assertThat(y.get("bf").toDoubleArray()).containsExactly(1, 1, 0, 1, 1, 1, 0);
    assertThat(y.get("back").toFloatArray()).containsExactly(-2, 0, 0, 0, 2, 0, 0);
  }
}
