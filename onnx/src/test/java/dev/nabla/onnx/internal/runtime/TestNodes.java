package dev.nabla.onnx.internal.runtime;

import com.google.protobuf.ByteString;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.AttributeProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: compiles one node of the standard registry as the loader does (the op's factory,
 * then the check that every attribute was read), without a model file.
 */
public final class TestNodes {
  private TestNodes() {}

  /**
   * The kernel of {@code op} at {@code opset} with {@code inputs} inputs (an empty name where
   * {@code constants[i]} is null and the input is omitted is written as {@code "-"} in {@code
   * names}), {@code outputs} named outputs, and attributes given as name/value pairs: Long or
   * Integer (INT), Float or Double (FLOAT), String, long[] (INTS), float[] (FLOATS).
   */
  public static OpKernel compile(
      String op, int opset, String[] inputs, int outputs, Tensor[] constants, Object... attrs) {
    List<AttributeProto> list = new ArrayList<>();
    for (int i = 0; i < attrs.length; i += 2) {
      list.add(attribute((String) attrs[i], attrs[i + 1]));
    }
    Attributes a = new Attributes(list, t -> null);
    List<String> in = new ArrayList<>();
    for (String s : inputs) {
      in.add(s.equals("-") ? "" : s);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      out.add("y" + i);
    }
    Tensor[] c = constants == null ? new Tensor[inputs.length] : constants;
    NodeSpec node = new NodeSpec(op, "", "n", opset, in, out, a, c, null);
    OpKernel k = OpRegistry.standard().get("", op).create(node);
    if (!a.unread().isEmpty()) {
      throw new UnsupportedNodeException("attributes " + a.unread() + " are not supported");
    }
    return k;
  }

  /** {@link #compile} with inputs {@code x0, x1, ...}, one output and no constants. */
  public static OpKernel compile(String op, int opset, int inputs, Object... attrs) {
    String[] names = new String[inputs];
    for (int i = 0; i < inputs; i++) {
      names[i] = "x" + i;
    }
    return compile(op, opset, names, 1, null, attrs);
  }

  private static AttributeProto attribute(String name, Object v) {
    int type;
    float f = 0;
    long i = 0;
    ByteString s = ByteString.EMPTY;
    float[] floats = new float[0];
    long[] ints = new long[0];
    switch (v) {
      case Long l -> {
        type = AttributeProto.TYPE_INT;
        i = l;
      }
      case Integer n -> {
        type = AttributeProto.TYPE_INT;
        i = n;
      }
      case Float x -> {
        type = AttributeProto.TYPE_FLOAT;
        f = x;
      }
      case Double x -> {
        type = AttributeProto.TYPE_FLOAT;
        f = x.floatValue();
      }
      case String str -> {
        type = AttributeProto.TYPE_STRING;
        s = ByteString.copyFrom(str, StandardCharsets.UTF_8);
      }
      case long[] arr -> {
        type = AttributeProto.TYPE_INTS;
        ints = arr;
      }
      case float[] arr -> {
        type = AttributeProto.TYPE_FLOATS;
        floats = arr;
      }
      default -> throw new IllegalArgumentException("attribute type " + v.getClass());
    }
    return new AttributeProto(
        name, type, f, i, s, null, null, floats, ints, List.of(), List.of(), List.of(), "", "");
  }
}
