package dev.nabla.onnx.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.PythonOnnx;
import dev.nabla.onnx.internal.export.TensorEncoder;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtoWriterTest {
  @TempDir Path dir;

  /** Every record field, recursively, arrays by content: equal strings mean equal messages. */
  static String describe(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof Record r) {
      List<String> parts = new ArrayList<>();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          parts.add(c.getName() + "=" + describe(c.getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return r.getClass().getSimpleName() + parts;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(ProtoWriterTest::describe).toList().toString();
    }
    if (o instanceof ByteString b) {
      return "bytes" + Arrays.toString(b.toByteArray());
    }
    return switch (o) {
      case float[] a -> Arrays.toString(a);
      case double[] a -> Arrays.toString(a);
      case int[] a -> Arrays.toString(a);
      case long[] a -> Arrays.toString(a);
      default -> o.toString();
    };
  }

  private static AttributeProto attr(String name, int type, long i, float f, long[] ints) {
    return new AttributeProto(
        name,
        type,
        f,
        i,
        ByteString.EMPTY,
        null,
        null,
        new float[0],
        ints,
        List.of(),
        List.of(),
        List.of(),
        "",
        "");
  }

  /** An attribute of the non-numeric kinds (f, i and ints at their defaults). */
  private static AttributeProto other(
      String name,
      int type,
      ByteString s,
      TensorProto t,
      GraphProto g,
      float[] floats,
      List<ByteString> strings,
      List<TensorProto> tensors,
      List<GraphProto> graphs,
      String ref,
      String doc) {
    return new AttributeProto(
        name, type, 0, 0, s, t, g, floats, new long[0], strings, tensors, graphs, ref, doc);
  }

  /** A model using every field the records hold, built in Java. */
  static ModelProto richModel() {
    TensorProto w = TensorEncoder.encode("w", Tensor.of(new float[] {1.5f, -2f, 0f, 3.25f}, 2, 2));
    TensorProto typed =
        new TensorProto(
            "typed",
            new long[] {3},
            TensorProto.INT64,
            new float[0],
            new int[0],
            new long[] {-1, 0, Long.MAX_VALUE},
            new double[0],
            new long[0],
            List.of(),
            null,
            List.of(),
            0,
            false,
            "a doc");
    TensorProto ext =
        new TensorProto(
            "ext",
            new long[] {2},
            TensorProto.DOUBLE,
            new float[0],
            new int[0],
            new long[0],
            new double[0],
            new long[0],
            List.of(),
            null,
            List.of(new StringEntry("location", "w.bin"), new StringEntry("offset", "16")),
            TensorProto.LOCATION_EXTERNAL,
            false,
            "");
    TensorProto misc =
        new TensorProto(
            "misc",
            new long[] {2},
            TensorProto.FLOAT,
            new float[] {0.5f, -0f},
            new int[] {-7, 7},
            new long[0],
            new double[] {Math.PI},
            new long[] {-1L},
            List.of(ByteString.copyFromUtf8("s")),
            ByteString.EMPTY,
            List.of(),
            0,
            false,
            "");
    GraphProto body =
        new GraphProto(
            "body",
            List.of(new NodeProto(List.of("x"), List.of("y"), "", "Identity", "", List.of(), "")),
            List.of(),
            List.of(),
            List.of(new ValueInfoProto("y", null, "")),
            List.of(),
            0,
            "");
    List<AttributeProto> attrs =
        List.of(
            attr("zero", AttributeProto.TYPE_INT, 0, 0, new long[0]),
            attr("neg", AttributeProto.TYPE_INT, -5, 0, new long[0]),
            attr("alpha", AttributeProto.TYPE_FLOAT, 0, 0.25f, new long[0]),
            attr("zerof", AttributeProto.TYPE_FLOAT, 0, 0f, new long[0]),
            attr("pads", AttributeProto.TYPE_INTS, 0, 0, new long[] {1, -1, 1L << 40}),
            other(
                "mode",
                AttributeProto.TYPE_STRING,
                ByteString.copyFromUtf8("nearest"),
                null,
                null,
                new float[0],
                List.of(),
                List.of(),
                List.of(),
                "",
                "doc"),
            other(
                "many",
                AttributeProto.TYPE_STRINGS,
                ByteString.EMPTY,
                null,
                null,
                new float[] {},
                List.of(ByteString.copyFromUtf8("a"), ByteString.EMPTY),
                List.of(),
                List.of(),
                "",
                ""),
            other(
                "scales",
                AttributeProto.TYPE_FLOATS,
                ByteString.EMPTY,
                null,
                null,
                new float[] {1f, Float.NaN, -0.5f},
                List.of(),
                List.of(),
                List.of(),
                "",
                ""),
            other(
                "value",
                AttributeProto.TYPE_TENSOR,
                ByteString.EMPTY,
                typed,
                null,
                new float[0],
                List.of(),
                List.of(),
                List.of(),
                "",
                ""),
            other(
                "then_branch",
                AttributeProto.TYPE_GRAPH,
                ByteString.EMPTY,
                null,
                body,
                new float[0],
                List.of(),
                List.of(),
                List.of(),
                "",
                ""),
            other(
                "lists",
                AttributeProto.TYPE_TENSORS,
                ByteString.EMPTY,
                null,
                null,
                new float[0],
                List.of(),
                List.of(w, typed),
                List.of(body),
                "",
                ""),
            other(
                "ref",
                AttributeProto.TYPE_INT,
                ByteString.EMPTY,
                null,
                null,
                new float[0],
                List.of(),
                List.of(),
                List.of(),
                "outer",
                ""));
    ValueInfoProto input =
        new ValueInfoProto(
            "x",
            TypeProto.tensor(
                TensorProto.FLOAT,
                List.of(
                    new Dimension(false, 0, "batch"),
                    new Dimension(true, 3, ""),
                    new Dimension(true, 0, ""),
                    new Dimension(false, 0, ""))),
            "the input");
    ValueInfoProto scalar =
        new ValueInfoProto("s", TypeProto.tensor(TensorProto.INT64, List.of()), "");
    ValueInfoProto unranked = new ValueInfoProto("u", TypeProto.tensor(TensorProto.BOOL, null), "");
    ValueInfoProto seq =
        new ValueInfoProto(
            "q",
            new TypeProto(
                TypeProto.Kind.SEQUENCE,
                0,
                null,
                TypeProto.tensor(TensorProto.FLOAT, List.of(new Dimension(true, 2, "")))),
            "");
    ValueInfoProto opt =
        new ValueInfoProto(
            "o",
            new TypeProto(
                TypeProto.Kind.OPTIONAL, 0, null, TypeProto.tensor(TensorProto.DOUBLE, null)),
            "");
    ValueInfoProto sparse =
        new ValueInfoProto(
            "sp",
            new TypeProto(TypeProto.Kind.SPARSE_TENSOR, TensorProto.FLOAT, List.of(), null),
            "");
    ValueInfoProto map =
        new ValueInfoProto("m", new TypeProto(TypeProto.Kind.MAP, 0, null, null), "");
    ValueInfoProto none =
        new ValueInfoProto("n", new TypeProto(TypeProto.Kind.NONE, 0, null, null), "");
    GraphProto graph =
        new GraphProto(
            "main",
            List.of(
                new NodeProto(
                    List.of("x", "", "w"),
                    List.of("y", ""),
                    "node0",
                    "Custom",
                    "my.domain",
                    attrs,
                    "node doc"),
                new NodeProto(List.of("y"), List.of("z"), "", "Relu", "", List.of(), "")),
            List.of(w, typed, ext, misc),
            List.of(input, scalar),
            List.of(new ValueInfoProto("z", TypeProto.tensor(TensorProto.FLOAT, null), "")),
            List.of(unranked, seq, opt, sparse, map, none),
            0,
            "graph doc");
    return new ModelProto(
        8,
        List.of(new OperatorSetId("", 17), new OperatorSetId("my.domain", 3)),
        "nabla",
        "0.1",
        "dev.nabla",
        42,
        "model doc",
        graph,
        List.of(new StringEntry("k", "v"), new StringEntry("", "")),
        0,
        0);
  }

  @Test
  void everyFieldOfTheRecordsSurvivesWriteThenRead() throws Exception {
    ModelProto m = richModel();
    byte[] bytes = ProtoWriter.model(m);
    ModelProto back = ProtoReader.model(bytes, "rich.onnx");
    assertThat(describe(back)).isEqualTo(describe(m));
    // the node's omitted optional input and output keep their places
    assertThat(back.graph().nodes().getFirst().inputs()).containsExactly("x", "", "w");
    assertThat(back.graph().nodes().getFirst().outputs()).containsExactly("y", "");
    // writing what was read gives the same bytes
    assertThat(ProtoWriter.model(back)).isEqualTo(bytes);
  }

  @Test
  void aTensorFileRoundTrips() throws Exception {
    TensorProto t = TensorEncoder.encode("t", Tensor.of(new long[] {-3, 4, 5, 6}, 2, 2));
    TensorProto back = ProtoReader.tensor(ProtoWriter.tensor(t), "t.pb");
    assertThat(describe(back)).isEqualTo(describe(t));
    assertThat(TensorCodec.toTensor(back, null, "t.pb").toLongArray()).containsExactly(-3, 4, 5, 6);
  }

  @Test
  void whatTheRecordsOnlyCountIsRefused() {
    ModelProto m = richModel();
    ModelProto withFunctions =
        new ModelProto(
            m.irVersion(), m.opsetImports(), "", "", "", 0, "", m.graph(), List.of(), 2, 0);
    assertThatThrownBy(() -> ProtoWriter.model(withFunctions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 functions");
  }

  @Test
  void pythonOnnxReadsWhatNablaWritesAndTheBytesNablaRewritesEqualPythons() throws Exception {
    // ONNX's own helpers write a model using the fields nabla reads; nabla reads and rewrites it;
    // protobuf's own comparison of the two parsed messages must find them equal
    Path original = dir.resolve("python.onnx");
    Path rewritten = dir.resolve("nabla.onnx");
    PythonOnnx.run(
        PythonOnnx.IMPORT
            + """
            import numpy as np
            from onnx import helper, numpy_helper, TensorProto
            w = numpy_helper.from_array(np.array([[1.5, -2.0], [0.0, 3.25]], dtype=np.float32), 'w')
            typed = helper.make_tensor('typed', TensorProto.INT64, [3], [-1, 0, 2**62])
            flags = helper.make_tensor('flags', TensorProto.BOOL, [2], [True, False])
            d = helper.make_tensor('d', TensorProto.DOUBLE, [1], [3.5])
            ext = TensorProto(name='ext', dims=[2], data_type=TensorProto.FLOAT)
            ext.data_location = TensorProto.EXTERNAL
            e = ext.external_data.add(); e.key = 'location'; e.value = 'w.bin'
            then_g = helper.make_graph([helper.make_node('Identity', ['x'], ['t'])], 'then', [],
                [helper.make_tensor_value_info('t', TensorProto.FLOAT, None)])
            nodes = [
                helper.make_node('Conv', ['x', 'w', ''], ['y'], name='conv', kernel_shape=[3, 3],
                    pads=[1, 1, 1, 1], group=1, zero=0, alpha=0.5, mode='nearest', doc_string='c',
                    scales=[1.0, 2.5], names=['a', 'b'], value=typed, tensors=[w, d]),
                helper.make_node('If', ['c'], ['z'], then_branch=then_g, else_branch=then_g,
                    domain='my.domain'),
            ]
            graph = helper.make_graph(nodes, 'g',
                [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', 3, None, 5]),
                 helper.make_tensor_value_info('s', TensorProto.INT64, [])],
                [helper.make_tensor_value_info('z', TensorProto.FLOAT, None)],
                initializer=[w, typed, flags, d, ext], doc_string='gd',
                value_info=[helper.make_tensor_sequence_value_info('q', TensorProto.FLOAT, [2])])
            m = helper.make_model(graph, producer_name='p', producer_version='1',
                opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid('my.domain', 2)])
            m.domain = 'dom'; m.model_version = 7; m.doc_string = 'md'
            helper.set_model_props(m, {'author': 'me'})
            onnx.save(m, sys.argv[1])
            """,
        original.toString());
    ModelProto read = ProtoReader.model(Files.readAllBytes(original), original.toString());
    Files.write(rewritten, ProtoWriter.model(read));
    String out =
        PythonOnnx.run(
            PythonOnnx.IMPORT
                + """
                a = onnx.load(sys.argv[1], load_external_data=False)
                b = onnx.load(sys.argv[2], load_external_data=False)
                import difflib
                diff = difflib.unified_diff(str(a).splitlines(), str(b).splitlines(), lineterm="")
                print("EQUAL" if a == b else "DIFFERENT\\n" + "\\n".join(diff))
                """,
            original.toString(),
            rewritten.toString());
    assertThat(out.trim()).isEqualTo("EQUAL");
  }

  @Test
  void nablasModelPassesOnnxsCheckerAndItsTensorsReadBackInPython() throws Exception {
    // y = relu(x @ w + b), x [batch, 2]; every dtype nabla has as an initializer
    TensorProto w = TensorEncoder.encode("w", Tensor.of(new float[] {1.5f, -2f, 0f, 3.25f}, 2, 2));
    TensorProto b = TensorEncoder.encode("b", Tensor.of(new float[] {0.5f, -0.5f}, 2));
    List<TensorProto> extra =
        List.of(
            TensorEncoder.encode("d", Tensor.of(new double[] {Math.PI, -1e-300}, 2)),
            TensorEncoder.encode("i", Tensor.of(new int[] {Integer.MIN_VALUE, 7}, 2, 1)),
            TensorEncoder.encode("l", Tensor.of(new long[] {Long.MIN_VALUE + 1, 9}, 1, 2)),
            TensorEncoder.encode("f", Tensor.of(new boolean[] {true, false, true}, 3)),
            TensorEncoder.encode("s", Tensor.scalar(2.5f)));
    List<TensorProto> inits = new ArrayList<>(List.of(w, b));
    inits.addAll(extra);
    List<Dimension> xDims = List.of(new Dimension(false, 0, "batch"), new Dimension(true, 2, ""));
    GraphProto g =
        new GraphProto(
            "g",
            List.of(
                new NodeProto(List.of("x", "w"), List.of("xw"), "mm", "MatMul", "", List.of(), ""),
                new NodeProto(List.of("xw", "b"), List.of("h"), "add", "Add", "", List.of(), ""),
                new NodeProto(
                    List.of("h"),
                    List.of("y"),
                    "act",
                    "LeakyRelu",
                    "",
                    List.of(attr("alpha", AttributeProto.TYPE_FLOAT, 0, 0.125f, new long[0])),
                    "")),
            inits,
            List.of(new ValueInfoProto("x", TypeProto.tensor(TensorProto.FLOAT, xDims), "")),
            List.of(new ValueInfoProto("y", TypeProto.tensor(TensorProto.FLOAT, xDims), "")),
            List.of(),
            0,
            "");
    ModelProto m =
        new ModelProto(
            8, List.of(new OperatorSetId("", 17)), "nabla", "", "", 0, "", g, List.of(), 0, 0);
    Path file = dir.resolve("mlp.onnx");
    Files.write(file, ProtoWriter.model(m));
    assertThat(PythonOnnx.check(file)).isEqualTo("['batch', 2]");
    String out =
        PythonOnnx.run(
            PythonOnnx.IMPORT
                + """
                from onnx import numpy_helper
                m = onnx.load(sys.argv[1])
                for t in m.graph.initializer:
                    a = numpy_helper.to_array(t)
                    print(t.name, a.dtype, list(a.shape), a.flatten().tolist())
                print("alpha", m.graph.node[2].attribute[0].f)
                """,
            file.toString());
    assertThat(out.lines().toList())
        .containsExactly(
            "w float32 [2, 2] [1.5, -2.0, 0.0, 3.25]",
            "b float32 [2] [0.5, -0.5]",
            "d float64 [2] [3.141592653589793, -1e-300]",
            "i int32 [2, 1] [-2147483648, 7]",
            "l int64 [1, 2] [-9223372036854775807, 9]",
            "f bool [3] [True, False, True]",
            "s float32 [] [2.5]",
            "alpha 0.125");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).contains("nabla");
  }
}
