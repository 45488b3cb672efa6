package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;

/**
 * Shapes and indexing: Reshape, Transpose, Concat, Split, Slice, Gather, Squeeze, Unsqueeze, Shape,
 * Expand, Tile, Pad, Range, ConstantOfShape, Flatten, Identity, Constant, Cast and their kin.
 */
public final class ShapeOps {
  private ShapeOps() {}

  public static void register(OpRegistry r) {
    r.register(
        "Identity",
        node -> {
          node.requireInputs(1, 1);
          return in -> new Tensor[] {in[0]};
        });
    r.register("Constant", ShapeOps::constant);
  }

  /** Constant: exactly one of value, value_float(s), value_int(s). */
  private static OpKernel constant(NodeSpec node) {
    node.requireInputs(0, 0);
    Attributes a = node.attributes();
    for (String unsupported : new String[] {"sparse_value", "value_string", "value_strings"}) {
      if (a.has(unsupported)) {
        throw new UnsupportedNodeException(
            "attribute '"
                + unsupported
                + "' is not supported (nabla has no string or sparse tensors)");
      }
    }
    int given = 0;
    Tensor value = null;
    if (a.has("value")) {
      given++;
      value = a.getTensor("value");
    }
    if (a.has("value_float")) {
      given++;
      value = Tensor.scalar(a.getFloat("value_float", 0));
    }
    if (a.has("value_floats")) {
      given++;
      float[] f = a.getFloats("value_floats", new float[0]);
      value = Tensor.of(f, f.length);
    }
    if (a.has("value_int")) {
      given++;
      value = Tensor.of(new long[] {a.getInt("value_int", 0)});
    }
    if (a.has("value_ints")) {
      given++;
      long[] v = a.getInts("value_ints", new long[0]);
      value = Tensor.of(v, v.length);
    }
    if (given != 1) {
      throw new UnsupportedNodeException(
          "needs exactly one of value, value_float, value_floats, value_int, value_ints; got "
              + given);
    }
    Tensor result = value;
    return in -> new Tensor[] {result};
  }
}
