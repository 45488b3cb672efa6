package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import java.util.Arrays;

/**
 * MaxPool, AveragePool, LpPool and the global pools over 1 to 3 spatial axes. A window nabla's
 * maxPool2d / avgPool2d computes (2-d, square, equal strides, the same padding everywhere, at most
 * half the kernel, floor mode, no dilation) runs there; any other is composed, differentiably, from
 * the strided views of the padded input that each kernel position reads, combined by maximum or
 * sum. An average's divisor (the window's cells in the input, or in the input and its explicit pads
 * with count_include_pad) is a product of per-axis counts.
 */
final class PoolOps {
  private PoolOps() {}

  private enum Kind {
    MAX,
    AVG,
    LP
  }

  static OpKernel maxPool(NodeSpec node) {
    node.requireInputs(1, 1);
    int opset = node.opset();
    Attributes a = node.attributes();
    Spatial sp = Spatial.read("MaxPool", a, true, opset >= 10, opset >= 10);
    long order = opset >= 8 ? a.getInt("storage_order", 0) : 0;
    OpUtil.require(order == 0 || order == 1, "storage_order must be 0 or 1, got " + order);
    boolean indices = node.hasOutput(1);
    boolean columnMajor = order == 1;
    return in -> {
      Tensor x = in[0];
      Spatial.Window w = sp.resolve(x.shape(), null);
      Tensor y = pool("MaxPool", x, w, Kind.MAX, false, 0);
      return new Tensor[] {y, indices ? argmax(x, w, columnMajor) : null};
    };
  }

  static OpKernel averagePool(NodeSpec node) {
    node.requireInputs(1, 1);
    int opset = node.opset();
    Attributes a = node.attributes();
    Spatial sp = Spatial.read("AveragePool", a, true, false, opset >= 10);
    long include = opset >= 7 ? a.getInt("count_include_pad", 0) : 0;
    OpUtil.require(
        include == 0 || include == 1, "count_include_pad must be 0 or 1, got " + include);
    boolean countPads = include == 1;
    return in -> {
      Tensor x = in[0];
      return new Tensor[] {
        pool("AveragePool", x, sp.resolve(x.shape(), null), Kind.AVG, countPads, 0)
      };
    };
  }

  static OpKernel lpPool(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    Spatial sp = Spatial.read("LpPool", a, true, false, false);
    double p = node.opset() < 2 ? a.getFloat("p", 2f) : a.getInt("p", 2);
    OpUtil.require(p >= 1, "p must be >= 1, got " + p);
    return in -> {
      Tensor x = in[0];
      return new Tensor[] {pool("LpPool", x, sp.resolve(x.shape(), null), Kind.LP, false, p)};
    };
  }

