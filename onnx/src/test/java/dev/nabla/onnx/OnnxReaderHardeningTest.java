package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import dev.nabla.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed {@code .onnx} files fail to load with an {@link IOException} naming the file and what
 * is wrong. The bytes are built here with protobuf's {@link CodedOutputStream}, with the field
 * numbers of ONNX's {@code onnx.proto} written out (not taken from the reader's records).
 */
class OnnxReaderHardeningTest {
  @TempDir Path dir;

  /** A protobuf message under construction: fields in the order they are added. */
  static final class Msg {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

    Msg varint(int field, long v) {
      return write(() -> out.writeInt64(field, v));
    }

    Msg string(int field, String s) {
      return write(() -> out.writeString(field, s));
    }

    Msg bytes(int field, byte[] b) {
      return write(() -> out.writeByteArray(field, b));
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.toBytes());
    }

    Msg fixed32(int field, int v) {
      return write(() -> out.writeFixed32(field, v));
    }

    private interface Write {
      void run() throws IOException;
    }

    private Msg write(Write w) {
      try {
        w.run();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    byte[] toBytes() {
      return buf.toByteArray();
    }
  }

  // onnx.proto's field numbers
  static final int MODEL_IR_VERSION = 1, MODEL_GRAPH = 7, MODEL_OPSET_IMPORT = 8;
  static final int OPSET_VERSION = 2;
  static final int GRAPH_NODE = 1, GRAPH_NAME = 2, GRAPH_INITIALIZER = 5;
  static final int GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
  static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4;
  static final int NODE_ATTRIBUTE = 5;
  static final int ATTR_NAME = 1, ATTR_G = 6, ATTR_TYPE = 20, ATTR_TYPE_GRAPH = 5;
  static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_FLOAT_DATA = 4, TENSOR_NAME = 8;
  static final int TENSOR_RAW_DATA = 9, TENSOR_EXTERNAL_DATA = 13, TENSOR_DATA_LOCATION = 14;
  static final int VALUE_INFO_NAME = 1, VALUE_INFO_TYPE = 2;
  static final int TYPE_TENSOR = 1, TENSOR_TYPE_ELEM = 1, TENSOR_TYPE_SHAPE = 2;
  static final int SHAPE_DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2;
  static final int ENTRY_KEY = 1, ENTRY_VALUE = 2;
  static final int FLOAT = 1;

  static Msg valueInfo(String name, Object... dims) {
    Msg shape = new Msg();
    for (Object d : dims) {
      shape.msg(
          SHAPE_DIM,
          d instanceof String s
              ? new Msg().string(DIM_PARAM, s)
              : new Msg().varint(DIM_VALUE, ((Number) d).longValue()));
    }
    Msg tensorType = new Msg().varint(TENSOR_TYPE_ELEM, FLOAT).msg(TENSOR_TYPE_SHAPE, shape);
    return new Msg()
        .string(VALUE_INFO_NAME, name)
        .msg(VALUE_INFO_TYPE, new Msg().msg(TYPE_TENSOR, tensorType));
  }

  static Msg node(String op, List<String> inputs, List<String> outputs) {
    Msg n = new Msg();
    inputs.forEach(i -> n.string(NODE_INPUT, i));
    outputs.forEach(o -> n.string(NODE_OUTPUT, o));
    return n.string(NODE_OP_TYPE, op);
  }

  static byte[] model(Msg graph) {
    return new Msg()
        .varint(MODEL_IR_VERSION, 8)
        .msg(MODEL_OPSET_IMPORT, new Msg().varint(OPSET_VERSION, 13))
        .msg(MODEL_GRAPH, graph)
        .toBytes();
  }

  /** x[batch, 3] -> Relu -> y. */
  static Msg reluGraph() {
    return new Msg()
        .msg(GRAPH_NODE, node("Relu", List.of("x"), List.of("y")))
        .string(GRAPH_NAME, "relu")
        .msg(GRAPH_INPUT, valueInfo("x", "batch", 3))
        .msg(GRAPH_OUTPUT, valueInfo("y", "batch", 3));
  }

  /** A float initializer 'w' of {@code dims} with {@code data} in raw_data, output as it is. */
  static Msg initializerGraph(Msg tensor) {
    return new Msg().msg(GRAPH_INITIALIZER, tensor).msg(GRAPH_OUTPUT, valueInfo("w", 2, 3));
  }

  static Msg floatTensor(String name, long... dims) {
    Msg t = new Msg();
    for (long d : dims) {
      t.varint(TENSOR_DIMS, d);
    }
    return t.varint(TENSOR_DATA_TYPE, FLOAT).string(TENSOR_NAME, name);
  }

  static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static Msg external(Msg tensor, String location, long offset, long length) {
    return tensor
        .msg(
            TENSOR_EXTERNAL_DATA,
            new Msg().string(ENTRY_KEY, "location").string(ENTRY_VALUE, location))
        .msg(
            TENSOR_EXTERNAL_DATA,
            new Msg().string(ENTRY_KEY, "offset").string(ENTRY_VALUE, Long.toString(offset)))
        .msg(
            TENSOR_EXTERNAL_DATA,
            new Msg().string(ENTRY_KEY, "length").string(ENTRY_VALUE, Long.toString(length)))
        .varint(TENSOR_DATA_LOCATION, 1);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  private static void assertFails(Path file, String... fragments) {
    assertThatThrownBy(() -> OnnxModel.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContainingAll(fragments);
  }

  // ------------------------------------------------------------------ the controls

  @Test
  void theWellFormedModelsBuiltHereLoadAndRun() throws IOException {
    OnnxModel relu = OnnxModel.load(write("relu.onnx", model(reluGraph())));
    assertThat(relu.inputs().toString()).isEqualTo("[x: float[batch, 3]]");
    Tensor y = relu.run(Tensor.of(new float[] {-1, 2, -3}, 1, 3));
    assertThat(y.floatStorage()).containsExactly(0, 2, 0);

    byte[] six = floats(1, 2, 3, 4, 5, 6);
    Path raw =
        write(
            "raw.onnx",
            model(initializerGraph(floatTensor("w", 2, 3).bytes(TENSOR_RAW_DATA, six))));
    assertThat(OnnxModel.load(raw).initializers().get("w").floatStorage())
        .containsExactly(1, 2, 3, 4, 5, 6);

    Files.write(dir.resolve("weights.bin"), concat(new byte[8], six));
    Path ext =
        write(
            "ext.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "weights.bin", 8, 24))));
    assertThat(OnnxModel.load(ext).initializers().get("w").floatStorage())
        .containsExactly(1, 2, 3, 4, 5, 6);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ------------------------------------------------------------------ malformed bytes

  @Test
  void aTruncatedFileFailsAtEveryCutNamingTheFile() throws IOException {
    byte[] whole = model(reluGraph());
    List<Integer> cuts = new ArrayList<>();
    for (int cut = 1; cut < whole.length; cut++) {
      cuts.add(cut);
    }
    Path file = dir.resolve("cut.onnx");
    int failed = 0;
    for (int cut : cuts) {
      Files.write(file, Arrays.copyOf(whole, cut));
      try {
        OnnxModel.load(file);
      } catch (IOException e) {
        assertThat(e.getMessage()).as("cut at %d", cut).startsWith(file.toString());
        failed++;
      }
    }
    // a cut between two top-level fields is a valid (smaller) message: only those may load
    assertThat(failed).isGreaterThan(cuts.size() - 4);
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));
    assertFails(file, "at byte", "truncated");
  }

  @Test
  void aFieldWithTheWrongWireTypeIsNamed() throws IOException {
    // graph (7) as a varint instead of a length-delimited message
    byte[] bytes =
        new Msg()
            .varint(MODEL_IR_VERSION, 8)
            .msg(MODEL_OPSET_IMPORT, new Msg().varint(OPSET_VERSION, 13))
            .varint(MODEL_GRAPH, 5)
            .toBytes();
    assertFails(write("wt.onnx", bytes), "ModelProto", "graph", "wire type 0", "expected 2");
    // a node's op_type (4) as a fixed32
    Msg badNode =
        new Msg().string(NODE_INPUT, "x").string(NODE_OUTPUT, "y").fixed32(NODE_OP_TYPE, 1);
    Msg graph =
        new Msg()
            .msg(GRAPH_NODE, badNode)
            .msg(GRAPH_INPUT, valueInfo("x", 3))
            .msg(GRAPH_OUTPUT, valueInfo("y", 3));
    assertFails(write("wt2.onnx", model(graph)), "NodeProto", "op_type", "wire type 5");
    // ir_version (1) as a string
    byte[] ir = new Msg().string(MODEL_IR_VERSION, "8").toBytes();
    assertFails(write("wt3.onnx", ir), "ir_version", "wire type 2", "expected 0");
  }

  @Test
  void bytesThatAreNoProtobufAreNamed() throws IOException {
    assertFails(write("text.onnx", "hello, I am not a model\n".getBytes()), "at byte");
    assertFails(write("empty.onnx", new byte[0]), "no graph");
  }

  @Test
  void aTensorWhoseDataDoesNotMatchItsShapeIsNamed() throws IOException {
    Path raw =
        write(
            "raw.onnx",
            model(initializerGraph(floatTensor("w", 2, 3).bytes(TENSOR_RAW_DATA, new byte[20]))));
    assertFails(raw, "tensor 'w'", "20 bytes", "needs 24");
    Msg typed = floatTensor("w", 2, 3);
    for (int i = 0; i < 5; i++) {
      typed.fixed32(TENSOR_FLOAT_DATA, Float.floatToIntBits(i));
    }
    assertFails(write("typed.onnx", model(initializerGraph(typed))), "tensor 'w'", "5 values", "6");
    assertFails(
        write("neg.onnx", model(initializerGraph(floatTensor("w", 2, -3)))),
        "tensor 'w'",
        "dimension -3");
    assertFails(
        write(
            "huge.onnx",
            model(
                initializerGraph(
                    floatTensor("w", 1L << 20, 1L << 20).bytes(TENSOR_RAW_DATA, new byte[4])))),
        "tensor 'w'",
        "more than 2^31-1 elements");
  }

  @Test
  void aTensorFileWhoseDataDoesNotMatchItsShapeIsNamed() throws IOException {
    Path pb = write("t.pb", floatTensor("t", 3).bytes(TENSOR_RAW_DATA, new byte[8]).toBytes());
    assertThatThrownBy(() -> OnnxTensors.read(pb))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(pb.toString())
        .hasMessageContainingAll("tensor 't'", "8 bytes", "needs 12");
    Path ok = write("ok.pb", floatTensor("t", 3).bytes(TENSOR_RAW_DATA, floats(1, 2, 3)).toBytes());
    Map.Entry<String, Tensor> e = OnnxTensors.read(ok);
    assertThat(e.getKey()).isEqualTo("t");
    assertThat(e.getValue().floatStorage()).containsExactly(1, 2, 3);
  }

  // ------------------------------------------------------------------ external data

  @Test
  void externalDataOutsideTheModelsFolderIsRefused() throws IOException {
    Files.write(dir.resolve("secret.bin"), new byte[24]);
    Path escape =
        write(
            "model/up.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "../secret.bin", 0, 24))));
    assertFails(escape, "tensor 'w'", "'../secret.bin'", "outside the model's folder");
    Path absolute =
        write(
            "model/abs.onnx",
            model(
                initializerGraph(
                    external(
                        floatTensor("w", 2, 3), dir.resolve("secret.bin").toString(), 0, 24))));
    assertFails(absolute, "tensor 'w'", "outside the model's folder");
    Path sneaky =
        write(
            "model/sneaky.onnx",
            model(
                initializerGraph(external(floatTensor("w", 2, 3), "sub/../../secret.bin", 0, 24))));
    assertFails(sneaky, "outside the model's folder");
  }

  @Test
  void externalDataThroughASymlinkOutOfTheFolderIsRefused() throws IOException {
    Files.write(dir.resolve("secret.bin"), new byte[24]);
    Files.createDirectories(dir.resolve("model"));
    Files.createSymbolicLink(dir.resolve("model/link.bin"), dir.resolve("secret.bin"));
    Path file =
        write(
            "model/link.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "link.bin", 0, 24))));
    assertFails(file, "tensor 'w'", "link.bin", "links outside the model's folder");
  }

  @Test
  void missingOrShortExternalDataIsNamed() throws IOException {
    Path missing =
        write(
            "model/missing.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "nope.bin", 0, 24))));
    assertFails(missing, "tensor 'w'", "nope.bin", "does not exist");
    Files.write(dir.resolve("model/short.bin"), new byte[30]);
    Path past =
        write(
            "model/past.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "short.bin", 8, 24))));
    assertFails(past, "tensor 'w'", "offset 8", "runs past the end", "30 bytes");
    Path wrongLength =
        write(
            "model/len.onnx",
            model(initializerGraph(external(floatTensor("w", 2, 3), "short.bin", 0, 20))));
    assertFails(wrongLength, "tensor 'w'", "length 20", "needs 24");
    byte[] fromBytes =
        model(initializerGraph(external(floatTensor("w", 2, 3), "short.bin", 0, 24)));
    assertThatThrownBy(() -> OnnxModel.load(fromBytes, "in-memory.onnx"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("in-memory.onnx")
        .hasMessageContaining("not loaded from a file");
  }

  // ------------------------------------------------------------------ nesting

  /** A graph whose one node is an If-like node carrying a graph attribute, {@code depth} deep. */
  static Msg nestedGraph(int depth) {
    Msg g = reluGraph();
    for (int i = 0; i < depth; i++) {
      Msg attr = new Msg().string(ATTR_NAME, "then_branch").varint(ATTR_TYPE, ATTR_TYPE_GRAPH);
      attr.msg(ATTR_G, g);
      Msg n = node("If", List.of("c"), List.of("y")).string(NODE_NAME, "if" + i);
      n.msg(NODE_ATTRIBUTE, attr);
      g = new Msg().msg(GRAPH_NODE, n).msg(GRAPH_OUTPUT, valueInfo("y", 3));
    }
    return g;
  }

  @Test
  void graphsNestedTooDeepAreRefusedNotRecursedInto() throws IOException {
    Path deep = write("deep.onnx", model(nestedGraph(200)));
    assertFails(deep, "nested more than", "deep");
    // a few levels are read (and fail later, for what they are: If is not run here)
    Path shallow = write("shallow.onnx", model(nestedGraph(2)));
    assertThatThrownBy(() -> OnnxModel.load(shallow))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(shallow.toString())
        .hasMessageNotContaining("nested more than");
  }
}
