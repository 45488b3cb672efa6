package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * Cutting and joining along axes: Concat, Split, Slice and Pad (constant, reflect and edge;
 * negative pads crop), each in every opset's form (attributes before the inputs that replaced
 * them).
 */
final class SliceOps {
  private SliceOps() {}

  static void register(OpRegistry r) {
    r.register("Concat", SliceOps::concat);
    r.register("Split", SliceOps::split);
    r.register("Slice", SliceOps::slice);
    r.register("Pad", SliceOps::pad);
  }

  // ---------------------------------------------------------------- Concat, Split

  private static OpKernel concat(NodeSpec node) {
    node.requireInputs(1, Integer.MAX_VALUE);
    Attributes a = node.attributes();
    long axis;
    if (node.opset() < 4) {
      axis = a.getInt("axis", 1);
    } else {
      if (!a.has("axis")) {
        throw new UnsupportedNodeException("required attribute 'axis' is missing");
      }
      axis = a.getInt("axis", 0);
    }
    return in -> {
      for (int i = 0; i < in.length; i++) {
        if (in[i] == null) {
          throw new IllegalArgumentException("Concat: input " + i + " is omitted");
        }
      }
      int ax = OpUtil.axis(axis, in[0].rank(), "Concat");
      return new Tensor[] {Tensor.concat(ax, in)};
    };
  }

  private static OpKernel split(NodeSpec node) {
    Attributes a = node.attributes();
    long axis = a.getInt("axis", 0);
    long[] attr = null;
    if (node.opset() < 13) {
      attr = a.getInts("split", null);
      node.requireInputs(1, node.opset() < 2 && attr == null ? 2 : 1);
    } else {
      node.requireInputs(1, 2);
    }
    if (a.has("num_outputs")) {
      a.getInt("num_outputs", 0);
      throw new UnsupportedNodeException("attribute 'num_outputs' is of opset 18, not supported");
    }
    int n = node.outputCount();
    long[] fixed = attr;
    return in -> {
      Tensor x = in[0];
      int ax = OpUtil.axis(axis, x.rank(), "Split");
      int dim = x.dim(ax);
      long[] sizes = ShapeOps.attrOrInput(fixed, in.length > 1 ? in[1] : null, "Split split");
      if (sizes == null) {
        if (dim % n != 0) {
          throw new IllegalArgumentException(
              "Split: axis "
                  + ax
                  + " of size "
                  + dim
                  + " does not split into "
                  + n
                  + " equal parts");
        }
        sizes = new long[n];
        Arrays.fill(sizes, dim / n);
      }
      if (sizes.length != n) {
        throw new IllegalArgumentException(
            "Split: split "
                + Arrays.toString(sizes)
                + " has "
                + sizes.length
                + " entries for "
                + n
                + " outputs");
      }
      int[] s = ShapeOps.dims(sizes, "Split split");
      long sum = 0;
      for (int v : s) {
        sum += v;
      }
      if (sum != dim) {
        throw new IllegalArgumentException(
            "Split: split "
                + Arrays.toString(sizes)
                + " sums to "
                + sum
                + ", axis "
                + ax
                + " has size "
                + dim);
      }
      Tensor[] out = new Tensor[n];
      int start = 0;
      for (int i = 0; i < n; i++) {
        out[i] = x.slice(ax, start, start + s[i]);
        start += s[i];
      }
      return out;
    };
  }

  // ---------------------------------------------------------------- Slice

  private static OpKernel slice(NodeSpec node) {
    if (node.opset() < 10) {
      node.requireInputs(1, 1);
      Attributes a = node.attributes();
      long[] starts = a.getInts("starts", null), ends = a.getInts("ends", null);
      long[] axes = a.getInts("axes", null);
      if (starts == null || ends == null) {
        throw new UnsupportedNodeException("Slice-1 needs the 'starts' and 'ends' attributes");
      }
      return in -> new Tensor[] {slice(in[0], starts, ends, axes, null)};
    }
    node.requireInputs(3, 5);
    return in ->
        new Tensor[] {
          slice(
              in[0],
              OpUtil.longs(in[1], "Slice starts"),
              OpUtil.longs(in[2], "Slice ends"),
              in.length > 3 && in[3] != null ? OpUtil.longs(in[3], "Slice axes") : null,
              in.length > 4 && in[4] != null ? OpUtil.longs(in[4], "Slice steps") : null)
        };
  }

