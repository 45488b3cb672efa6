package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import java.util.Arrays;

/**
 * Resize (opsets 10, 11, 13) and Upsample (7, 9, 10), separable along each axis: every output
 * position of an axis reads one (nearest), two (linear) or four (cubic) input positions with
 * weights, so the axis is resized by {@code Σ_t x.indexSelect(axis, idx_t) · w_t}, differentiable
 * in {@code x}. The positions and weights follow ONNX's reference: the coordinate transformation
 * maps an output index to a fractional input coordinate, neighbours beyond the edges repeat the
 * edge (or, with exclude_outside, get weight 0 and the rest renormalise), and tf_crop_and_resize
 * gives extrapolation_value wherever a coordinate falls outside the input.
 */
final class ResizeOps {
  private ResizeOps() {}

  private enum Mode {
    NEAREST,
    LINEAR,
    CUBIC
  }

  /** What a node fixes at load. */
  private record Config(
      Mode mode,
      String transform,
      String nearest,
      double cubicA,
      boolean excludeOutside,
      double extrapolation) {}

  static OpKernel resize(NodeSpec node) {
    int opset = node.opset();
    Attributes a = node.attributes();
    Config cfg;
    if (opset < 11) {
      node.requireInputs(2, 2);
      // opset 10 defines no coordinates: ONNX's opset-10 cases (and ONNX Runtime) read them
      // asymmetrically, nearest rounding down when enlarging and up when shrinking
      cfg =
          new Config(
              mode(a.getString("mode", "nearest"), false), "asymmetric", "simple", 0, false, 0);
    } else {
      node.requireInputs(1, 4);
      Mode mode = mode(a.getString("mode", "nearest"), true);
      String transform = a.getString("coordinate_transformation_mode", "half_pixel");
      OpUtil.require(
          switch (transform) {
            case "half_pixel",
                "pytorch_half_pixel",
                "align_corners",
                "asymmetric",
                "tf_crop_and_resize" ->
                true;
            case "tf_half_pixel_for_nn" -> opset < 13;
            default -> false;
          },
          "coordinate_transformation_mode '" + transform + "' is not supported at opset " + opset);
      String nearest = a.getString("nearest_mode", "round_prefer_floor");
      OpUtil.require(
          switch (nearest) {
            case "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" -> true;
            default -> false;
          },
          "nearest_mode '" + nearest + "' is not supported");
      double cubicA = a.getFloat("cubic_coeff_a", -0.75f);
      long exclude = a.getInt("exclude_outside", 0);
      OpUtil.require(
          exclude == 0 || exclude == 1, "exclude_outside must be 0 or 1, got " + exclude);
      double extrapolation = a.getFloat("extrapolation_value", 0f);
      cfg = new Config(mode, transform, nearest, cubicA, exclude == 1, extrapolation);
    }
    boolean v10 = opset < 11;
    return in -> {
      Tensor x = in[0];
      Tensor roiT = v10 || in.length < 2 ? null : in[1];
      Tensor scalesT = v10 ? in[1] : in.length > 2 ? in[2] : null;
      Tensor sizesT = !v10 && in.length > 3 ? in[3] : null;
      double[] scales = scalesT == null || scalesT.size() == 0 ? null : scalesT.toDoubleArray();
      long[] sizes =
          sizesT == null || sizesT.size() == 0 ? null : OpUtil.longs(sizesT, "Resize: sizes");
      double[] roi =
          cfg.transform().equals("tf_crop_and_resize") && roiT != null && roiT.size() > 0
              ? roiT.toDoubleArray()
              : null;
      return new Tensor[] {apply("Resize", x, scales, sizes, roi, cfg)};
    };
  }

