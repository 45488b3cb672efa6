package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.Kernels;

/**
 * The dtype conversions of {@code PlainElementwiseKernels.cast}, one loop per pair of {@code
 * float[]}, {@code double[]}, {@code int[]}, {@code long[]} and {@code boolean[]}, with PyTorch's
 * rules: widening exactly, narrowing to the nearest float, a float type to an integer type by
 * truncation toward zero (Java's casts: NaN becomes 0, values beyond the range saturate), INT64 to
 * INT32 by keeping the low 32 bits (wrapping, as {@code torch} does), anything to BOOL as {@code x
 * != 0} (NaN is true) and BOOL to a number as 1 or 0.
 */
public final class CastLoops {
  private CastLoops() {}

  /** Converts {@code src[off, off + len)} into {@code dst}, an array of another type. */
  public static void cast(Object src, Object dst, int off, int len) {
    int end = off + len;
    switch (src) {
      case float[] s when dst instanceof double[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case float[] s when dst instanceof int[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (int) s[i];
        }
      }
      case float[] s when dst instanceof long[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (long) s[i];
        }
      }
      case float[] s when dst instanceof boolean[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] != 0;
        }
      }
      case double[] s when dst instanceof float[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (float) s[i];
        }
      }
      case double[] s when dst instanceof int[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (int) s[i];
        }
      }
      case double[] s when dst instanceof long[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (long) s[i];
        }
      }
      case double[] s when dst instanceof boolean[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] != 0;
        }
      }
      case int[] s when dst instanceof float[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case int[] s when dst instanceof double[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case int[] s when dst instanceof long[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case int[] s when dst instanceof boolean[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] != 0;
        }
      }
      case long[] s when dst instanceof float[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case long[] s when dst instanceof double[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i];
        }
      }
      case long[] s when dst instanceof int[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = (int) s[i];
        }
      }
      case long[] s when dst instanceof boolean[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] != 0;
        }
      }
      case boolean[] s when dst instanceof float[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] ? 1f : 0f;
        }
      }
      case boolean[] s when dst instanceof double[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] ? 1.0 : 0.0;
        }
      }
      case boolean[] s when dst instanceof int[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] ? 1 : 0;
        }
      }
      case boolean[] s when dst instanceof long[] d -> {
        for (int i = off; i < end; i++) {
          d[i] = s[i] ? 1L : 0L;
        }
      }
      default ->
          throw Kernels.unsupported(
              "cast",
              "two different ones of float[], double[], int[], long[] and boolean[]",
              src,
              dst);
    }
  }
}
