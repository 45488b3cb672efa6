package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * Shapes: Reshape, Transpose, Concat, Split, Slice, Squeeze, Unsqueeze, Flatten, Shape, Size,
 * Expand, Tile, Pad, Range, ConstantOfShape, DepthToSpace, SpaceToDepth, Dropout (inference),
 * Identity and Constant. The indexing ops are in {@link IndexOps}. Data flows through nabla's
 * differentiable tensor ops; shape inputs (INT64 tensors) are read as Java arrays when the node
 * runs, so they may be computed at run time.
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
    SliceOps.register(r);
    r.register("Reshape", ShapeOps::reshape);
    r.register("Transpose", ShapeOps::transpose);
    r.register("Unsqueeze", ShapeOps::unsqueeze);
    r.register("Squeeze", ShapeOps::squeeze);
    r.register("Flatten", ShapeOps::flatten);
    r.register("Shape", ShapeOps::shape);
    r.register(
        "Size",
        node -> {
          node.requireInputs(1, 1);
          return in -> new Tensor[] {Tensor.of(new long[] {in[0].size()})};
        });
    r.register("ConstantOfShape", ShapeOps::constantOfShape);
    r.register("Expand", ShapeOps::expand);
    r.register("Range", ShapeOps::range);
    r.register("Tile", ShapeOps::tile);
    r.register("Dropout", ShapeOps::dropout);
    r.register("DepthToSpace", ShapeOps::depthToSpace);
    r.register("SpaceToDepth", ShapeOps::spaceToDepth);
    IndexOps.register(r);
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

  // ---------------------------------------------------------------- helpers

  /** Sizes as {@code int}s: each must be non-negative and fit in 32 bits. */
  static int[] dims(long[] v, String what) {
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            what
                + ": size "
                + v[i]
                + " at position "
                + i
                + " of "
                + Arrays.toString(v)
                + " is negative or too large");
      }
      r[i] = (int) v[i];
    }
    return r;
  }

  /** The one value of a scalar (or 1-element) integer tensor. */
  static long scalarLong(Tensor t, String what) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          what + " must hold one value, got shape " + Arrays.toString(t.shape()));
    }
    return OpUtil.longs(t, what)[0];
  }

  static long product(int[] shape, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  /** {@code x.reshape(shape)} with sizes given as longs (checked to fit). */
  static Tensor reshapeTo(Tensor x, long... shape) {
    return x.reshape(dims(shape, "reshape"));
  }

  /** Values of an INT64/INT32 input, or of the attribute at load when the opset has it so. */
  static long[] attrOrInput(long[] fromAttr, Tensor input, String what) {
    if (fromAttr != null) {
      return fromAttr;
    }
    return input == null ? null : OpUtil.longs(input, what);
  }

  // ---------------------------------------------------------------- Reshape

  private static OpKernel reshape(NodeSpec node) {
    Attributes a = node.attributes();
    long[] fixed;
    boolean allowZero = false;
    if (node.opset() < 5) {
      node.requireInputs(1, 1);
      a.getInts("consumed_inputs", null); // an in-place hint of opset 1, meaningless here
      fixed = a.getInts("shape", null);
      if (fixed == null) {
        throw new UnsupportedNodeException("Reshape-1 needs the 'shape' attribute");
      }
    } else {
      node.requireInputs(2, 2);
      fixed = null;
      long z = a.getInt("allowzero", 0);
      OpUtil.require(z == 0 || z == 1, "allowzero must be 0 or 1, got " + z);
      allowZero = z == 1;
    }
    boolean az = allowZero;
    return in -> {
      long[] s = fixed != null ? fixed : OpUtil.longs(in[1], "Reshape shape");
      return new Tensor[] {in[0].reshape(reshapeDims(in[0].shape(), s, az))};
    };
  }

  /** ONNX's Reshape target: 0 copies the input dimension (unless allowzero), -1 is inferred. */
  static int[] reshapeDims(int[] in, long[] s, boolean allowZero) {
    int[] out = new int[s.length];
    int infer = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "Reshape: shape " + Arrays.toString(s) + " has more than one -1");
        }
        infer = i;
        continue;
      }
      if (s[i] == 0 && !allowZero) {
        if (i >= in.length) {
          throw new IllegalArgumentException(
              "Reshape: shape "
                  + Arrays.toString(s)
                  + " copies dimension "
                  + i
                  + " (0) but the input "
                  + Arrays.toString(in)
                  + " has rank "
                  + in.length);
        }
        out[i] = in[i];
      } else if (s[i] < 0 || s[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Reshape: invalid size " + s[i] + " in shape " + Arrays.toString(s));
      } else {
        out[i] = (int) s[i];
      }
      known *= out[i];
    }
    long total = product(in, 0, in.length);
    if (infer >= 0) {
      if (known == 0 || total % known != 0) {
        throw new IllegalArgumentException(
            "Reshape: cannot infer the -1 of shape "
                + Arrays.toString(s)
                + " for an input of shape "
                + Arrays.toString(in)
                + " ("
                + total
                + " elements)");
      }
      out[infer] = (int) (total / known);
      known *= out[infer];
    }
    if (known != total) {
      throw new IllegalArgumentException(
          "Reshape: shape "
              + Arrays.toString(s)
              + " (resolved "
              + Arrays.toString(out)
              + ") has "
              + known
              + " elements, the input "
              + Arrays.toString(in)
              + " has "
              + total);
    }
    return out;
  }

  // ---------------------------------------------------------------- Transpose

  private static OpKernel transpose(NodeSpec node) {
    node.requireInputs(1, 1);
    long[] perm = node.attributes().getInts("perm", null);
    return in -> {
      int r = in[0].rank();
      int[] p = new int[r];
      if (perm == null) {
        for (int i = 0; i < r; i++) {
          p[i] = r - 1 - i;
        }
      } else {
        if (perm.length != r) {
          throw new IllegalArgumentException(
              "Transpose: perm "
                  + Arrays.toString(perm)
                  + " has "
                  + perm.length
                  + " entries, the input has rank "
                  + r);
        }
        p = OpUtil.axes(perm, r, "Transpose perm");
      }
      return new Tensor[] {in[0].permute(p)};
    };
  }

  // ---------------------------------------------------------------- Squeeze, Unsqueeze, Flatten

  private static OpKernel unsqueeze(NodeSpec node) {
    long[] attr = null;
    if (node.opset() < 13) {
      node.requireInputs(1, 1);
      attr = node.attributes().getInts("axes", null);
      if (attr == null) {
        throw new UnsupportedNodeException("required attribute 'axes' is missing");
      }
    } else {
      node.requireInputs(2, 2);
    }
    long[] fixed = attr;
    return in -> {
      long[] axes = attrOrInput(fixed, in.length > 1 ? in[1] : null, "Unsqueeze axes");
      int[] s = in[0].shape();
      int r = s.length + axes.length;
      int[] a = OpUtil.axes(axes, r, "Unsqueeze axes");
      boolean[] inserted = new boolean[r];
      for (int v : a) {
        inserted[v] = true;
      }
      int[] out = new int[r];
      for (int i = 0, k = 0; i < r; i++) {
        out[i] = inserted[i] ? 1 : s[k++];
      }
      return new Tensor[] {in[0].reshape(out)};
    };
  }

  private static OpKernel squeeze(NodeSpec node) {
    long[] attr = null;
    if (node.opset() < 13) {
      node.requireInputs(1, 1);
      attr = node.attributes().getInts("axes", null);
    } else {
      node.requireInputs(1, 2);
    }
    long[] fixed = attr;
    return in -> {
      long[] axes = attrOrInput(fixed, in.length > 1 ? in[1] : null, "Squeeze axes");
      int[] s = in[0].shape();
      boolean[] drop = new boolean[s.length];
      if (axes == null) {
        for (int i = 0; i < s.length; i++) {
          drop[i] = s[i] == 1;
        }
      } else {
        for (int v : OpUtil.axes(axes, s.length, "Squeeze axes")) {
          if (s[v] != 1) {
            throw new IllegalArgumentException(
                "Squeeze: axis "
                    + v
                    + " of shape "
                    + Arrays.toString(s)
                    + " has size "
                    + s[v]
                    + ", expected 1");
          }
          drop[v] = true;
        }
      }
      int[] out = new int[s.length];
      int k = 0;
      for (int i = 0; i < s.length; i++) {
        if (!drop[i]) {
          out[k++] = s[i];
        }
      }
      return new Tensor[] {in[0].reshape(Arrays.copyOf(out, k))};
    };
  }

  private static OpKernel flatten(NodeSpec node) {
    node.requireInputs(1, 1);
    long axis = node.attributes().getInt("axis", 1);
    return in -> {
      int[] s = in[0].shape();
      int r = s.length;
      if (axis < -r || axis > r) {
        throw new IllegalArgumentException(
            "Flatten: axis "
                + axis
                + " is out of range for rank "
                + r
                + " (expected ["
                + -r
                + ", "
                + r
                + "])");
      }
      int a = (int) (axis < 0 ? axis + r : axis);
      return new Tensor[] {reshapeTo(in[0], product(s, 0, a), product(s, a, r))};
    };
  }

  // ---------------------------------------------------------------- Shape, ConstantOfShape

  private static OpKernel shape(NodeSpec node) {
    node.requireInputs(1, 1);
    long start = 0;
    Long end = null;
    if (node.opset() >= 15) {
      Attributes a = node.attributes();
      start = a.getInt("start", 0);
      if (a.has("end")) {
        end = a.getInt("end", 0);
      }
    }
    long st = start;
    Long en = end;
    return in -> {
      int[] s = in[0].shape();
      int r = s.length;
      long from = Math.clamp(st < 0 ? st + r : st, 0, r);
      long to = en == null ? r : Math.clamp(en < 0 ? en + r : en, 0, r);
      int n = (int) Math.max(0, to - from);
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = s[(int) from + i];
      }
      return new Tensor[] {Tensor.of(v, n)};
    };
  }

  private static OpKernel constantOfShape(NodeSpec node) {
    node.requireInputs(1, 1);
    Tensor value = node.attributes().getTensor("value");
    if (value == null) {
      value = Tensor.of(new float[] {0f}, 1);
    }
    if (value.size() != 1) {
      throw new UnsupportedNodeException(
          "attribute 'value' must hold one element, got shape " + Arrays.toString(value.shape()));
    }
    Tensor v = value.reshape();
    return in -> {
      int[] shape = dims(OpUtil.longs(in[0], "ConstantOfShape input"), "ConstantOfShape input");
      return new Tensor[] {filled(v, shape)};
    };
  }

  /** A tensor of {@code shape} holding the one element of {@code v} (exact for INT64). */
  static Tensor filled(Tensor v, int[] shape) {
    if (v.dtype() == DType.INT64) {
      long[] d = new long[Math.toIntExact(product(shape, 0, shape.length))];
      Arrays.fill(d, v.toLongArray()[0]);
      return Tensor.of(d, shape);
    }
    return Tensor.full(v.dtype(), v.item(), shape);
  }

  // ---------------------------------------------------------------- Expand, Tile, Range

  private static OpKernel expand(NodeSpec node) {
    node.requireInputs(2, 2);
    return in -> {
      int[] s = in[0].shape();
      long[] t = OpUtil.longs(in[1], "Expand shape");
      int r = Math.max(s.length, t.length);
      int[] out = new int[r];
      for (int i = 0; i < r; i++) {
        int si = i - (r - s.length), ti = i - (r - t.length);
        long a = si >= 0 ? s[si] : 1, b = ti >= 0 ? t[ti] : 1;
        if (a != b && a != 1 && b != 1) {
          throw new IllegalArgumentException(
              "Expand: input shape "
                  + Arrays.toString(s)
                  + " does not broadcast with shape "
                  + Arrays.toString(t));
        }
        long d = a == 1 ? b : a;
        if (d < 0 || d > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "Expand: invalid size " + d + " in shape " + Arrays.toString(t));
        }
        out[i] = (int) d;
      }
      return new Tensor[] {Arrays.equals(out, s) ? in[0] : in[0].broadcastTo(out)};
    };
  }

  private static OpKernel tile(NodeSpec node) {
    boolean v1 = node.opset() < 6;
    node.requireInputs(v1 ? 3 : 2, v1 ? 3 : 2);
    return in -> {
      Tensor x = in[0];
      long[] reps;
      if (v1) {
        reps = new long[x.rank()];
        Arrays.fill(reps, 1);
        reps[OpUtil.axis(scalarLong(in[2], "Tile axis"), x.rank(), "Tile")] =
            scalarLong(in[1], "Tile tiles");
      } else {
        reps = OpUtil.longs(in[1], "Tile repeats");
      }
      if (reps.length != x.rank()) {
        throw new IllegalArgumentException(
            "Tile: repeats "
                + Arrays.toString(reps)
                + " has "
                + reps.length
                + " entries, the input has rank "
                + x.rank());
      }
      return new Tensor[] {tile(x, dims(reps, "Tile repeats"))};
    };
  }

  /** Repeats {@code x} {@code reps[i]} times along axis i, as numpy.tile. */
  static Tensor tile(Tensor x, int[] reps) {
    int[] s = x.shape();
    int r = s.length;
    boolean trivial = true;
    for (int v : reps) {
      trivial &= v == 1;
    }
    if (trivial) {
      return x;
    }
    int[] inter = new int[2 * r], big = new int[2 * r], out = new int[r];
    for (int i = 0; i < r; i++) {
      inter[2 * i] = 1;
      inter[2 * i + 1] = s[i];
      big[2 * i] = reps[i];
      big[2 * i + 1] = s[i];
      long n = (long) reps[i] * s[i];
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Tile: repeats "
                + Arrays.toString(reps)
                + " of shape "
                + Arrays.toString(s)
                + " give "
                + n
                + " elements on axis "
                + i
                + ", more than an int holds");
      }
      out[i] = (int) n;
    }
    if (product(out, 0, r) == 0) {
      return Tensor.zeros(x.dtype(), out);
    }
    return x.reshape(inter).broadcastTo(big).reshape(out);
  }

  private static OpKernel range(NodeSpec node) {
    node.requireInputs(3, 3);
    return in -> {
      DType dt = in[0].dtype();
      for (int i = 0; i < 3; i++) {
        if (in[i].size() != 1 || in[i].dtype() != dt) {
          throw new IllegalArgumentException(
              "Range: start, limit and delta must be scalars of one dtype, got "
                  + in[0].dtype()
                  + Arrays.toString(in[0].shape())
                  + ", "
                  + in[1].dtype()
                  + Arrays.toString(in[1].shape())
                  + ", "
                  + in[2].dtype()
                  + Arrays.toString(in[2].shape()));
        }
      }
      if (dt == DType.BOOL) {
        throw new IllegalArgumentException("Range: bool inputs are not numbers");
      }
      if (dt.isFloatingPoint()) {
        double start = in[0].item(), limit = in[1].item(), delta = in[2].item();
        if (delta == 0) {
          throw new IllegalArgumentException("Range: delta is 0");
        }
        int n = Math.toIntExact((long) Math.max(Math.ceil((limit - start) / delta), 0));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = start + i * delta;
        }
        return new Tensor[] {Tensor.of(v, n).to(dt)};
      }
      long start = OpUtil.longs(in[0], "Range start")[0];
      long limit = OpUtil.longs(in[1], "Range limit")[0];
      long delta = OpUtil.longs(in[2], "Range delta")[0];
      if (delta == 0) {
        throw new IllegalArgumentException("Range: delta is 0");
      }
      long span = limit - start;
      long n =
          span == 0 || (span > 0) != (delta > 0) ? 0 : (Math.abs(span) - 1) / Math.abs(delta) + 1;
      long[] v = new long[Math.toIntExact(n)];
      for (int i = 0; i < v.length; i++) {
        v[i] = start + i * delta;
      }
      Tensor t = Tensor.of(v, v.length);
      return new Tensor[] {dt == DType.INT64 ? t : t.to(dt)};
    };
  }

  // ---------------------------------------------------------------- Dropout

  private static OpKernel dropout(NodeSpec node) {
    Attributes a = node.attributes();
    int opset = node.opset();
    boolean boolMask = opset >= 10, wantsMask = node.hasOutput(1);
    if (opset < 12) {
      node.requireInputs(1, 1);
      float ratio = a.getFloat("ratio", 0.5f);
      if (opset < 7) {
        if (opset < 6) {
          a.getInts("consumed_inputs", null); // an in-place hint of opset 1, meaningless here
        }
        long isTest = a.getInt("is_test", 0);
        if (isTest == 0 && ratio > 0) {
          throw new UnsupportedNodeException(
              "training-mode dropout (is_test=0, ratio=" + ratio + ") is not supported");
        }
      }
    } else {
      node.requireInputs(1, 3);
      a.getInt("seed", 0); // only training mode draws, which is rejected below or at run
      Tensor training = node.hasInput(2) ? node.constant(2) : null;
      Tensor ratio = node.hasInput(1) ? node.constant(1) : null;
      // known at load: training mode with a ratio > 0 (0.5 when omitted) cannot run
      if (training != null
          && training.size() == 1
          && training.to(DType.BOOL).toBooleanArray()[0]
          && (!node.hasInput(1) || (ratio != null && ratio.item() > 0))) {
        throw new UnsupportedNodeException(
            "training-mode dropout (training_mode=true"
                + (ratio != null ? ", ratio=" + ratio.item() : "")
                + ") is not supported");
      }
    }
    return in -> {
      if (in.length > 2 && in[2] != null) {
        boolean training = ControlFlowOps.condition(in[2], "Dropout: training_mode");
        double ratio = in.length > 1 && in[1] != null ? in[1].item() : 0.5;
        if (training && ratio > 0) {
          throw new IllegalArgumentException(
              "Dropout: training mode (training_mode=true, ratio=" + ratio + ") is not supported");
        }
      }
      Tensor x = in[0];
      if (!wantsMask) {
        return new Tensor[] {x, null};
      }
      Tensor mask =
          boolMask ? Tensor.full(DType.BOOL, 1, x.shape()) : Tensor.ones(x.dtype(), x.shape());
      return new Tensor[] {x, mask};
    };
  }

  // ---------------------------------------------------------------- DepthToSpace, SpaceToDepth

  private static OpKernel depthToSpace(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    long b = a.requireInt("blocksize");
    String mode = node.opset() >= 11 ? a.getString("mode", "DCR") : "DCR";
    OpUtil.require(
        mode.equals("DCR") || mode.equals("CRD"),
        "mode '" + mode + "' is not supported (expected DCR or CRD)");
    OpUtil.require(b >= 1 && b <= Integer.MAX_VALUE, "blocksize must be positive, got " + b);
    int bs = (int) b;
    boolean dcr = mode.equals("DCR");
    return in -> {
      int[] s = rank4(in[0], "DepthToSpace");
      int n = s[0], c = s[1], h = s[2], w = s[3];
      if (c % (bs * bs) != 0) {
        throw new IllegalArgumentException(
            "DepthToSpace: channels " + c + " are not divisible by blocksize² " + bs * bs);
      }
      int c2 = c / (bs * bs);
      Tensor y =
          dcr
              ? in[0].reshape(n, bs, bs, c2, h, w).permute(0, 3, 4, 1, 5, 2)
              : in[0].reshape(n, c2, bs, bs, h, w).permute(0, 1, 4, 2, 5, 3);
      return new Tensor[] {y.reshape(n, c2, h * bs, w * bs)};
    };
  }

  private static OpKernel spaceToDepth(NodeSpec node) {
    node.requireInputs(1, 1);
    long b = node.attributes().requireInt("blocksize");
    OpUtil.require(b >= 1 && b <= Integer.MAX_VALUE, "blocksize must be positive, got " + b);
    int bs = (int) b;
    return in -> {
      int[] s = rank4(in[0], "SpaceToDepth");
      int n = s[0], c = s[1], h = s[2], w = s[3];
      if (h % bs != 0 || w % bs != 0) {
        throw new IllegalArgumentException(
            "SpaceToDepth: height "
                + h
                + " and width "
                + w
                + " must be divisible by blocksize "
                + bs);
      }
      Tensor y = in[0].reshape(n, c, h / bs, bs, w / bs, bs).permute(0, 3, 5, 1, 2, 4);
      return new Tensor[] {y.reshape(n, c * bs * bs, h / bs, w / bs)};
    };
  }

  private static int[] rank4(Tensor x, String op) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          op + ": expected a 4-d [N, C, H, W] input, got shape " + Arrays.toString(x.shape()));
    }
    return x.shape();
  }
}
