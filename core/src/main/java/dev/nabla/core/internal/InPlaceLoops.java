package dev.nabla.core.internal;

/** The loops behind Tensor's in-place updates, on storage arrays of one type and length. */
public final class InPlaceLoops {
  private InPlaceLoops() {}

  /**
   * {@code dst += alpha * src}; alpha is rounded to the arrays' type first, as the types' own
   * arithmetic would.
   */
  public static void addScaled(Object dst, Object src, double alpha) {
    switch (dst) {
      case float[] d -> {
        float[] o = (float[]) src;
        float a = (float) alpha;
        for (int i = 0; i < d.length; i++) {
          d[i] += a * o[i];
        }
      }
      case double[] d -> {
        double[] o = (double[]) src;
        for (int i = 0; i < d.length; i++) {
          d[i] += alpha * o[i];
        }
      }
      case int[] d -> {
        int[] o = (int[]) src;
        int a = (int) alpha;
        for (int i = 0; i < d.length; i++) {
          d[i] += a * o[i];
        }
      }
      case long[] d -> {
        long[] o = (long[]) src;
        long a = (long) alpha;
        for (int i = 0; i < d.length; i++) {
          d[i] += a * o[i];
        }
      }
      default ->
          throw new IllegalArgumentException(
              "expected a FLOAT32, FLOAT64, INT32 or INT64 tensor, got "
                  + dst.getClass().getSimpleName()
                  + " storage (BOOL has no arithmetic)");
    }
  }

  /** {@code dst *= factor}. */
  public static void scale(Object dst, double factor) {
    switch (dst) {
      case float[] d -> {
        float f = (float) factor;
        for (int i = 0; i < d.length; i++) {
          d[i] *= f;
        }
      }
      case double[] d -> {
        for (int i = 0; i < d.length; i++) {
          d[i] *= factor;
        }
      }
      case int[] d -> {
        int f = (int) factor;
        for (int i = 0; i < d.length; i++) {
          d[i] *= f;
        }
      }
      case long[] d -> {
        long f = (long) factor;
        for (int i = 0; i < d.length; i++) {
          d[i] *= f;
        }
      }
      default ->
          throw new IllegalArgumentException(
              "expected a FLOAT32, FLOAT64, INT32 or INT64 tensor, got "
                  + dst.getClass().getSimpleName()
                  + " storage (BOOL has no arithmetic)");
    }
  }
}
