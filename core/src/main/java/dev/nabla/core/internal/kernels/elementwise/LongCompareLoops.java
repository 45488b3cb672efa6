// GENERATED from FloatCompareLoops.java by TwinGenerator (FLOAT32 -> INT64 by type substitution).
// Do not edit: edit FloatCompareLoops.java and run
// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java
package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;

/**
 * The INT64 comparison loops of {@link PlainElementwiseKernels}, writing BOOL true where the
 * comparison holds and false elsewhere. A scalar on the left is handled by the vector-scalar loop
 * with the {@linkplain Comparison#swapped() swapped} comparison.
 */
public final class LongCompareLoops {
  private LongCompareLoops() {}

  /**
   * {@code out = a op b} with broadcasting, as {@code binary} does it; a scalar on the left runs
   * the vector-scalar loop with the {@linkplain Comparison#swapped() swapped} comparison.
   */
  public static void compare(
      Comparison op,
      long[] a,
      int[] aShape,
      long[] b,
      int[] bShape,
      boolean[] out,
      int[] outShape) {
    Comparison sw = op.swapped();
    BroadcastRows.dispatch(
        out.length,
        a.length,
        aShape,
        b.length,
        bShape,
        outShape,
        (ao, bo, oo, len) -> vv(op, a, ao, b, bo, out, oo, len),
        (ao, bo, oo, len) -> vs(op, a, ao, b[bo], out, oo, len),
        (ao, bo, oo, len) -> vs(sw, b, bo, a[ao], out, oo, len));
  }

  /** {@code o[oo + i] = a[ao + i] op b[bo + i]} for {@code i < n}. */
  static void vv(Comparison op, long[] a, int ao, long[] b, int bo, boolean[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b[bo + i];
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] != b[bo + i];
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b[bo + i];
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b[bo + i];
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b[bo + i];
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b[bo + i];
        }
      }
    }
  }

  /** {@code o[oo + i] = a[ao + i] op b} for {@code i < n}. */
  static void vs(Comparison op, long[] a, int ao, long b, boolean[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b;
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] != b;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b;
        }
      }
    }
  }
}
