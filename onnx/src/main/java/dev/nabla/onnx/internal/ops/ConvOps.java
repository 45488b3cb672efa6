package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import java.util.Arrays;

/**
 * Conv and ConvTranspose over 1 to 3 spatial axes, on nabla's differentiable conv1d and conv2d:
 * padding beyond what both sides share is added explicitly, a 3-d convolution is a sum over the
 * kernel's depth of 2-d convolutions of depth slices folded into the batch, and a transposed
 * convolution is the convolution of the stride-dilated, padded input with the flipped, regrouped
 * kernel.
 */
final class ConvOps {
  private ConvOps() {}

  static OpKernel conv(NodeSpec node) {
    node.requireInputs(2, 3);
    Attributes a = node.attributes();
    Spatial sp = Spatial.read("Conv", a, false, true, false);
    long group = a.getInt("group", 1);
    OpUtil.require(group >= 1 && group <= Integer.MAX_VALUE, "group must be >= 1, got " + group);
    checkWeightRank(node, sp);
    int groups = (int) group;
    boolean hasBias = node.hasInput(2);
    return in -> {
      Tensor x = in[0], w = in[1];
      requireRanks("Conv", x, w);
      Spatial.Window win = sp.resolve(x.shape(), kernelOf(w));
      return new Tensor[] {conv(x, w, hasBias ? in[2] : null, win, groups)};
    };
  }

  /** A weight known at load fixes the number of spatial axes: more than 3 fails at load. */
  private static void checkWeightRank(NodeSpec node, Spatial sp) {
    Tensor w = node.constant(1);
    if (w != null) {
      OpUtil.require(
          w.rank() >= 3 && w.rank() <= Spatial.MAX_AXES + 2,
          "weight of rank "
              + w.rank()
              + " "
              + Arrays.toString(w.shape())
              + " is not supported (nabla has 1-d, 2-d and 3-d kernels: rank 3 to 5)");
      int given = sp.axesGiven();
      OpUtil.require(
          given < 0 || given == w.rank() - 2,
          "the attributes give " + given + " spatial axes but the weight has " + (w.rank() - 2));
    }
  }

  private static void requireRanks(String op, Tensor x, Tensor w) {
    if (x.rank() < 3 || x.rank() > Spatial.MAX_AXES + 2 || w.rank() != x.rank()) {
      throw new IllegalArgumentException(
          op
              + ": expected input [N, C, spatial...] and weight of the same rank 3 to 5, got "
              + Arrays.toString(x.shape())
              + " and "
              + Arrays.toString(w.shape()));
    }
  }

  private static int[] kernelOf(Tensor w) {
    return Arrays.copyOfRange(w.shape(), 2, w.rank());
  }

  /** The convolution of {@code x} with {@code w} (and bias {@code b}, or null) over {@code win}. */
  static Tensor conv(Tensor x, Tensor w, Tensor b, Spatial.Window win, int groups) {
    int n = win.axes();
    int[] sym = new int[n];
    for (int i = 0; i < n; i++) {
      sym[i] = Math.min(win.padBegin()[i], win.padEnd()[i]);
      x = Spatial.pad(x, i + 2, win.padBegin()[i] - sym[i], win.padEnd()[i] - sym[i], 0);
    }
    int[] s = win.stride(), d = win.dilation();
    return switch (n) {
      case 1 -> x.conv1d(w, b, s[0], sym[0], d[0], groups);
      case 2 -> x.conv2d(w, b, s, sym, d, groups);
      default -> conv3d(Spatial.pad(x, 2, sym[0], sym[0], 0), w, b, win, sym, groups);
    };
  }