  static OpKernel upsample(NodeSpec node) {
    int opset = node.opset();
    Attributes a = node.attributes();
    OpUtil.require(opset >= 7, "opset " + opset + " (height_scale/width_scale) is not supported");
    Mode mode = mode(a.getString("mode", "nearest"), false);
    Config cfg = new Config(mode, "asymmetric", "floor", 0, false, 0);
    if (opset < 9) {
      node.requireInputs(1, 1);
      float[] s = a.getFloats("scales", null);
      OpUtil.require(s != null, "required attribute 'scales' is missing");
      double[] scales = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        scales[i] = s[i];
      }
      return in -> new Tensor[] {apply("Upsample", in[0], scales, null, null, cfg)};
    }
    node.requireInputs(2, 2);
    return in -> new Tensor[] {apply("Upsample", in[0], in[1].toDoubleArray(), null, null, cfg)};
  }

  private static Mode mode(String m, boolean cubic) {
    return switch (m) {
      case "nearest" -> Mode.NEAREST;
      case "linear" -> Mode.LINEAR;
      case "cubic" -> {
        OpUtil.require(cubic, "mode 'cubic' needs opset 11");
        yield Mode.CUBIC;
      }
      default ->
          throw new dev.nabla.onnx.internal.runtime.UnsupportedNodeException(
              "mode '" + m + "' is not one of nearest, linear" + (cubic ? ", cubic" : ""));
    };
  }

  private static Tensor apply(
      String op, Tensor x, double[] scales, long[] sizes, double[] roi, Config cfg) {
    int rank = x.rank();
    int[] xs = x.shape();
    if ((scales == null) == (sizes == null)) {
      throw new IllegalArgumentException(
          op
              + ": expected exactly one of scales and sizes, got "
              + (scales == null ? "neither" : "both"));
    }
    int given = scales != null ? scales.length : sizes.length;
    if (given != rank) {
      throw new IllegalArgumentException(
          op
              + ": "
              + (scales != null ? "scales" : "sizes")
              + " has "
              + given
              + " values, the input "
              + Arrays.toString(xs)
              + " has rank "
              + rank);
    }
    if (roi != null && roi.length != 2 * rank) {
      throw new IllegalArgumentException(
          op
              + ": roi has "
              + roi.length
              + " values, expected "
              + 2 * rank
              + " (start and end per axis)");
    }
    if (!x.dtype().isFloatingPoint() && cfg.mode() != Mode.NEAREST) {
      throw new IllegalArgumentException(
          op
              + ": "
              + cfg.mode().name().toLowerCase()
              + " mode needs FLOAT32 or FLOAT64, got "
              + x.dtype());
    }
    Tensor y = x;
    Tensor inside = null;
    for (int axis = 0; axis < rank; axis++) {
      int in = xs[axis];
      double start = roi == null ? 0 : roi[axis], end = roi == null ? 1 : roi[axis + rank];
      int out;
      double scale;
      if (scales != null) {
        scale = scales[axis];
        if (!(scale > 0)) {
          throw new IllegalArgumentException(
              op + ": scales must be > 0, got " + Arrays.toString(scales));
        }
        out = (int) Math.floor(in * (end - start) * scale);
      } else {
        if (sizes[axis] < 0 || sizes[axis] > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              op + ": sizes " + Arrays.toString(sizes) + " out of range");
        }
        out = (int) sizes[axis];
        scale = in == 0 ? 1 : (double) out / in;
      }
      if (out == in
          && scale == 1
          && roi == null
          && !cfg.transform().equals("tf_half_pixel_for_nn")) {
        continue; // every transformation maps each index to itself
      }
      if (in == 0 || out == 0) {
        int[] s = y.shape();
        s[axis] = out;
        y = Tensor.zeros(y.dtype(), s);
        continue;
      }
      Taps taps = taps(in, out, scale, start, end, cfg);
      y = taps.apply(y, axis, rank);
      if (taps.inside != null) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[axis] = out;
        Tensor m = Tensor.of(taps.inside, shape).to(x.dtype());
        inside = inside == null ? m : inside.mul(m);
      }
    }
    if (inside != null && cfg.extrapolation() != 0) {
      y = y.add(inside.neg().add(1).mul(cfg.extrapolation()));
    }
    return y;
  }

  /** One axis's positions and weights: {@code idx[t][o]}, {@code w[t][o]} (null: all 1). */
  private record Taps(int[][] idx, double[][] w, double[] inside) {
    Tensor apply(Tensor y, int axis, int rank) {
      int out = idx[0].length;
      int[] shape = new int[rank];
      Arrays.fill(shape, 1);
      shape[axis] = out;
      Tensor r = null;
      for (int t = 0; t < idx.length; t++) {
        Tensor v = y.indexSelect(axis, Tensor.of(idx[t], out));
        if (w != null) {
          v = v.mul(Tensor.of(w[t], shape).to(y.dtype()));
        }
        r = r == null ? v : r.add(v);
      }
      return r;
    }
  }

  private static Taps taps(int in, int out, double scale, double start, double end, Config cfg) {
    boolean crop = cfg.transform().equals("tf_crop_and_resize");
    double[] inside = crop ? new double[out] : null;
    int n =
        switch (cfg.mode()) {
          case NEAREST -> 1;
          case LINEAR -> 2;
          case CUBIC -> 4;
        };
    int[][] idx = new int[n][out];
    double[][] w = cfg.mode() == Mode.NEAREST ? null : new double[n][out];
    // ONNX's reference measures the resized length as in · scale, unrounded, when scales are given
    double resized = in * scale;
    for (int o = 0; o < out; o++) {
      double xo =
          switch (cfg.transform()) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> resized > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> resized == 1 ? 0 : o * (in - 1.0) / (resized - 1);
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            case "tf_crop_and_resize" ->
                resized > 1
                    ? start * (in - 1) + o * (end - start) * (in - 1) / (resized - 1)
                    : 0.5 * (start + end) * (in - 1);
            default -> o / scale; // asymmetric
          };
      boolean outside = crop && (xo < 0 || xo > in - 1);
      if (crop) {
        inside[o] = outside ? 0 : 1;
      }
      if (cfg.mode() == Mode.NEAREST) {
        double r =
            switch (cfg.nearest()) {
              case "round_prefer_ceil" -> Math.floor(xo + 0.5);
              case "floor" -> Math.floor(xo);
              case "simple" -> scale < 1 ? Math.ceil(xo) : Math.floor(xo);
              case "ceil" -> Math.ceil(xo);
              default -> Math.ceil(xo - 0.5); // round_prefer_floor
            };
        idx[0][o] = clamp((long) r, in);
        continue;
      }
      // the neighbours around xo: base, base+1 (linear) or base-1 .. base+2 (cubic), with
      // ratio in (0, 1], as ONNX's reference picks them
      double base = Math.ceil(xo) - 1, ratio = xo - base;
      double[] c =
          cfg.mode() == Mode.LINEAR ? new double[] {1 - ratio, ratio} : cubic(ratio, cfg.cubicA());
      int first = (int) base - (cfg.mode() == Mode.LINEAR ? 0 : 1);
      double sum = 0;
      for (int t = 0; t < n; t++) {
        long pos = (long) first + t;
        if (cfg.excludeOutside() && (pos < 0 || pos >= in)) {
          c[t] = 0;
        }
        sum += c[t];
      }
      for (int t = 0; t < n; t++) {
        idx[t][o] = clamp(first + t, in);
        w[t][o] = outside ? 0 : cfg.excludeOutside() ? c[t] / sum : c[t];
      }
    }
    if (crop && cfg.mode() == Mode.NEAREST) {
      // zero the extrapolated positions through a weight
      w = new double[][] {inside.clone()};
    }
    return new Taps(idx, w, inside);
  }

  private static int clamp(long i, int len) {
    return (int) Math.max(0, Math.min(len - 1, i));
  }

  /** Keys' cubic convolution weights of the four neighbours at {@code ratio} in (0, 1]. */
  private static double[] cubic(double r, double a) {
    double s = 1 - r;
    return new double[] {
      ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
      ((a + 2) * r - (a + 3)) * r * r + 1,
      ((a + 2) * s - (a + 3)) * s * s + 1,
      ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a
    };
  }
}
