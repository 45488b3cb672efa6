package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * The window attributes Conv, ConvTranspose and the pooling ops share ({@code kernel_shape}, {@code
 * strides}, {@code pads}, {@code dilations}, {@code auto_pad}, pooling's {@code ceil_mode}), read
 * and checked at load, and resolved against an input's spatial sizes at run time into the padding
 * per side and the output size of every spatial axis. Also the padding and cropping helpers the
 * composed kernels use.
 */
final class Spatial {
  /** At most this many spatial axes (1-d, 2-d and 3-d windows). */
  static final int MAX_AXES = 3;

  final String op;
  final int[] kernel;
  final int[] strides;
  final int[] pads;
  final int[] dilations;
  final String autoPad;
  final boolean ceil;

  /** One window over concrete input sizes: per spatial axis. */
  record Window(
      int[] kernel, int[] stride, int[] dilation, int[] padBegin, int[] padEnd, int[] out) {
    int axes() {
      return kernel.length;
    }

    /** The dilated kernel's extent along axis {@code i}. */
    int extent(int i) {
      return dilation[i] * (kernel[i] - 1) + 1;
    }
  }

  private Spatial(
      String op,
      int[] kernel,
      int[] strides,
      int[] pads,
      int[] dilations,
      String autoPad,
      boolean ceil) {
    this.op = op;
    this.kernel = kernel;
    this.strides = strides;
    this.pads = pads;
    this.dilations = dilations;
    this.autoPad = autoPad;
    this.ceil = ceil;
  }

  /**
   * Reads the window attributes. {@code kernelRequired}: pooling needs {@code kernel_shape};
   * convolutions infer it from the weight. {@code hasDilations}, {@code hasCeil}: whether the op's
   * opset defines those attributes (an op that does not leaves them unread, so the loader reports
   * them).
   */
  static Spatial read(
      String op, Attributes a, boolean kernelRequired, boolean hasDilations, boolean hasCeil) {
    int[] kernel = a.getIntArray("kernel_shape", null);
    if (kernel == null && kernelRequired) {
      throw new UnsupportedNodeException("required attribute 'kernel_shape' is missing");
    }
    int[] strides = a.getIntArray("strides", null);
    int[] pads = a.getIntArray("pads", null);
    int[] dilations = hasDilations ? a.getIntArray("dilations", null) : null;
    String autoPad = a.getString("auto_pad", "NOTSET");
    boolean ceil = false;
    if (hasCeil) {
      long c = a.getInt("ceil_mode", 0);
      OpUtil.require(c == 0 || c == 1, "ceil_mode must be 0 or 1, got " + c);
      ceil = c == 1;
    }
    OpUtil.require(
        switch (autoPad) {
          case "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID" -> true;
          default -> false;
        },
        "auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    OpUtil.require(
        autoPad.equals("NOTSET") || pads == null || Arrays.stream(pads).allMatch(p -> p == 0),
        "auto_pad '"
            + autoPad
            + "' and explicit pads "
            + Arrays.toString(pads)
            + " are given together, which the spec forbids");
    int axes = -1;
    for (int[] v : new int[][] {kernel, strides, dilations}) {
      if (v != null) {
        OpUtil.require(
            axes < 0 || v.length == axes,
            "kernel_shape, strides and dilations give different numbers of spatial axes: "
                + a.describe("kernel_shape")
                + ", "
                + a.describe("strides")
                + ", "
                + a.describe("dilations"));
        axes = v.length;
      }
    }
    if (pads != null) {
      OpUtil.require(
          pads.length % 2 == 0 && (axes < 0 || pads.length == 2 * axes),
          "pads must hold a begin and an end per spatial axis"
              + (axes < 0 ? "" : " (" + 2 * axes + " values)")
              + ", got "
              + Arrays.toString(pads));
      axes = pads.length / 2;
    }
    OpUtil.require(
        axes <= MAX_AXES,
        axes + " spatial axes are not supported (nabla has 1-d, 2-d and 3-d windows)");
    check(kernel, 1, "kernel_shape");
    check(strides, 1, "strides");
    check(dilations, 1, "dilations");
    check(pads, 0, "pads");
    return new Spatial(op, kernel, strides, pads, dilations, autoPad, ceil);
  }

  private static void check(int[] v, int min, String name) {
    if (v != null) {
      for (int x : v) {
        OpUtil.require(x >= min, name + " must be >= " + min + ", got " + Arrays.toString(v));
      }
    }
  }

  /** The number of spatial axes the attributes fix, or -1 when none is given. */
  int axesGiven() {
    for (int[] v : new int[][] {kernel, strides, dilations}) {
      if (v != null) {
        return v.length;
      }
    }
    return pads == null ? -1 : pads.length / 2;
  }

  private int[] orOnes(int[] v, int n) {
    if (v == null) {
      int[] r = new int[n];
      Arrays.fill(r, 1);
      return r;
    }
    return v;
  }

  /**
   * The window over input {@code x} ([N, C, spatial...]); {@code kernelFromWeight} is the kernel
   * the weight's shape gives (null for pooling).
   */
  Window resolve(int[] x, int[] kernelFromWeight) {
    int n = x.length - 2;
    if (n < 1) {
      throw new IllegalArgumentException(
          op + ": expected input [N, C, spatial...] of rank >= 3, got " + Arrays.toString(x));
    }
    int given = axesGiven();
    if (given >= 0 && given != n) {
      throw new IllegalArgumentException(
          op
              + ": the attributes give "
              + given
              + " spatial axes but input "
              + Arrays.toString(x)
              + " has "
              + n);
    }
    if (n > MAX_AXES) {
      throw new IllegalArgumentException(
          op + ": input " + Arrays.toString(x) + " has " + n + " spatial axes, nabla has 1 to 3");
    }
    int[] k = kernel;
    if (kernelFromWeight != null) {
      if (k != null && !Arrays.equals(k, kernelFromWeight)) {
        throw new IllegalArgumentException(
            op
                + ": kernel_shape "
                + Arrays.toString(k)
                + " differs from the weight's kernel "
                + Arrays.toString(kernelFromWeight));
      }
      k = kernelFromWeight;
    }
    int[] s = orOnes(strides, n), d = orOnes(dilations, n);
    int[] pb = new int[n], pe = new int[n], out = new int[n];
    for (int i = 0; i < n; i++) {
      int in = x[i + 2], ek = d[i] * (k[i] - 1) + 1;
      switch (autoPad) {
        case "SAME_UPPER", "SAME_LOWER" -> {
          out[i] = Math.ceilDiv(in, s[i]);
          int total = Math.max(0, (out[i] - 1) * s[i] + ek - in);
          pb[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
          pe[i] = total - pb[i];
        }
        case "VALID" -> out[i] = in >= ek ? (in - ek) / s[i] + 1 : 0;
        default -> {
          pb[i] = pads == null ? 0 : pads[i];
          pe[i] = pads == null ? 0 : pads[i + n];
          long span = (long) in + pb[i] + pe[i] - ek;
          if (span < 0) {
            out[i] = 0;
          } else if (ceil) {
            out[i] = (int) Math.ceilDiv(span, s[i]) + 1;
            // PyTorch's rule: the last window starts inside the input or its begin padding
            if ((long) (out[i] - 1) * s[i] >= in + pb[i]) {
              out[i]--;
            }
          } else {
            out[i] = (int) (span / s[i]) + 1;
          }
        }
      }
      if (out[i] < 1) {
        throw new IllegalArgumentException(
            op
                + ": kernel "
                + Arrays.toString(k)
                + " (dilations "
                + Arrays.toString(d)
                + ") does not fit input "
                + Arrays.toString(x)
                + " with pads "
                + Arrays.toString(pb)
                + " / "
                + Arrays.toString(pe));
      }
    }
    return new Window(k, s, d, pb, pe, out);
  }

  /**
   * {@code x} with {@code before} and {@code after} elements of {@code value} added along {@code
   * axis}; a negative count removes that many instead.
   */
  static Tensor pad(Tensor x, int axis, int before, int after, double value) {
    return pad(x, axis, before, after, null, value);
  }

  /**
   * {@link #pad(Tensor, int, int, int, double)} filled with {@code fill} (a scalar tensor of x's
   * dtype, which stays in the graph: Pad's constant_value input) when it is not null.
   */
  static Tensor pad(Tensor x, int axis, int before, int after, Tensor fill, double value) {
    if (before < 0 || after < 0) {
      int len = x.dim(axis);
      x = x.slice(axis, Math.max(0, -before), len - Math.max(0, -after));
      before = Math.max(0, before);
      after = Math.max(0, after);
    }
    if (before == 0 && after == 0) {
      return x;
    }
    int[] shape = x.shape();
    Tensor[] parts = new Tensor[3];
    int i = 0;
    if (before > 0) {
      shape[axis] = before;
      parts[i++] = block(x.dtype(), fill, value, shape.clone());
    }
    parts[i++] = x;
    if (after > 0) {
      shape[axis] = after;
      parts[i++] = block(x.dtype(), fill, value, shape.clone());
    }
    return Tensor.concat(axis, Arrays.copyOf(parts, i));
  }

  private static Tensor block(DType dt, Tensor fill, double value, int[] shape) {
    if (fill == null) {
      return Tensor.full(dt, value, shape);
    }
    return Arrays.stream(shape).asLongStream().reduce(1, (p, q) -> p * q) == 0
        ? Tensor.zeros(dt, shape)
        : fill.broadcastTo(shape);
  }

  /**
   * For each offset of the window along every spatial axis, the strided view of the padded input
   * {@code xp} that the offset reads for all outputs; {@code out} and the window's stride and
   * dilation as {@link Window}. Row-major over the kernel's positions.
   */
  static Tensor[] taps(Tensor xp, Window w) {
    int n = w.axes();
    int count = 1;
    for (int k : w.kernel()) {
      count *= k;
    }
    Tensor[] r = new Tensor[count];
    int[] pos = new int[n];
    for (int t = 0; t < count; t++) {
      Tensor v = xp;
      for (int i = 0; i < n; i++) {
        int start = pos[i] * w.dilation()[i];
        v = v.slice(i + 2, start, start + (w.out()[i] - 1) * w.stride()[i] + 1, w.stride()[i]);
      }
      r[t] = v;
      for (int i = n - 1; i >= 0; i--) {
        if (++pos[i] < w.kernel()[i]) {
          break;
        }
        pos[i] = 0;
      }
    }
    return r;
  }
}