  /** GlobalAveragePool, GlobalMaxPool, GlobalLpPool: over every spatial axis, kept as size 1. */
  static OpKernel global(NodeSpec node, String op) {
    node.requireInputs(1, 1);
    double p;
    if (op.equals("GlobalLpPool")) {
      Attributes a = node.attributes();
      p = node.opset() < 2 ? a.getFloat("p", 2f) : a.getInt("p", 2);
      OpUtil.require(p >= 1, "p must be >= 1, got " + p);
    } else {
      p = 0;
    }
    return in -> {
      Tensor x = in[0];
      if (x.rank() < 3) {
        throw new IllegalArgumentException(
            op + ": expected input [N, C, spatial...], got " + Arrays.toString(x.shape()));
      }
      int[] axes = new int[x.rank() - 2];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i + 2;
      }
      Tensor y =
          switch (op) {
            case "GlobalMaxPool" -> x.max(axes, true);
            case "GlobalAveragePool" -> x.mean(axes, true);
            default -> x.abs().pow(p).sum(axes, true).pow(1 / p);
          };
      return new Tensor[] {y};
    };
  }

  private static Tensor pool(
      String op, Tensor x, Spatial.Window w, Kind kind, boolean countPads, double p) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a FLOAT32 or FLOAT64 input, got " + x.dtype());
    }
    Tensor fast = corePool(x, w, kind, countPads);
    if (fast != null) {
      return fast;
    }
    int n = w.axes();
    double fill = kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0;
    Tensor src = kind == Kind.LP ? x.abs().pow(p) : x;
    int[] xs = x.shape();
    for (int i = 0; i < n; i++) {
      // ceil mode's last windows may reach past the end padding: pad that far too
      int need = (w.out()[i] - 1) * w.stride()[i] + w.extent(i);
      int extra = Math.max(0, need - (xs[i + 2] + w.padBegin()[i] + w.padEnd()[i]));
      src = Spatial.pad(src, i + 2, w.padBegin()[i], w.padEnd()[i] + extra, fill);
    }
    Tensor y = null;
    for (Tensor t : Spatial.taps(src, w)) {
      y = y == null ? t : kind == Kind.MAX ? y.maximum(t) : y.add(t);
    }
    return switch (kind) {
      case MAX -> y;
      case LP -> y.pow(1 / p);
      case AVG -> y.div(divisor(xs, w, countPads, x.dtype()));
    };
  }

  /** nabla's own 2-d pooling, when the window is one it computes; else null. */
  private static Tensor corePool(Tensor x, Spatial.Window w, Kind kind, boolean countPads) {
    if (w.axes() != 2 || kind == Kind.LP) {
      return null;
    }
    int k = w.kernel()[0], s = w.stride()[0], pad = w.padBegin()[0];
    boolean square =
        w.kernel()[1] == k
            && w.stride()[1] == s
            && w.padBegin()[1] == pad
            && w.padEnd()[0] == pad
            && w.padEnd()[1] == pad
            && w.dilation()[0] == 1
            && w.dilation()[1] == 1
            && pad <= k / 2
            && (kind == Kind.MAX || countPads || pad == 0);
    if (!square) {
      return null;
    }
    int[] xs = x.shape();
    for (int i = 0; i < 2; i++) {
      if (w.out()[i] != (xs[i + 2] + 2 * pad - k) / s + 1) {
        return null; // ceil mode added a window
      }
    }
    return kind == Kind.MAX ? x.maxPool2d(k, s, pad) : x.avgPool2d(k, s, pad);
  }

  /**
   * The number of cells each window averages, [out...] broadcast over N and C: per axis, the
   * window's taps inside the input (and inside the explicit pads with {@code countPads}).
   */
  private static Tensor divisor(int[] xs, Spatial.Window w, boolean countPads, DType dtype) {
    int n = w.axes();
    double[] counts = {1};
    for (int i = 0; i < n; i++) {
      int in = xs[i + 2], lo = countPads ? -w.padBegin()[i] : 0;
      int hi = countPads ? in + w.padEnd()[i] : in;
      double[] axis = new double[w.out()[i]];
      for (int o = 0; o < axis.length; o++) {
        int start = o * w.stride()[i] - w.padBegin()[i];
        for (int t = 0; t < w.kernel()[i]; t++) {
          int pos = start + t * w.dilation()[i];
          if (pos >= lo && pos < hi) {
            axis[o]++;
          }
        }
      }
      double[] next = new double[counts.length * axis.length];
      for (int a = 0; a < counts.length; a++) {
        for (int b = 0; b < axis.length; b++) {
          next[a * axis.length + b] = counts[a] * axis[b];
        }
      }
      counts = next;
    }
    int[] shape = new int[n + 2];
    shape[0] = 1;
    shape[1] = 1;
    System.arraycopy(w.out(), 0, shape, 2, n);
    return Tensor.of(counts, shape).to(dtype);
  }

  /**
   * MaxPool's Indices: for each output, the flat index into the input (row-major over N, C and the
   * spatial axes, or column-major over the spatial axes) of its window's first maximum.
   */
  private static Tensor argmax(Tensor x, Spatial.Window w, boolean columnMajor) {
    int[] xs = x.shape();
    int n = w.axes();
    double[] v = x.toDoubleArray();
    int planes = xs[0] * xs[1], plane = 1, outPlane = 1;
    int[] in = Arrays.copyOfRange(xs, 2, xs.length), rowStride = new int[n], colStride = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      rowStride[i] = plane;
      plane *= in[i];
      outPlane *= w.out()[i];
    }
    for (int i = 0, c = 1; i < n; i++) {
      colStride[i] = c;
      c *= in[i];
    }
    long[] idx = new long[planes * outPlane];
    int[] o = new int[n], t = new int[n];
    for (int pl = 0; pl < planes; pl++) {
      for (int j = 0; j < outPlane; j++) {
        for (int i = n - 1, r = j; i >= 0; i--) {
          o[i] = r % w.out()[i];
          r /= w.out()[i];
        }
        double best = Double.NEGATIVE_INFINITY;
        long bestIdx = -1;
        Arrays.fill(t, 0);
        boolean more = true;
        while (more) {
          int off = 0, col = 0;
          boolean inside = true;
          for (int i = 0; i < n; i++) {
            int pos = o[i] * w.stride()[i] - w.padBegin()[i] + t[i] * w.dilation()[i];
            if (pos < 0 || pos >= in[i]) {
              inside = false;
              break;
            }
            off += pos * rowStride[i];
            col += pos * colStride[i];
          }
          if (inside) {
            double val = v[pl * plane + off];
            if (bestIdx < 0 || val > best) {
              best = val;
              bestIdx = (long) pl * plane + (columnMajor ? col : off);
            }
          }
          more = false;
          for (int i = n - 1; i >= 0; i--) {
            if (++t[i] < w.kernel()[i]) {
              more = true;
              break;
            }
            t[i] = 0;
          }
        }
        idx[pl * outPlane + j] = Math.max(bestIdx, 0);
      }
    }
    int[] shape = xs.clone();
    System.arraycopy(w.out(), 0, shape, 2, n);
    return Tensor.of(idx, shape);
  }
}
