package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise computations done directly on Java arrays, for the ONNX ops that are not
 * differentiable (Floor, Sign, Mod, IsNaN, integer Div and Pow) or that core has no kernel for in a
 * dtype. Their results never enter a graph.
 */
final class Direct {
  private Direct() {}

  /** NumPy's broadcast shape of {@code shapes}; shapes that do not broadcast throw naming op. */
  static int[] broadcast(String op, int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int o = rank - s.length + i;
        if (s[i] != 1) {
          if (out[o] != 1 && out[o] != s[i]) {
            StringBuilder b = new StringBuilder();
            for (int[] t : shapes) {
              b.append(b.isEmpty() ? "" : ", ").append(Arrays.toString(t));
            }
            throw new IllegalArgumentException(op + ": shapes " + b + " do not broadcast together");
          }
          out[o] = s[i];
        }
      }
    }
    return out;
  }

  /** {@code t} broadcast to {@code shape}, outside any graph. */
  private static Tensor to(Tensor t, int[] shape) {
    Tensor d = t.detach();
    return Arrays.equals(d.shape(), shape) ? d : d.broadcastTo(shape);
  }

  static double[] doubles(Tensor t, int[] shape) {
    return to(t, shape).toDoubleArray();
  }

  static long[] longs(Tensor t, int[] shape) {
    return to(t, shape).toLongArray();
  }

  /** A tensor of {@code dtype} (a float type, or an integer one: values truncated) from doubles. */
  static Tensor fromDoubles(DType dtype, double[] v, int[] shape) {
    return switch (dtype) {
      case FLOAT64 -> Tensor.of(v, shape);
      case FLOAT32 -> {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          f[i] = (float) v[i];
        }
        yield Tensor.of(f, shape);
      }
      default -> Tensor.of(v, shape).to(dtype);
    };
  }

  /** A tensor of the integer {@code dtype} from longs (INT32 keeps the low 32 bits). */
  static Tensor fromLongs(DType dtype, long[] v, int[] shape) {
    if (dtype == DType.INT64) {
      return Tensor.of(v, shape);
    }
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (int) v[i];
    }
    return Tensor.of(r, shape);
  }

  /** {@code f(x)} for a FLOAT32 or FLOAT64 {@code x}, in its dtype (computed in double). */
  static Tensor map(String op, Tensor x, DoubleUnaryOperator f) {
    requireFloat(op, x);
    double[] v = x.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return fromDoubles(x.dtype(), v, x.shape());
  }

  /** {@code f(x)} for an INT32 or INT64 {@code x}, in its dtype. */
  static Tensor mapLong(String op, Tensor x, LongUnaryOperator f) {
    requireInteger(op, x);
    long[] v = x.toLongArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsLong(v[i]);
    }
    return fromLongs(x.dtype(), v, x.shape());
  }

  /** BOOL: where {@code p} holds for the FLOAT32 or FLOAT64 {@code x}. */
  static Tensor test(String op, Tensor x, DoublePredicate p) {
    requireFloat(op, x);
    double[] v = x.toDoubleArray();
    boolean[] r = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = p.test(v[i]);
    }
    return Tensor.of(r, x.shape());
  }

  /** {@code f(a, b)} of two float tensors, broadcasting, in {@code a}'s dtype. */
  static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    requireFloat(op, a);
    int[] shape = broadcast(op, a.shape(), b.shape());
    double[] x = doubles(a, shape), y = doubles(b, shape);
    for (int i = 0; i < x.length; i++) {
      x[i] = f.applyAsDouble(x[i], y[i]);
    }
    return fromDoubles(a.dtype(), x, shape);
  }

  /** {@code f(a, b)} of two integer tensors, broadcasting, in {@code a}'s dtype. */
  static Tensor zipLong(String op, Tensor a, Tensor b, LongBinaryOperator f) {
    requireInteger(op, a);
    requireSameDType(op, a, b);
    int[] shape = broadcast(op, a.shape(), b.shape());
    long[] x = longs(a, shape), y = longs(b, shape);
    for (int i = 0; i < x.length; i++) {
      x[i] = f.applyAsLong(x[i], y[i]);
    }
    return fromLongs(a.dtype(), x, shape);
  }

  static void requireFloat(String op, Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a float or double tensor, got " + x.dtype());
    }
  }

  static void requireInteger(String op, Tensor x) {
    if (x.dtype() != DType.INT32 && x.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op + ": expected an int32 or int64 tensor, got " + x.dtype());
    }
  }

  static void requireSameDType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          op + ": inputs must have one dtype, got " + a.dtype() + " and " + b.dtype());
    }
  }
}
