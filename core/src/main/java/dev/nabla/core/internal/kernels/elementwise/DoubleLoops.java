// GENERATED from FloatLoops.java by TwinGenerator (FLOAT32 -> FLOAT64 by type substitution).
// Do not edit: edit FloatLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;


/**
 * The FLOAT64 loops of {@link PlainElementwiseKernels}: one plain loop per kind, chosen by a switch
 * outside it. Transcendental functions are computed by {@link Math}, in double precision. The
 * generated INT32 twin has only the kinds that make sense on integers; its arithmetic wraps on
 * overflow, as Java's and NumPy's int32 arithmetic do.
 */
public final class DoubleLoops {
  private DoubleLoops() {}

  /**
   * {@code out = a op b} with broadcasting: the same-size, tensor-scalar and scalar-tensor fast
   * paths, else {@link BroadcastRows} runs one of the three loops per output row.
   */
  public static void binary(
      Binary op, double[] a, int[] aShape, double[] b, int[] bShape, double[] out, int[] outShape) {
    BroadcastRows.dispatch(
        out.length,
        a.length,
        aShape,
        b.length,
        bShape,
        outShape,
        (ao, bo, oo, len) -> vv(op, a, ao, b, bo, out, oo, len),
        (ao, bo, oo, len) -> vs(op, a, ao, b[bo], out, oo, len),
        (ao, bo, oo, len) -> sv(op, a[ao], b, bo, out, oo, len));
  }

  /** {@code o[oo + i] = a[ao + i] op b[bo + i]} for {@code i < n}. */
  static void vv(Binary op, double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] + b[bo + i];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] - b[bo + i];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] * b[bo + i];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] / b[bo + i];
        }
      }
      case POW -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.pow(a[ao + i], b[bo + i]);
        }
      }
      case MAX -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.max(a[ao + i], b[bo + i]);
        }
      }
      case MIN -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.min(a[ao + i], b[bo + i]);
        }
      }
    }
  }

  /** {@code o[oo + i] = a[ao + i] op b} for {@code i < n}. */
  static void vs(Binary op, double[] a, int ao, double b, double[] o, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] + b;
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] - b;
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] * b;
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] / b;
        }
      }
      case POW -> {
        if (b == 2) {
          // x.pow(2) is common (squared errors, norms); x * x is the same correctly rounded value.
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] * a[ao + i];
          }
        } else {
          for (int i = 0; i < n; i++) {
            o[oo + i] = Math.pow(a[ao + i], b);
          }
        }
      }
      case MAX -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.max(a[ao + i], b);
        }
      }
      case MIN -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.min(a[ao + i], b);
        }
      }
    }
  }

  /** {@code o[oo + i] = a op b[bo + i]} for {@code i < n}. */
  static void sv(Binary op, double a, double[] b, int bo, double[] o, int oo, int n) {
    switch (op) {
      // Commutative, NaN included: Math.max/min return NaN if either operand is NaN.
      case ADD, MUL, MAX, MIN -> vs(op, b, bo, a, o, oo, n);
      case SUB -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a - b[bo + i];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a / b[bo + i];
        }
      }
      case POW -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.pow(a, b[bo + i]);
        }
      }
    }
  }

  /** {@code o[i] = op(x[i])} for {@code off <= i < off + len}. */
  public static void unary(Unary op, double[] x, double[] o, int off, int len) {
    int end = off + len;
    switch (op) {
      case NEG -> {
        for (int i = off; i < end; i++) {
          o[i] = -x[i];
        }
      }
      case EXP -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.exp(x[i]);
        }
      }
      case LOG -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.log(x[i]);
        }
      }
      case SQRT -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.sqrt(x[i]);
        }
      }
      case ABS -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.abs(x[i]);
        }
      }
      case TANH -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.tanh(x[i]);
        }
      }
      case SIGMOID -> {
        // Stable at both ends: e^-x overflows to infinity for very negative x, giving 0, not NaN.
        for (int i = off; i < end; i++) {
          o[i] = (1 / (1 + Math.exp(-x[i])));
        }
      }
      case SIN -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.sin(x[i]);
        }
      }
      case COS -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.cos(x[i]);
        }
      }
      case RELU -> {
        // Math.max keeps NaN (x > 0 ? x : 0 would turn it into 0) and maps -0.0 to 0.0.
        for (int i = off; i < end; i++) {
          o[i] = Math.max(x[i], 0.0);
        }
      }
    }
  }


  /** {@code o[i] = x[i] > 0 ? x[i] : slope * x[i]} for {@code off <= i < off + len}. */
  public static void leakyRelu(double[] x, double slope, double[] o, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      double v = x[i];
      o[i] = v > 0 ? v : slope * v;
    }
  }

  /** {@code o[i] = g[i] * f'} from the saved input or output {@code s}, as {@code op} documents. */
  public static void unaryBackward(
      UnaryGrad op, double[] g, double[] s, double[] o, int off, int len) {
    int end = off + len;
    switch (op) {
      case EXP -> {
        for (int i = off; i < end; i++) {
          o[i] = g[i] * s[i];
        }
      }
      case LOG -> {
        for (int i = off; i < end; i++) {
          o[i] = g[i] / s[i];
        }
      }
      case SQRT -> {
        for (int i = off; i < end; i++) {
          o[i] = 0.5 * g[i] / s[i];
        }
      }
      case ABS -> {
        for (int i = off; i < end; i++) {
          double v = s[i];
          o[i] = v > 0 ? g[i] : v < 0 ? -g[i] : 0.0;
        }
      }
      case TANH -> {
        for (int i = off; i < end; i++) {
          o[i] = g[i] * (1 - s[i] * s[i]);
        }
      }
      case SIGMOID -> {
        for (int i = off; i < end; i++) {
          o[i] = g[i] * s[i] * (1 - s[i]);
        }
      }
      case RELU -> {
        for (int i = off; i < end; i++) {
          o[i] = s[i] > 0 ? g[i] : 0.0;
        }
      }
    }
  }

  /** {@code o[i] = x[i] > 0 ? g[i] : slope * g[i]} for {@code off <= i < off + len}. */
  public static void leakyReluBackward(
      double[] g, double[] x, double slope, double[] o, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      o[i] = x[i] > 0 ? g[i] : slope * g[i];
    }
  }

  /** Routes {@code g} through max (or min) to {@code ga} and {@code gb}; ties split it evenly. */
  public static void extremumBackward(
      boolean max, double[] g, double[] a, double[] b, double[] ga, double[] gb, int off, int len) {
    int end = off + len;
    if (max) {
      for (int i = off; i < end; i++) {
        double x = a[i];
        double y = b[i];
        if (x > y || Double.isNaN(x)) {
          ga[i] = g[i];
          gb[i] = 0.0;
        } else if (x < y || Double.isNaN(y)) {
          ga[i] = 0.0;
          gb[i] = g[i];
        } else {
          ga[i] = 0.5 * g[i];
          gb[i] = 0.5 * g[i];
        }
      }
    } else {
      for (int i = off; i < end; i++) {
        double x = a[i];
        double y = b[i];
        if (x < y || Double.isNaN(x)) {
          ga[i] = g[i];
          gb[i] = 0.0;
        } else if (x > y || Double.isNaN(y)) {
          ga[i] = 0.0;
          gb[i] = g[i];
        } else {
          ga[i] = 0.5 * g[i];
          gb[i] = 0.5 * g[i];
        }
      }
    }
  }
}
