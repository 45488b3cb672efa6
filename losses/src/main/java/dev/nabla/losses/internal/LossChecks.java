package dev.nabla.losses.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.losses.Reduction;
import java.util.Arrays;

/**
 * Argument checks shared by the losses. Each failure is an {@link IllegalArgumentException} whose
 * message starts with the loss's name and says what was given and what was expected.
 */
public final class LossChecks {
  private LossChecks() {}

  /** {@code "[32, 10] FLOAT32"}: a tensor's shape and dtype, as the messages show them. */
  public static String describe(Tensor t) {
    return Arrays.toString(t.shape()) + " " + t.dtype();
  }

  /** Rejects a null reduction; returns it. */
  public static Reduction reduction(String loss, Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException(
          loss + ": reduction must not be null (expected MEAN, SUM or NONE)");
    }
    return reduction;
  }

  /** Rejects a null input or target, and an input that is not FLOAT32 or FLOAT64. */
  public static void floatingInput(String loss, Tensor input, Tensor target) {
    if (input == null) {
      throw new IllegalArgumentException(loss + ": input must not be null");
    }
    if (target == null) {
      throw new IllegalArgumentException(loss + ": target must not be null");
    }
    if (!input.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          loss + ": input " + describe(input) + " must be FLOAT32 or FLOAT64");
    }
  }

  /** Requires a target of the input's shape and dtype (the elementwise losses). */
  public static void sameShapeAndDType(String loss, Tensor input, Tensor target) {
    floatingInput(loss, input, target);
    if (target.dtype() != input.dtype() || !Arrays.equals(target.shape(), input.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": target "
              + describe(target)
              + " does not fit input "
              + describe(input)
              + ": expected a "
              + input.dtype()
              + " target of the input's shape "
              + Arrays.toString(input.shape()));
    }
  }

  /**
   * Requires an input of shape {@code [N, C, d1, ...]} with at least one class; {@code what} names
   * its values ("logits", "log-probabilities").
   */
  public static void classInput(String loss, Tensor input, Tensor target, String what) {
    floatingInput(loss, input, target);
    if (input.rank() < 2) {
      throw new IllegalArgumentException(
          loss
              + ": input "
              + describe(input)
              + " has rank "
              + input.rank()
              + ": expected "
              + what
              + " of shape [N, C] or [N, C, d1, ...] with the classes on axis 1"
              + (input.rank() == 1 ? " (for a single sample, pass input.unsqueeze(0))" : ""));
    }
    if (input.dim(1) == 0) {
      throw new IllegalArgumentException(
          loss
              + ": input "
              + describe(input)
              + " has no classes: expected at least one class on axis 1");
    }
  }

  /** The shape of class-index targets for an input {@code [N, C, d1, ...]}: [N, d1, ...]. */
  public static int[] indexShape(int[] inputShape) {
    int[] s = new int[inputShape.length - 1];
    s[0] = inputShape[0];
    System.arraycopy(inputShape, 2, s, 1, inputShape.length - 2);
    return s;
  }

  /** Whether {@code t} can hold class indices: INT32, or INT64 (PyTorch's label dtype). */
  public static boolean isIndex(Tensor t) {
    return t.dtype() == DType.INT32 || t.dtype() == DType.INT64;
  }

  /**
   * Requires every class index of an INT32 or INT64 {@code target} (of the index shape) to be in
   * {@code [0, C)} or equal to {@code ignoreIndex}, and returns the target as INT32 (an INT64 one
   * converted, which the check has made exact), the dtype the loss ops read.
   */
  public static Tensor classIndicesInRange(
      String loss, Tensor input, Tensor target, int ignoreIndex) {
    int classes = input.dim(1);
    boolean longs = target.dtype() == DType.INT64;
    long[] l = longs ? target.longStorage() : null;
    int[] t = longs ? null : target.intStorage();
    int n = target.size();
    for (int i = 0; i < n; i++) {
      long v = longs ? l[i] : t[i];
      if ((v < 0 || v >= classes) && v != ignoreIndex) {
        throw new IllegalArgumentException(
            loss
                + ": target class "
                + v
                + " at position "
                + Arrays.toString(unravel(i, target.shape()))
                + " is out of range for input "
                + describe(input)
                + ": expected a class index 0 to "
                + (classes - 1)
                + " or the ignore index "
                + ignoreIndex);
      }
    }
    return longs ? target.to(DType.INT32) : target;
  }

  /**
   * Requires every value of {@code t} to lie in [0, 1] (NaN does not); {@code role} is "input" or
   * "target", {@code expected} says what such values are.
   */
  public static void inUnitInterval(String loss, String role, Tensor t, String expected) {
    int bad = -1;
    double value = 0;
    if (t.dtype() == DType.FLOAT64) {
      double[] v = t.doubleStorage();
      for (int i = 0; i < v.length && bad < 0; i++) {
        if (!(v[i] >= 0 && v[i] <= 1)) {
          bad = i;
          value = v[i];
        }
      }
    } else {
      float[] v = t.floatStorage();
      for (int i = 0; i < v.length && bad < 0; i++) {
        if (!(v[i] >= 0 && v[i] <= 1)) {
          bad = i;
          value = v[i];
        }
      }
    }
    if (bad >= 0) {
      throw new IllegalArgumentException(
          loss
              + ": "
              + role
              + " value "
              + value
              + " at position "
              + Arrays.toString(unravel(bad, t.shape()))
              + " is outside [0, 1]: expected "
              + expected);
    }
  }

  /** Whether {@code from} broadcasts to {@code to} (NumPy's rules, {@code to} unchanged). */
  public static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    for (int i = 1; i <= from.length; i++) {
      int f = from[from.length - i];
      if (f != 1 && f != to[to.length - i]) {
        return false;
      }
    }
    return true;
  }

  /** The multi-index of row-major position {@code flat} in {@code shape}. */
  static int[] unravel(int flat, int[] shape) {
    int[] pos = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      pos[d] = flat % shape[d];
      flat /= shape[d];
    }
    return pos;
  }
}
