package dev.nabla.core;

/**
 * Deliberately simple reference loops for tests: every element is addressed through its full
 * multi-index, so they share no code or shortcut with the kernels they check.
 */
final class Naive {
  private Naive() {}

  /** The multi-index of flat position {@code flat} in a row-major array of {@code shape}. */
  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  /** The flat position of multi-index {@code idx} in a row-major array of {@code shape}. */
  static int ravel(int[] idx, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + idx[d];
    }
    return flat;
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code shape} with the listed (non-negative) axes set to 1. */
  static int[] keepDims(int[] shape, int... axes) {
    int[] k = shape.clone();
    for (int a : axes) {
      k[a] = 1;
    }
    return k;
  }

  /** Sum over the axes, as a flat array laid out like the keepDims shape. */
  static double[] sum(double[] x, int[] shape, int... axes) {
    int[] kept = keepDims(shape, axes);
    double[] out = new double[size(kept)];
    for (int i = 0; i < x.length; i++) {
      int[] idx = unravel(i, shape);
      for (int a : axes) {
        idx[a] = 0;
      }
      out[ravel(idx, kept)] += x[i];
    }
    return out;
  }

  /** Maximum over the axes (NaN wins), as a flat array laid out like the keepDims shape. */
  static double[] max(double[] x, int[] shape, int... axes) {
    int[] kept = keepDims(shape, axes);
    double[] out = new double[size(kept)];
    java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < x.length; i++) {
      int[] idx = unravel(i, shape);
      for (int a : axes) {
        idx[a] = 0;
      }
      int o = ravel(idx, kept);
      if (Double.isNaN(x[i]) || x[i] > out[o]) {
        out[o] = Double.isNaN(out[o]) ? out[o] : x[i];
      }
    }
    return out;
  }

  /** {@code x} with output axis i taken from input axis {@code axes[i]}. */
  static double[] permute(double[] x, int[] shape, int... axes) {
    int[] outShape = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      outShape[i] = shape[axes[i]];
    }
    double[] out = new double[x.length];
    for (int o = 0; o < x.length; o++) {
      int[] oi = unravel(o, outShape);
      int[] ii = new int[shape.length];
      for (int i = 0; i < axes.length; i++) {
        ii[axes[i]] = oi[i];
      }
      out[o] = x[ravel(ii, shape)];
    }
    return out;
  }

  /** A FLOAT64 tensor holding 0, 1, 2, ... in the given shape. */
  static Tensor iota(int... shape) {
    double[] v = new double[size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Tensor.of(v, shape);
  }

  /** The same values as FLOAT32. */
  static Tensor f32(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  /** The values times {@code scale}, rounded to ints: INT32 test data with few ties. */
  static int[] scaledInts(Tensor t, double scale) {
    double[] v = t.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) Math.round(v[i] * scale);
    }
    return out;
  }
}
