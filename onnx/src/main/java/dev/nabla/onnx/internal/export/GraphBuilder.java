package dev.nabla.onnx.internal.export;

import com.google.protobuf.ByteString;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.AttributeProto;
import dev.nabla.onnx.internal.proto.NodeProto;
import dev.nabla.onnx.internal.proto.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the nodes and initializers of an ONNX graph under construction: every value gets a
 * unique name, every node a name from the model path of the layer that emitted it ({@code
 * /0/MatMul_3}, as PyTorch's exporter names them); a parameter becomes one initializer under its
 * state-dict name however often it is used (tied weights stay tied); other constants become {@code
 * Constant} nodes, so the initializers are exactly the model's parameters and buffers.
 */
final class GraphBuilder {
  private final List<NodeProto> nodes = new ArrayList<>();
  private final List<TensorProto> initializers = new ArrayList<>();
  private final Map<Tensor, String> initialized = new IdentityHashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** The dtype of the model's floating-point constants (eps, scales). */
  final DType dtype;

  GraphBuilder(DType dtype) {
    this.dtype = dtype;
  }

  List<NodeProto> nodes() {
    return nodes;
  }

  List<TensorProto> initializers() {
    return initializers;
  }

  /** Reserves {@code name} (a graph input's) so that no other value takes it. */
  void reserve(String name) {
    names.add(name);
  }

  /** A new unique value name from {@code base}: itself, or with the first free suffix. */
  private String fresh(String base) {
    if (names.add(base)) {
      return base;
    }
    int i = counters.getOrDefault(base, 1);
    while (!names.add(base + "_" + i)) {
      i++;
    }
    counters.put(base, i + 1);
    return base + "_" + i;
  }

  /** The initializer for the live tensor {@code t} under its state-dict {@code name}. */
  String initializer(String name, Tensor t) {
    String known = initialized.get(t);
    if (known != null) {
      return known;
    }
    if (!names.add(name)) {
      throw new IllegalStateException("Onnx.export: two values named '" + name + "'");
    }
    initialized.put(t, name);
    initializers.add(TensorEncoder.encode(name, t));
    return name;
  }

  /** A {@code Constant} node holding {@code value}; returns its output. */
  String constant(String scope, Tensor value) {
    String out = fresh(scope + "/Constant_output");
    nodes.add(
        new NodeProto(
            List.of(),
            List.of(out),
            fresh(scope + "/Constant"),
            "Constant",
            "",
            List.of(tensor("value", TensorEncoder.encode("", value))),
            ""));
    return out;
  }

  /** A 1-d INT64 constant (shapes, axes, indices). */
  String ints(String scope, long... values) {
    return constant(scope, Tensor.of(values.clone(), values.length));
  }

  /** A 0-d INT64 constant (a Gather index that drops the axis). */
  String index(String scope, long value) {
    return constant(scope, Tensor.of(new long[] {value}));
  }

  /** A 0-d constant of the model's dtype. */
  String scalar(String scope, double value) {
    return constant(scope, Tensor.scalar(dtype, value));
  }

  /** A node with one output; returns it. */
  String op(String scope, String opType, List<String> inputs, AttributeProto... attributes) {
    return op(scope, opType, inputs, 1, attributes)[0];
  }

  /** A node with {@code outputs} outputs; returns their names. */
  String[] op(
      String scope, String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
    String node = fresh(scope + "/" + opType);
    String[] out = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      out[i] = fresh(node + "_output_" + i);
    }
    nodes.add(
        new NodeProto(inputs, Arrays.asList(out), node, opType, "", Arrays.asList(attributes), ""));
    return out;
  }

  /**
   * Renames the value {@code from}, produced by the last node, to {@code to}; returns false when
   * the last node does not produce it (then the caller adds an {@code Identity}).
   */
  boolean renameLastOutput(String from, String to) {
    if (nodes.isEmpty()) {
      return false;
    }
    NodeProto last = nodes.getLast();
    int i = last.outputs().indexOf(from);
    if (i < 0) {
      return false;
    }
    List<String> outs = new ArrayList<>(last.outputs());
    outs.set(i, to);
    names.add(to);
    nodes.set(
        nodes.size() - 1,
        new NodeProto(
            last.inputs(),
            outs,
            last.name(),
            last.opType(),
            last.domain(),
            last.attributes(),
            last.docString()));
    return true;
  }

  // ---------------------------------------------------------------- attributes

  private static AttributeProto attribute(
      String name, int type, float f, long i, ByteString s, TensorProto t, float[] fs, long[] is) {
    return new AttributeProto(
        name, type, f, i, s, t, null, fs, is, List.of(), List.of(), List.of(), "", "");
  }

  static AttributeProto integer(String name, long value) {
    return attribute(
        name, AttributeProto.TYPE_INT, 0, value, ByteString.EMPTY, null, new float[0], new long[0]);
  }

  static AttributeProto real(String name, double value) {
    return attribute(
        name,
        AttributeProto.TYPE_FLOAT,
        (float) value,
        0,
        ByteString.EMPTY,
        null,
        new float[0],
        new long[0]);
  }

  static AttributeProto integers(String name, long... values) {
    return attribute(
        name, AttributeProto.TYPE_INTS, 0, 0, ByteString.EMPTY, null, new float[0], values.clone());
  }

  static AttributeProto string(String name, String value) {
    return attribute(
        name,
        AttributeProto.TYPE_STRING,
        0,
        0,
        ByteString.copyFrom(value, StandardCharsets.UTF_8),
        null,
        new float[0],
        new long[0]);
  }

  static AttributeProto tensor(String name, TensorProto value) {
    return attribute(
        name, AttributeProto.TYPE_TENSOR, 0, 0, ByteString.EMPTY, value, new float[0], new long[0]);
  }
}
