package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape and indexing ops in models written by onnx.helper, on what ONNX's node tests leave out:
 * shape inputs that arrive at run time, the attribute forms of old opsets, scatter reductions,
 * Dropout's training mode and the attribute values nabla refuses at load. Expected values are
 * worked out by hand in the comments.
 */
class ShapeOpsModelTest {
  @TempDir static Path dir;

  /** One Python run writes every model (names below). */
  @BeforeAll
  static void writeModels() throws Exception {
    PythonOnnx.run(
        "import onnx, numpy as np\n"
            + "from onnx import helper, TensorProto as T, numpy_helper\n"
            + "d = "
            + PythonOnnx.quote(dir.toString())
            + "\n"
            + """
            vi = helper.make_tensor_value_info
            def save(name, nodes, ins, outs, opset, inits=()):
                g = helper.make_graph(nodes, name, ins, outs, list(inits))
                m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)])
                onnx.save(m, d + '/' + name + '.onnx')
            # shapes, starts, pads arrive as graph inputs
            save('dynamic',
                 [helper.make_node('Reshape', ['x', 'shape'], ['r']),
                  helper.make_node('Slice', ['x', 'starts', 'ends', 'axes', 'steps'], ['s']),
                  helper.make_node('Pad', ['x', 'pads', 'cval'], ['p'], mode='constant'),
                  helper.make_node('Pad', ['x', 'pads'], ['q'], mode='reflect')],
                 [vi('x', T.FLOAT, [2, 3]), vi('shape', T.INT64, [None]),
                  vi('starts', T.INT64, [None]), vi('ends', T.INT64, [None]),
                  vi('axes', T.INT64, [None]), vi('steps', T.INT64, [None]),
                  vi('pads', T.INT64, [4]), vi('cval', T.FLOAT, [])],
                 [vi('r', T.FLOAT, None), vi('s', T.FLOAT, None), vi('p', T.FLOAT, None),
                  vi('q', T.FLOAT, None)], 13)
            # opset 9: Slice-1, Split-2, Unsqueeze-1, Squeeze-1, Pad-2, TopK-1 take attributes
            save('old',
                 [helper.make_node('Slice', ['x'], ['s'], starts=[1, -1], ends=[100, 0],
                                   axes=[0, 1]),
                  helper.make_node('Split', ['x'], ['a', 'b'], axis=1, split=[1, 2]),
                  helper.make_node('Unsqueeze', ['x'], ['u'], axes=[0, 3]),
                  helper.make_node('Squeeze', ['u'], ['v'], axes=[0]),
                  helper.make_node('Pad', ['x'], ['p'], pads=[0, 1, 0, 0], value=-1.0),
                  helper.make_node('TopK', ['x'], ['tv', 'ti'], k=2),
                  helper.make_node('Dropout', ['x'], ['dy', 'dm'], ratio=0.3)],
                 [vi('x', T.FLOAT, [2, 3])],
                 [vi(n, T.FLOAT, None) for n in ['s', 'a', 'b', 'u', 'v', 'p', 'tv']]
                 + [vi('ti', T.INT64, None), vi('dy', T.FLOAT, None), vi('dm', T.FLOAT, None)], 9)
            # opset 1: Reshape's shape attribute, Tile's tiles and axis inputs, Concat's default
            # axis 1, Split's split input
            save('opset1',
                 [helper.make_node('Reshape', ['x'], ['r'], shape=[1, 0, -1]),
                  helper.make_node('Tile', ['x', 'tiles', 'axis'], ['t']),
                  helper.make_node('Concat', ['x', 'x'], ['c']),
                  helper.make_node('Split', ['x', 'split'], ['a', 'b'], axis=1)],
                 [vi('x', T.FLOAT, [2, 3])],
                 [vi(n, T.FLOAT, None) for n in ['r', 't', 'c', 'a', 'b']], 1,
                 [numpy_helper.from_array(np.array(2, np.int64), 'tiles'),
                  numpy_helper.from_array(np.array(1, np.int64), 'axis'),
                  numpy_helper.from_array(np.array([2, 1], np.int64), 'split')])
            # opset 16 reductions; GatherND with batch_dims
            save('scatter',
                 [helper.make_node('ScatterElements', ['x', 'i', 'u'], ['add'], axis=1,
                                   reduction='add'),
                  helper.make_node('ScatterElements', ['x', 'i', 'u'], ['mul'], axis=1,
                                   reduction='mul'),
                  helper.make_node('ScatterND', ['x', 'ni', 'nu'], ['nd'], reduction='add'),
                  helper.make_node('GatherND', ['x', 'gi'], ['g'], batch_dims=1)],
                 [vi('x', T.FLOAT, [2, 3]), vi('i', T.INT64, [2, 2]), vi('u', T.FLOAT, [2, 2]),
                  vi('ni', T.INT64, [2, 1]), vi('nu', T.FLOAT, [2, 3]),
                  vi('gi', T.INT64, [2, 1])],
                 [vi(n, T.FLOAT, None) for n in ['add', 'mul', 'nd', 'g']], 16)
            # Dropout whose training_mode is known at load (true), or comes at run time
            save('dropout_const',
                 [helper.make_node('Dropout', ['x', 'ratio', 'train'], ['y'])],
                 [vi('x', T.FLOAT, [2])], [vi('y', T.FLOAT, None)], 13,
                 [numpy_helper.from_array(np.array(0.25, np.float32), 'ratio'),
                  numpy_helper.from_array(np.array(True), 'train')])
            save('dropout_run',
                 [helper.make_node('Dropout', ['x', '', 'train'], ['y', 'mask'])],
                 [vi('x', T.FLOAT, [2]), vi('train', T.BOOL, [])],
                 [vi('y', T.FLOAT, None), vi('mask', T.BOOL, None)], 13)
            # integer CumSum and TopK (nabla's own cumsum and topk take floats)
            save('ints',
                 [helper.make_node('CumSum', ['c', 'axis'], ['cs'], exclusive=1, reverse=1),
                  helper.make_node('TopK', ['t', 'k'], ['tv', 'ti'], largest=0)],
                 [vi('c', T.INT32, [4]), vi('t', T.INT64, [4])],
                 [vi('cs', T.INT32, None), vi('tv', T.INT64, None), vi('ti', T.INT64, None)], 14,
                 [numpy_helper.from_array(np.array(0, np.int64), 'axis'),
                  numpy_helper.from_array(np.array([2], np.int64), 'k')])
            save('refused',
                 [helper.make_node('Pad', ['x', 'pads'], ['p'], mode='wrap'),
                  helper.make_node('DepthToSpace', ['x'], ['d'], blocksize=2, mode='XYZ'),
                  helper.make_node('ScatterElements', ['x', 'i', 'x'], ['s'], reduction='max'),
                  helper.make_node('EyeLike', ['x'], ['e'], dtype=T.UINT8)],
                 [vi('x', T.FLOAT, [2, 2]), vi('pads', T.INT64, [4]), vi('i', T.INT64, [2, 2])],
                 [vi(n, T.FLOAT, None) for n in ['p', 'd', 's', 'e']], 16)
            """);
  }

