package dev.nabla.core.internal;

import dev.nabla.core.Tensor;

/** Finds the first NaN or infinity in a tensor's storage: the scan of anomaly detection. */
public final class NonFinite {
  private NonFinite() {}

  /** The flat index of the first NaN or infinite element, or -1 (always -1 for INT32). */
  public static int first(Tensor t) {
    switch (t.dtype()) {
      case FLOAT32 -> {
        float[] a = TensorAccess.floats(t);
        for (int i = 0; i < a.length; i++) {
          if (!Float.isFinite(a[i])) {
            return i;
          }
        }
        return -1;
      }
      case FLOAT64 -> {
        double[] a = TensorAccess.doubles(t);
        for (int i = 0; i < a.length; i++) {
          if (!Double.isFinite(a[i])) {
            return i;
          }
        }
        return -1;
      }
      default -> {
        return -1;
      }
    }
  }

  /** {@code "NaN"}, {@code "Inf"} or {@code "-Inf"}: what element {@code i} holds. */
  public static String describe(Tensor t, int i) {
    double v =
        switch (t.dtype()) {
          case FLOAT32 -> TensorAccess.floats(t)[i];
          case FLOAT64 -> TensorAccess.doubles(t)[i];
          case INT32 -> TensorAccess.ints(t)[i];
          case INT64 -> TensorAccess.longs(t)[i];
          case BOOL -> TensorAccess.bools(t)[i] ? 1 : 0;
        };
    return Double.isNaN(v) ? "NaN" : v > 0 ? "Inf" : v < 0 ? "-Inf" : Double.toString(v);
  }
}
