package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/** What many ops need: axes normalised against a rank, integer tensors as Java arrays. */
public final class OpUtil {
  private OpUtil() {}

  /**
   * {@code axis} in {@code [-rank, rank)} as an index in {@code [0, rank)}; out of range throws an
   * {@link IllegalArgumentException} naming {@code what}.
   */
  public static int axis(long axis, int rank, String what) {
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException(
          what
              + ": axis "
              + axis
              + " is out of range for rank "
              + rank
              + " (expected ["
              + -rank
              + ", "
              + (rank - 1)
              + "])");
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /** Every axis of {@code axes} normalised; a repeated axis throws. */
  public static int[] axes(long[] axes, int rank, String what) {
    int[] r = new int[axes.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < axes.length; i++) {
      r[i] = axis(axes[i], rank, what);
      if (seen[r[i]]) {
        throw new IllegalArgumentException(
            what + ": axis " + axes[i] + " is repeated in " + Arrays.toString(axes));
      }
      seen[r[i]] = true;
    }
    return r;
  }

  /** An INT64 or INT32 tensor's values (any shape, row-major). */
  public static long[] longs(Tensor t, String what) {
    if (t.dtype() == DType.INT64) {
      return t.toLongArray();
    }
    if (t.dtype() == DType.INT32) {
      return Arrays.stream(t.toIntArray()).asLongStream().toArray();
    }
    throw new IllegalArgumentException(what + " must be int64 or int32, got " + t.dtype());
  }

  /** An integer tensor's values as {@code int}s; a value outside 32 bits throws. */
  public static int[] ints(Tensor t, String what) {
    long[] v = longs(t, what);
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (int) v[i]) {
        throw new IllegalArgumentException(what + ": value " + v[i] + " does not fit in 32 bits");
      }
      r[i] = (int) v[i];
    }
    return r;
  }

  /** A load-time check: {@code ok}, or an {@link UnsupportedNodeException} with {@code message}. */
  public static void require(boolean ok, String message) {
    if (!ok) {
      throw new UnsupportedNodeException(message);
    }
  }
}