  private static OnnxModel load(String name) throws Exception {
    return OnnxModel.load(dir.resolve(name + ".onnx"));
  }

  private static Tensor longs(long... v) {
    return Tensor.of(v, v.length);
  }

  /** x = [[1, 2, 3], [4, 5, 6]]. */
  private static Tensor x() {
    return Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
  }

  @Test
  void reshapeSliceAndPadReadTheirShapeInputsAtRunTime() throws Exception {
    OnnxModel m = load("dynamic");
    Map<String, Tensor> out =
        m.run(
            Map.of(
                "x", x(),
                "shape", longs(3, -1),
                "starts", longs(-1, 2),
                "ends", longs(Long.MIN_VALUE, Long.MIN_VALUE),
                "axes", longs(1, 0),
                "steps", longs(-2, -1),
                "pads", longs(0, 1, 1, 2),
                "cval", Tensor.scalar(9f)));
    assertThat(out.get("r").shape()).containsExactly(3, 2);
    // rows from 2 (clamped to 1) down to 0, columns 2, 0
    assertThat(out.get("s").toFloatArray()).containsExactly(6, 4, 3, 1);
    assertThat(out.get("s").shape()).containsExactly(2, 2);
    // one column of 9 before, a row of 9 and two columns after
    assertThat(out.get("p").toFloatArray())
        .containsExactly(9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9, 9, 9, 9, 9, 9, 9, 9);
    // reflect: row 0 again below, then columns reflected
    assertThat(out.get("q").toFloatArray())
        .containsExactly(2, 1, 2, 3, 2, 1, 5, 4, 5, 6, 5, 4, 2, 1, 2, 3, 2, 1);
    // the same model, other shapes
    Map<String, Tensor> again =
        m.run(
            Map.of(
                "x", x(),
                "shape", longs(0, 1, -1),
                "starts", longs(1),
                "ends", longs(Long.MAX_VALUE),
                "axes", longs(-1),
                "steps", longs(1),
                "pads", longs(0, -1, 0, -1),
                "cval", Tensor.scalar(0f)));
    assertThat(again.get("r").shape()).containsExactly(2, 1, 3);
    assertThat(again.get("s").toFloatArray()).containsExactly(2, 3, 5, 6);
    assertThat(again.get("p").toFloatArray()).containsExactly(2, 5);
    assertThatThrownBy(
            () ->
                m.run(
                    Map.of(
                        "x", x(),
                        "shape", longs(4, -1),
                        "starts", longs(0),
                        "ends", longs(1),
                        "axes", longs(0),
                        "steps", longs(1),
                        "pads", longs(0, 0, 0, 0),
                        "cval", Tensor.scalar(0f))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot infer the -1 of shape [4, -1]");
  }

  @Test
  void oldOpsetsTakeTheirAttributeForms() throws Exception {
    Map<String, Tensor> out = load("old").run(Map.of("x", x()));
    // rows 1.., columns from -1 (2) to 0 (exclusive) with step 1: none
    assertThat(out.get("s").shape()).containsExactly(1, 0);
    assertThat(out.get("a").toFloatArray()).containsExactly(1, 4);
    assertThat(out.get("b").toFloatArray()).containsExactly(2, 3, 5, 6);
    assertThat(out.get("u").shape()).containsExactly(1, 2, 3, 1);
    assertThat(out.get("v").shape()).containsExactly(2, 3, 1);
    assertThat(out.get("p").toFloatArray()).containsExactly(-1, 1, 2, 3, -1, 4, 5, 6);
    assertThat(out.get("tv").toFloatArray()).containsExactly(3, 2, 6, 5);
    assertThat(out.get("ti").dtype()).isEqualTo(DType.INT64);
    assertThat(out.get("ti").toLongArray()).containsExactly(2, 1, 2, 1);
    assertThat(out.get("dy").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    // before opset 10 the mask has the input's type
    assertThat(out.get("dm").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(out.get("dm").toFloatArray()).containsExactly(1, 1, 1, 1, 1, 1);
  }

  @Test
  void opsetOneForms() throws Exception {
    Map<String, Tensor> out = load("opset1").run(Map.of("x", x()));
    // [1, 0, -1]: the 0 copies dimension 1 (3), the -1 takes the rest (2)
    assertThat(out.get("r").shape()).containsExactly(1, 3, 2);
    // tiles 2 along axis 1
    assertThat(out.get("t").toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6);
    assertThat(out.get("c").shape()).containsExactly(2, 6);
    assertThat(out.get("a").toFloatArray()).containsExactly(1, 2, 4, 5);
    assertThat(out.get("b").toFloatArray()).containsExactly(3, 6);
  }

  @Test
  void scatterReductionsAndBatchedGatherNd() throws Exception {
    Map<String, Tensor> out =
        load("scatter")
            .run(
                Map.of(
                    "x", x(),
                    "i", Tensor.of(new long[] {0, 0, -1, 1}, 2, 2),
                    "u", Tensor.of(new float[] {10, 20, 2, 3}, 2, 2),
                    "ni", Tensor.of(new long[] {1, 1}, 2, 1),
                    "nu", Tensor.of(new float[] {1, 1, 1, 2, 2, 2}, 2, 3),
                    "gi", Tensor.of(new long[] {2, -3}, 2, 1)));
    // row 0: column 0 gets 10 and 20; row 1: column 2 (-1) gets 2, column 1 gets 3
    assertThat(out.get("add").toFloatArray()).containsExactly(31, 2, 3, 4, 8, 8);
    assertThat(out.get("mul").toFloatArray()).containsExactly(200, 2, 3, 4, 15, 12);
    // row 1 receives both update rows
    assertThat(out.get("nd").toFloatArray()).containsExactly(1, 2, 3, 7, 8, 9);
    // batch 0 picks column 2, batch 1 column -3 (0)
    assertThat(out.get("g").toFloatArray()).containsExactly(3, 4);
  }

  @Test
  void integerCumSumAndTopK() throws Exception {
    Map<String, Tensor> out =
        load("ints")
            .run(
                Map.of(
                    "c", Tensor.of(new int[] {1, 2, 3, 4}, 4),
                    "t", Tensor.of(new long[] {5, -1, 7, 3}, 4)));
    // reversed and exclusive: the sums of the elements after each
    assertThat(out.get("cs").dtype()).isEqualTo(DType.INT32);
    assertThat(out.get("cs").toIntArray()).containsExactly(9, 7, 4, 0);
    assertThat(out.get("tv").toLongArray()).containsExactly(-1, 3);
    assertThat(out.get("ti").toLongArray()).containsExactly(1, 3);
    // beyond 2^53, where float64 cannot tell 2^62 from 2^62 + 1: ranked exactly
    long big = 1L << 62;
    Map<String, Tensor> exact =
        load("ints")
            .run(
                Map.of(
                    "c", Tensor.of(new int[] {1, 2, 3, 4}, 4),
                    "t", Tensor.of(new long[] {big + 1, big + 3, big, big + 2}, 4)));
    assertThat(exact.get("tv").toLongArray()).containsExactly(big, big + 1);
    assertThat(exact.get("ti").toLongArray()).containsExactly(2, 0);
    // equal values: the lower index first
    Map<String, Tensor> ties =
        load("ints")
            .run(
                Map.of(
                    "c", Tensor.of(new int[] {1, 2, 3, 4}, 4),
                    "t", Tensor.of(new long[] {9, 4, 4, 4}, 4)));
    assertThat(ties.get("ti").toLongArray()).containsExactly(1, 2);
  }

  @Test
  void trainingModeDropoutIsRefusedAtLoadWhenKnownAndAtRunOtherwise() throws Exception {
    assertThatThrownBy(() -> load("dropout_const"))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("training-mode dropout (training_mode=true, ratio=0.25)");
    OnnxModel m = load("dropout_run");
    Tensor in = Tensor.of(new float[] {1.5f, -2f}, 2);
    Map<String, Tensor> out = m.run(Map.of("x", in, "train", Tensor.of(new boolean[] {false})));
    assertThat(out.get("y").toFloatArray()).containsExactly(1.5f, -2f);
    assertThat(out.get("mask").toBooleanArray()).containsExactly(true, true);
    assertThatThrownBy(() -> m.run(Map.of("x", in, "train", Tensor.of(new boolean[] {true}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training mode (training_mode=true, ratio=0.5) is not supported");
  }

  @Test
  void unsupportedAttributeValuesAreListedAtLoad() {
    assertThatThrownBy(() -> load("refused"))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("mode 'wrap' is not supported")
        .hasMessageContaining("mode 'XYZ' is not supported")
        .hasMessageContaining("reduction 'max' is not supported")
        .hasMessageContaining("dtype 2 is not supported");
  }
}
