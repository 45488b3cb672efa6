package dev.nabla.core.internal;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: validation, strides, broadcasting, axis normalisation. */
public final class Shapes {
  private Shapes() {}

  /** Validates a shape (no negative sizes, element count fits an int) and returns a copy. */
  public static int[] checked(String op, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": shape must not be null");
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            op + ": negative size " + d + " in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            op + ": shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return shape.clone();
  }

  /** Number of elements of a shape (1 for a 0-d shape). */
  public static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Row-major contiguous strides, in elements. */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /**
   * The NumPy broadcast of two shapes: right-aligned, each pair of dimensions equal or one of them 1.
   *
   * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
   */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da == db || db == 1) {
        out[i] = da;
      } else if (da == 1) {
        out[i] = db;
      } else {
        throw new IllegalArgumentException(
            op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                + " cannot be broadcast: dimension " + (i - n) + " is " + da + " and " + db);
      }
    }
    return out;
  }

  /** Whether {@code from} broadcasts to exactly {@code to} (as {@code numpy.broadcast_to}). */
  public static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Strides for reading a tensor of shape {@code from} as if it had the broadcast shape {@code to}:
   * 0 on broadcast dimensions.
   */
  public static int[] broadcastStrides(int[] from, int[] to) {
    int[] src = strides(from);
    int[] s = new int[to.length];
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      s[i + off] = from[i] == 1 && to[i + off] != 1 ? 0 : src[i];
    }
    return s;
  }

  /** Normalises a possibly negative axis against a rank, or throws naming the op. */
  public static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of range for a tensor of rank " + rank
              + " (expected " + (rank == 0 ? "no axis" : "-" + rank + " to " + (rank - 1)) + ")");
    }
    return a;
  }

  /** Normalises a list of axes (sorted, no duplicates), or throws naming the op. */
  public static int[] axes(String op, int[] axes, int rank) {
    boolean[] seen = new boolean[rank];
    for (int ax : axes) {
      int a = axis(op, ax, rank);
      if (seen[a]) {
        throw new IllegalArgumentException(
            op + ": axis " + ax + " is repeated in " + Arrays.toString(axes));
      }
      seen[a] = true;
    }
    int[] out = new int[axes.length];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** The shape as NumPy prints it: {@code [2, 3]}. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
