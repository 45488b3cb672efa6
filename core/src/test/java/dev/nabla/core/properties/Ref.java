package dev.nabla.core.properties;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;

/**
 * Reference rules and loops written for the properties, independently of nabla's code: NumPy's
 * broadcasting and matmul shape rules as NumPy documents them, and naive loops that address every
 * element through its multi-index.
 */
final class Ref {
  private Ref() {}

  /**
   * NumPy's broadcasting rule: align the shapes on the right, pad the shorter with 1s; each pair of
   * dimensions must be equal or one of them 1, and the result takes the larger (a 1 paired with a 0
   * gives 0). Returns null when the shapes are incompatible.
   */
  static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 1; i <= rank; i++) {
      int da = i <= a.length ? a[a.length - i] : 1;
      int db = i <= b.length ? b[b.length - i] : 1;
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      out[rank - i] = da == 1 ? db : da;
    }
    return out;
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  static int ravel(int[] idx, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + idx[d];
    }
    return flat;
  }

  /**
   * The flat position in an operand of {@code shape} that output multi-index {@code outIdx} reads.
   */
  static int source(int[] outIdx, int[] shape) {
    int off = outIdx.length - shape.length;
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIdx[d + off]);
    }
    return flat;
  }

  /** {@code f(a, b)} elementwise over the broadcast shape {@code out}. */
  static double[] binary(
      double[] a, int[] as, double[] b, int[] bs, int[] out, DoubleBinaryOperator f) {
    double[] r = new double[size(out)];
    for (int i = 0; i < r.length; i++) {
      int[] idx = unravel(i, out);
      r[i] = f.applyAsDouble(a[source(idx, as)], b[source(idx, bs)]);
    }
    return r;
  }

  /** Random values of {@code shape}, exactly representable in FLOAT32 (so both dtypes agree). */
  static double[] values(SplittableRandom r, int[] shape) {
    double[] v = new double[size(shape)];
    for (int i = 0; i < v.length; i++) {
      // Multiples of 1/8 in [-8, 8): exact in float and double, with ties for max to split.
      v[i] = (r.nextInt(128) - 64) / 8.0;
    }
    return v;
  }

  static Tensor tensor(double[] values, int[] shape, DType dtype) {
    return switch (dtype) {
      case FLOAT64 -> Tensor.of(values, shape);
      case FLOAT32 -> {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) values[i];
        }
        yield Tensor.of(f, shape);
      }
      case INT32, INT64, BOOL ->
          throw new IllegalArgumentException("properties use floating-point tensors");
    };
  }

  /**
   * A random shape of rank in [minRank, maxRank], dimensions in [1, maxDim], some 0 when allowed.
   */
  static int[] shape(SplittableRandom r, int minRank, int maxRank, int maxDim, boolean zeros) {
    int[] s = new int[minRank + r.nextInt(maxRank - minRank + 1)];
    for (int i = 0; i < s.length; i++) {
      s[i] = zeros && r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(maxDim);
    }
    return s;
  }

  /** A uniformly random permutation of 0..n-1. */
  static int[] permutation(SplittableRandom r, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