  /** ONNX's Slice: bounds clamp to the axis, negative ones count from the end; steps may be < 0. */
  static Tensor slice(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps) {
    int n = starts.length;
    if (ends.length != n
        || (axes != null && axes.length != n)
        || (steps != null && steps.length != n)) {
      throw new IllegalArgumentException(
          "Slice: starts "
              + Arrays.toString(starts)
              + ", ends "
              + Arrays.toString(ends)
              + ", axes "
              + Arrays.toString(axes)
              + " and steps "
              + Arrays.toString(steps)
              + " must have one length");
    }
    int[] ax;
    if (axes == null) {
      if (n > x.rank()) {
        throw new IllegalArgumentException(
            "Slice: " + n + " starts for an input of rank " + x.rank());
      }
      ax = new int[n];
      Arrays.setAll(ax, i -> i);
    } else {
      ax = OpUtil.axes(axes, x.rank(), "Slice axes");
    }
    for (int i = 0; i < n; i++) {
      long step = steps == null ? 1 : steps[i];
      if (step == 0) {
        throw new IllegalArgumentException("Slice: step 0 on axis " + ax[i]);
      }
      long dim = x.dim(ax[i]);
      long s = starts[i], e = ends[i];
      if (s < 0) {
        s += dim;
      }
      if (e < 0) {
        e += dim;
      }
      long count;
      if (dim == 0) {
        count = 0;
      } else if (step > 0) {
        s = Math.clamp(s, 0, dim);
        e = Math.clamp(e, 0, dim);
        count = e > s ? (e - s - 1) / step + 1 : 0;
      } else {
        s = Math.clamp(s, 0, dim - 1);
        e = Math.clamp(e, -1, dim - 1);
        count = s > e ? (s - e - 1) / -step + 1 : 0;
      }
      if (count == 0) {
        x = x.slice(ax[i], 0, 0);
      } else if (step > 0) {
        if (s != 0 || e != dim || step != 1) {
          x = x.slice(ax[i], (int) s, (int) e, (int) Math.min(step, dim));
        }
      } else {
        int[] idx = new int[(int) count];
        for (int k = 0; k < idx.length; k++) {
          idx[k] = (int) (s + k * step);
        }
        x = x.indexSelect(ax[i], Tensor.of(idx, idx.length));
      }
    }
    return x;
  }

  // ---------------------------------------------------------------- Pad

  private static OpKernel pad(NodeSpec node) {
    Attributes a = node.attributes();
    String mode = a.getString("mode", "constant");
    if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
      throw new UnsupportedNodeException(
          "mode '" + mode + "' is not supported (expected constant, reflect or edge)");
    }
    long[] attrPads = null;
    double attrValue = 0;
    if (node.opset() < 11) {
      node.requireInputs(1, 1);
      attrPads = a.getInts(node.opset() < 2 ? "paddings" : "pads", null);
      if (attrPads == null) {
        throw new UnsupportedNodeException(
            "required attribute '" + (node.opset() < 2 ? "paddings" : "pads") + "' is missing");
      }
      attrValue = a.getFloat("value", 0f);
    } else {
      node.requireInputs(2, 3);
    }
    long[] fixed = attrPads;
    double fixedValue = attrValue;
    return in -> {
      long[] pads = ShapeOps.attrOrInput(fixed, in.length > 1 ? in[1] : null, "Pad pads");
      double value = fixedValue;
      Tensor valueTensor = null;
      if (fixed == null && in.length > 2 && in[2] != null) {
        if (in[2].size() != 1) {
          throw new IllegalArgumentException(
              "Pad: constant_value must be a scalar, got shape " + Arrays.toString(in[2].shape()));
        }
        valueTensor = in[2].reshape();
      }
      return new Tensor[] {pad(in[0], pads, mode, valueTensor, value)};
    };
  }

  /**
   * Pads (or, with negative pads, crops) every axis: pads is [begin_0, ..., begin_{r-1}, end_0,
   * ..., end_{r-1}]. Constant padding concatenates filled blocks (value from {@code valueTensor} if
   * given, else {@code value}); reflect and edge pick input slices by index.
   */
  static Tensor pad(Tensor x, long[] pads, String mode, Tensor valueTensor, double value) {
    int r = x.rank();
    if (pads.length != 2 * r) {
      throw new IllegalArgumentException(
          "Pad: pads "
              + Arrays.toString(pads)
              + " has "
              + pads.length
              + " entries, expected "
              + 2 * r
              + " for an input of rank "
              + r);
    }
    for (int a = 0; a < r; a++) {
      long b = pads[a], e = pads[a + r];
      int dim = x.dim(a);
      if (dim + Math.min(b, 0) + Math.min(e, 0) < 0) {
        throw new IllegalArgumentException(
            "Pad: pads "
                + Arrays.toString(pads)
                + " crop more than axis "
                + a
                + " of size "
                + dim
                + " holds");
      }
      if (b < 0 || e < 0) {
        x = x.slice(a, (int) Math.max(-b, 0), (int) (dim + Math.min(e, 0)));
        dim = x.dim(a);
      }
      int pb = (int) Math.max(b, 0), pe = (int) Math.max(e, 0);
      if (pb == 0 && pe == 0) {
        continue;
      }
      if (mode.equals("constant")) {
        if (valueTensor != null && valueTensor.dtype() != x.dtype()) {
          throw new IllegalArgumentException(
              "Pad: constant_value is " + valueTensor.dtype() + ", the data is " + x.dtype());
        }
        x = Spatial.pad(x, a, pb, pe, valueTensor, value);
        continue;
      }
      if (dim == 0) {
        throw new IllegalArgumentException(
            "Pad: mode '" + mode + "' cannot pad the empty axis " + a);
      }
      int[] idx = new int[pb + dim + pe];
      for (int k = 0; k < idx.length; k++) {
        long i = k - pb;
        if (mode.equals("edge")) {
          idx[k] = Math.clamp(i, 0, dim - 1);
        } else if (dim == 1) {
          idx[k] = 0;
        } else {
          long period = 2L * (dim - 1);
          long j = Math.floorMod(i, period);
          idx[k] = (int) (j >= dim ? period - j : j);
        }
      }
      x = x.indexSelect(a, Tensor.of(idx, idx.length));
    }
    return x;
  }
}
