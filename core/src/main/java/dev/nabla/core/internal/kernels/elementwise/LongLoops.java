// GENERATED from FloatLoops.java by TwinGenerator (FLOAT32 -> INT64 by type substitution).
// Do not edit: edit FloatLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;

/**
 * The INT64 loops of {@link PlainElementwiseKernels}: one plain loop per kind, chosen by a switch
 * outside it. Transcendental functions are computed by {@link Math}, in double precision. The
 * generated INT32 twin has only the kinds that make sense on integers; its arithmetic wraps on
 * overflow, as Java's and NumPy's int32 arithmetic do.
 */
public final class LongLoops {
  private LongLoops() {}

  /**
   * {@code out = a op b} with broadcasting: the same-size, tensor-scalar and scalar-tensor fast
   * paths, else {@link BroadcastRows} runs one of the three loops per output row.
   */
  public static void binary(
      Binary op, long[] a, int[] aShape, long[] b, int[] bShape, long[] out, int[] outShape) {
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
  static void vv(Binary op, long[] a, int ao, long[] b, int bo, long[] o, int oo, int n) {
    switch (op) {
      case DIV, POW -> throw unsupported(op);
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
  static void vs(Binary op, long[] a, int ao, long b, long[] o, int oo, int n) {
    switch (op) {
      case DIV, POW -> throw unsupported(op);
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
  static void sv(Binary op, long a, long[] b, int bo, long[] o, int oo, int n) {
    switch (op) {
      case DIV, POW -> throw unsupported(op);
      // Commutative, NaN included: Math.max/min return NaN if either operand is NaN.
      case ADD, MUL, MAX, MIN -> vs(op, b, bo, a, o, oo, n);
      case SUB -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a - b[bo + i];
        }
      }
    }
  }

  /** {@code o[i] = op(x[i])} for {@code off <= i < off + len}. */
  public static void unary(Unary op, long[] x, long[] o, int off, int len) {
    int end = off + len;
    switch (op) {
      case EXP, LOG, SQRT, TANH, SIGMOID -> throw unsupported(op);
      case NEG -> {
        for (int i = off; i < end; i++) {
          o[i] = -x[i];
        }
      }
      case ABS -> {
        for (int i = off; i < end; i++) {
          o[i] = Math.abs(x[i]);
        }
      }
      case RELU -> {
        // Math.max keeps NaN (x > 0 ? x : 0 would turn it into 0) and maps -0.0 to 0.0.
        for (int i = off; i < end; i++) {
          o[i] = Math.max(x[i], 0);
        }
      }
    }
  }

  // The ops reject these kinds before calling a kernel; reaching here is a bug in an op.
  private static IllegalStateException unsupported(Enum<?> op) {
    return new IllegalStateException(op + " has no INT64 kernel");
  }
}
