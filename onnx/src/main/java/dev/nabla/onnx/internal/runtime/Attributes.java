package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.AttributeProto;
import dev.nabla.onnx.internal.proto.GraphProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A node's attributes, read by type. Each getter marks its attribute as read; after the op's
 * factory has run, the loader reports every attribute the node carries that was never read (nabla
 * would otherwise ignore it silently). A getter whose attribute has another type than asked for, or
 * a {@code required} one that is missing, throws {@link UnsupportedNodeException}.
 */
public final class Attributes {
  private final Map<String, AttributeProto> byName = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();
  private final Function<dev.nabla.onnx.internal.proto.TensorProto, Tensor> tensors;

  Attributes(
      List<AttributeProto> attributes,
      Function<dev.nabla.onnx.internal.proto.TensorProto, Tensor> tensors) {
    for (AttributeProto a : attributes) {
      if (byName.put(a.name(), a) != null) {
        throw new UnsupportedNodeException("attribute '" + a.name() + "' is given twice");
      }
      if (!a.refAttrName().isEmpty()) {
        throw new UnsupportedNodeException(
            "attribute '"
                + a.name()
                + "' refers to function attribute '"
                + a.refAttrName()
                + "' (only model-local functions use references)");
      }
    }
    this.tensors = tensors;
  }

  /** Whether the node carries the attribute (marks it read). */
  public boolean has(String name) {
    read.add(name);
    return byName.containsKey(name);
  }

  /** The attribute names the node carries that no getter asked for. */
  List<String> unread() {
    List<String> out = new ArrayList<>();
    for (String n : byName.keySet()) {
      if (!read.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** A description of an attribute's value for messages: {@code mode='cubic'}, {@code axis=3}. */
  public String describe(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return name + " (absent)";
    }
    return switch (a.type()) {
      case AttributeProto.TYPE_INT -> name + "=" + a.i();
      case AttributeProto.TYPE_FLOAT -> name + "=" + a.f();
      case AttributeProto.TYPE_STRING -> name + "='" + a.s().toStringUtf8() + "'";
      case AttributeProto.TYPE_INTS -> name + "=" + java.util.Arrays.toString(a.ints());
      case AttributeProto.TYPE_FLOATS -> name + "=" + java.util.Arrays.toString(a.floats());
      default -> name + " (" + AttributeProto.typeName(a.type()) + ")";
    };
  }

  private AttributeProto get(String name, int type) {
    read.add(name);
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    int actual = a.type();
    if (actual == AttributeProto.TYPE_UNDEFINED) {
      actual = inferType(a);
    }
    if (actual != type) {
      throw new UnsupportedNodeException(
          "attribute '"
              + name
              + "' is "
              + AttributeProto.typeName(actual)
              + ", expected "
              + AttributeProto.typeName(type));
    }
    return a;
  }

  /** Very old writers left {@code type} unset; the field in use tells. */
  private static int inferType(AttributeProto a) {
    if (a.ints().length > 0) {
      return AttributeProto.TYPE_INTS;
    }
    if (a.floats().length > 0) {
      return AttributeProto.TYPE_FLOATS;
    }
    if (!a.strings().isEmpty()) {
      return AttributeProto.TYPE_STRINGS;
    }
    if (a.t() != null) {
      return AttributeProto.TYPE_TENSOR;
    }
    if (a.g() != null) {
      return AttributeProto.TYPE_GRAPH;
    }
    if (!a.s().isEmpty()) {
      return AttributeProto.TYPE_STRING;
    }
    return AttributeProto.TYPE_UNDEFINED;
  }

  private static UnsupportedNodeException missing(String name) {
    return new UnsupportedNodeException("required attribute '" + name + "' is missing");
  }

  public long getInt(String name, long defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_INT);
    return a == null ? defaultValue : a.i();
  }

  public long requireInt(String name) {
    AttributeProto a = get(name, AttributeProto.TYPE_INT);
    if (a == null) {
      throw missing(name);
    }
    return a.i();
  }

  public float getFloat(String name, float defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_FLOAT);
    return a == null ? defaultValue : a.f();
  }

  public String getString(String name, String defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_STRING);
    return a == null ? defaultValue : a.s().toString(StandardCharsets.UTF_8);
  }

  /** An INTS attribute, or {@code defaultValue} (which may be null) when absent. */
  public long[] getInts(String name, long[] defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_INTS);
    return a == null ? defaultValue : a.ints().clone();
  }

  /** An INTS attribute whose values must fit an {@code int}, or {@code defaultValue}. */
  public int[] getIntArray(String name, int[] defaultValue) {
    long[] v = getInts(name, null);
    if (v == null) {
      return defaultValue;
    }
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (int) v[i]) {
        throw new UnsupportedNodeException(
            "attribute '" + name + "' value " + v[i] + " does not fit in 32 bits");
      }
      r[i] = (int) v[i];
    }
    return r;
  }

  public float[] getFloats(String name, float[] defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_FLOATS);
    return a == null ? defaultValue : a.floats().clone();
  }

  public List<String> getStrings(String name, List<String> defaultValue) {
    AttributeProto a = get(name, AttributeProto.TYPE_STRINGS);
    if (a == null) {
      return defaultValue;
    }
    List<String> out = new ArrayList<>();
    a.strings().forEach(s -> out.add(s.toString(StandardCharsets.UTF_8)));
    return out;
  }

  /** A TENSOR attribute as a nabla tensor, or null when absent. */
  public Tensor getTensor(String name) {
    AttributeProto a = get(name, AttributeProto.TYPE_TENSOR);
    return a == null ? null : tensors.apply(a.t());
  }

  /** A GRAPH attribute (If, Loop, Scan bodies), or null when absent. */
  public GraphProto getGraph(String name) {
    AttributeProto a = get(name, AttributeProto.TYPE_GRAPH);
    return a == null ? null : a.g();
  }
}
