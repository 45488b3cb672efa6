package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;

/**
 * The comparison loops of {@link PlainElementwiseKernels}, writing INT32 1 where the comparison
 * holds and 0 elsewhere. A scalar on the left is handled by the vector-scalar loop with the
 * {@linkplain Comparison#swapped() swapped} comparison.
 */
final class CompareLoops {
  private CompareLoops() {}

  /** {@code o[oo + i] = (a[ao + i] op b[bo + i]) ? 1 : 0} for {@code i < n}. */
  static void vv(Comparison op, float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b[bo + i] ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b[bo + i] ? 1 : 0;
        }
      }
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op b) ? 1 : 0} for {@code i < n}. */
  static void vs(Comparison op, float[] a, int ao, float b, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b ? 1 : 0;
        }
      }
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op b[bo + i]) ? 1 : 0} for {@code i < n}. */
  static void vv(Comparison op, double[] a, int ao, double[] b, int bo, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b[bo + i] ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b[bo + i] ? 1 : 0;
        }
      }
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op b) ? 1 : 0} for {@code i < n}. */
  static void vs(Comparison op, double[] a, int ao, double b, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b ? 1 : 0;
        }
      }
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op b[bo + i]) ? 1 : 0} for {@code i < n}. */
  static void vv(Comparison op, int[] a, int ao, int[] b, int bo, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b[bo + i] ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b[bo + i] ? 1 : 0;
        }
      }
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op b) ? 1 : 0} for {@code i < n}. */
  static void vs(Comparison op, int[] a, int ao, int b, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] == b ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] > b ? 1 : 0;
        }
      }
      case GE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= b ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] < b ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] <= b ? 1 : 0;
        }
      }
    }
  }
}