  /**
   * A 3-d convolution as a sum over the kernel's depth {@code kd} of 2-d convolutions: the input's
   * depth slices {@code kd·dd + od·sd} for every output depth {@code od} fold into the batch, and
   * are convolved with the kernel's plane {@code kd}. {@code x} is already padded along depth.
   */
  private static Tensor conv3d(
      Tensor x, Tensor w, Tensor b, Spatial.Window win, int[] sym, int groups) {
    int[] xs = x.shape();
    int batch = xs[0], c = xs[1], h = xs[3], wd = xs[4];
    int od = win.out()[0], sd = win.stride()[0], dd = win.dilation()[0], kd = w.dim(2);
    int[] s2 = {win.stride()[1], win.stride()[2]}, p2 = {sym[1], sym[2]};
    int[] d2 = {win.dilation()[1], win.dilation()[2]};
    Tensor y = null;
    for (int k = 0; k < kd; k++) {
      Tensor slices =
          x.slice(2, k * dd, k * dd + (od - 1) * sd + 1, sd)
              .permute(0, 2, 1, 3, 4)
              .reshape(batch * od, c, h, wd);
      Tensor plane = w.slice(2, k, k + 1).squeeze(2);
      Tensor part = slices.conv2d(plane, null, s2, p2, d2, groups);
      y = y == null ? part : y.add(part);
    }
    int[] ys = y.shape();
    y = y.reshape(batch, od, ys[1], ys[2], ys[3]).permute(0, 2, 1, 3, 4);
    return b == null ? y : y.add(b.reshape(b.size(), 1, 1, 1));
  }

  static OpKernel convTranspose(NodeSpec node) {
    node.requireInputs(2, 3);
    Attributes a = node.attributes();
    Spatial sp = Spatial.read("ConvTranspose", a, false, true, false);
    long group = a.getInt("group", 1);
    OpUtil.require(group >= 1 && group <= Integer.MAX_VALUE, "group must be >= 1, got " + group);
    int[] outputPadding = a.getIntArray("output_padding", null);
    int[] outputShape = a.getIntArray("output_shape", null);
    checkWeightRank(node, sp);
    if (outputPadding != null) {
      for (int v : outputPadding) {
        OpUtil.require(
            v >= 0, "output_padding must be >= 0, got " + Arrays.toString(outputPadding));
      }
    }
    int groups = (int) group;
    boolean hasBias = node.hasInput(2);
    return in -> {
      Tensor x = in[0], w = in[1];
      requireRanks("ConvTranspose", x, w);
      return new Tensor[] {
        convTranspose(x, w, hasBias ? in[2] : null, sp, groups, outputPadding, outputShape)
      };
    };
  }

