package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.Kernels;

/**
 * The select loop behind {@code where} and {@code maskedFill}, one per array type: {@code out[i] =
 * cond[i] ? a[i] : b[i]} over arrays of one length (the op broadcasts first).
 */
public final class SelectLoops {
  private SelectLoops() {}

  /** {@code out[i] = cond[i] ? a[i] : b[i]} for {@code i} in {@code [off, off + len)}. */
  public static void select(boolean[] cond, Object a, Object b, Object out, int off, int len) {
    int end = off + len;
    switch (a) {
      case float[] x -> {
        float[] y = (float[]) b, o = (float[]) out;
        for (int i = off; i < end; i++) {
          o[i] = cond[i] ? x[i] : y[i];
        }
      }
      case double[] x -> {
        double[] y = (double[]) b, o = (double[]) out;
        for (int i = off; i < end; i++) {
          o[i] = cond[i] ? x[i] : y[i];
        }
      }
      case int[] x -> {
        int[] y = (int[]) b, o = (int[]) out;
        for (int i = off; i < end; i++) {
          o[i] = cond[i] ? x[i] : y[i];
        }
      }
      case long[] x -> {
        long[] y = (long[]) b, o = (long[]) out;
        for (int i = off; i < end; i++) {
          o[i] = cond[i] ? x[i] : y[i];
        }
      }
      case boolean[] x -> {
        boolean[] y = (boolean[]) b, o = (boolean[]) out;
        for (int i = off; i < end; i++) {
          o[i] = cond[i] ? x[i] : y[i];
        }
      }
      default ->
          throw Kernels.unsupported(
              "select", "a float[], double[], int[], long[] or boolean[] array", a);
    }
  }
}