  private static Tensor convTranspose(
      Tensor x,
      Tensor w,
      Tensor b,
      Spatial sp,
      int groups,
      int[] outputPadding,
      int[] outputShape) {
    int n = x.rank() - 2;
    int[] xs = x.shape(), ws = w.shape();
    if (ws[0] != xs[1] || ws[0] % groups != 0) {
      throw new IllegalArgumentException(
          "ConvTranspose: weight "
              + Arrays.toString(ws)
              + " must have the input's "
              + xs[1]
              + " channels first, divisible by group="
              + groups
              + " (input "
              + Arrays.toString(xs)
              + ")");
    }
    int[] k = kernelOf(w);
    if (sp.kernel != null && !Arrays.equals(sp.kernel, k)) {
      throw new IllegalArgumentException(
          "ConvTranspose: kernel_shape "
              + Arrays.toString(sp.kernel)
              + " differs from the weight's kernel "
              + Arrays.toString(k));
    }
    int given = sp.axesGiven();
    if (given >= 0 && given != n) {
      throw new IllegalArgumentException(
          "ConvTranspose: the attributes give "
              + given
              + " spatial axes but input "
              + Arrays.toString(xs)
              + " has "
              + n);
    }
    int[] s = ones(sp.strides, n), d = ones(sp.dilations, n);
    int[] op = outputPadding == null ? new int[n] : outputPadding;
    if (op.length != n) {
      throw new IllegalArgumentException(
          "ConvTranspose: output_padding " + Arrays.toString(op) + " needs " + n + " values");
    }
    int[] pb = new int[n], pe = new int[n];
    int[] target = null;
    if (outputShape != null) {
      if (outputShape.length != n && outputShape.length != n + 2) {
        throw new IllegalArgumentException(
            "ConvTranspose: output_shape "
                + Arrays.toString(outputShape)
                + " needs "
                + n
                + " spatial sizes");
      }
      target = Arrays.copyOfRange(outputShape, outputShape.length - n, outputShape.length);
    } else if (sp.autoPad.startsWith("SAME")) {
      target = new int[n];
      for (int i = 0; i < n; i++) {
        target[i] = xs[i + 2] * s[i];
      }
    }
    for (int i = 0; i < n; i++) {
      int full = s[i] * (xs[i + 2] - 1) + op[i] + d[i] * (k[i] - 1) + 1;
      if (target != null) {
        int total = full - target[i];
        // ONNX's rule with floor division: an odd cell of padding goes to the end with
        // SAME_UPPER, else to the beginning (and a negative total adds cells the other way)
        int half = Math.floorDiv(total, 2);
        pb[i] = sp.autoPad.equals("SAME_UPPER") ? half : total - half;
        pe[i] = total - pb[i];
      } else if (sp.autoPad.equals("NOTSET") && sp.pads != null) {
        pb[i] = sp.pads[i];
        pe[i] = sp.pads[i + n];
      }
    }
    // The transposed convolution: dilate by the stride, pad by the dilated kernel less the pads,
    // convolve with the flipped kernel whose in and out channels are swapped within each group.
    for (int i = 0; i < n; i++) {
      x = dilate(x, i + 2, s[i]);
      int e = d[i] * (k[i] - 1);
      x = Spatial.pad(x, i + 2, e - pb[i], e - pe[i] + op[i], 0);
    }
    int c = ws[0], mg = ws[1];
    int[] regroup = new int[n + 3];
    regroup[0] = groups;
    regroup[1] = c / groups;
    regroup[2] = mg;
    System.arraycopy(k, 0, regroup, 3, n);
    int[] perm = new int[n + 3];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[1] = 2;
    perm[2] = 1;
    int[] flat = new int[n + 2];
    flat[0] = mg * groups;
    flat[1] = c / groups;
    System.arraycopy(k, 0, flat, 2, n);
    Tensor wt = w.reshape(regroup).permute(perm).reshape(flat);
    for (int i = 0; i < n; i++) {
      wt = flip(wt, i + 2);
    }
    int[] xp = x.shape();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = xp[i + 2] - d[i] * (k[i] - 1);
      if (out[i] < 1) {
        throw new IllegalArgumentException(
            "ConvTranspose: pads "
                + Arrays.toString(pb)
                + " / "
                + Arrays.toString(pe)
                + " leave no output for input "
                + Arrays.toString(xs)
                + " and weight "
                + Arrays.toString(ws));
      }
    }
    Spatial.Window unit = new Spatial.Window(k, ones(null, n), d, new int[n], new int[n], out);
    return conv(x, wt, b, unit, groups);
  }

  private static int[] ones(int[] v, int n) {
    if (v != null) {
      return v;
    }
    int[] r = new int[n];
    Arrays.fill(r, 1);
    return r;
  }

  /** {@code s - 1} zeros between neighbours along {@code axis}: length {@code (L - 1)·s + 1}. */
  private static Tensor dilate(Tensor x, int axis, int s) {
    if (s == 1) {
      return x;
    }
    int[] shape = x.shape();
    int len = shape[axis];
    Tensor u = x.unsqueeze(axis + 1);
    int[] zs = u.shape();
    zs[axis + 1] = s - 1;
    Tensor joined = Tensor.concat(axis + 1, u, Tensor.zeros(x.dtype(), zs));
    shape[axis] = len * s;
    return joined.reshape(shape).slice(axis, 0, (len - 1) * s + 1);
  }

  /** {@code x} reversed along {@code axis}. */
  private static Tensor flip(Tensor x, int axis) {
    int len = x.dim(axis);
    if (len == 1) {
      return x;
    }
    int[] idx = new int[len];
    for (int i = 0; i < len; i++) {
      idx[i] = len - 1 - i;
    }
    return x.indexSelect(axis, Tensor.of(idx, len));
  }
}
