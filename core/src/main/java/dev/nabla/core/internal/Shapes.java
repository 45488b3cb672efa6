package dev.nabla.core.internal;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: validation, strides, broadcasting, axis normalisation. */
public final class Shapes {
  private Shapes() {}

  /** The most elements a tensor can hold: its storage is one Java array. */
  public static final long MAX_ELEMENTS = Integer.MAX_VALUE;

  /**
   * Validates a shape the user gave (no negative sizes, element count fits an int) and returns a
   * copy; {@code op} is the method the user called ({@code "ones"}, not a helper it delegates to).
   */
  public static int[] checked(String op, int[] shape) {
    dims(op, shape);
    long n = count(shape);
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          op
              + ": shape "
              + Arrays.toString(shape)
              + " has "
              + elements(n)
              + ", more than "
              + MAX_ELEMENTS
              + " (2^31-1), the most a tensor can hold");
    }
    return shape.clone();
  }

  /**
   * Validates the sizes of a shape the user gave (not null, none negative) and returns a copy; its
   * element count is checked where the result is made, by {@link #result}, which names the input.
   */
  public static int[] dims(String op, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": shape must not be null");
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            op + ": negative size " + d + " in shape " + Arrays.toString(shape));
      }
    }
    return shape.clone();
  }

  /**
   * Checks the shape an op computed for its result from its inputs' shapes, and returns it: the one
   * place every op's result size is checked, so a result too large for a tensor fails at the call,
   * naming the op and what it was given, instead of wrapping around to a wrong size deep in a
   * kernel.
   */
  public static int[] result(String op, int[] result, int[]... inputs) {
    long n = count(result);
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          op
              + ": the result for "
              + describe(inputs)
              + " would have shape "
              + Arrays.toString(result)
              + ", "
              + elements(n)
              + ", more than "
              + MAX_ELEMENTS
              + " (2^31-1), the most a tensor can hold");
    }
    return result;
  }

  /** "input [2, 3]", "inputs [2, 3] and [3]", or the first few of many. */
  private static String describe(int[][] inputs) {
    if (inputs.length == 1) {
      return "input " + Arrays.toString(inputs[0]);
    }
    StringBuilder sb = new StringBuilder("inputs ");
    int shown = Math.min(inputs.length, 4);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : i == inputs.length - 1 ? " and " : ", ")
          .append(Arrays.toString(inputs[i]));
    }
    if (shown < inputs.length) {
      sb.append(", ... (").append(inputs.length).append(" tensors)");
    }
    return sb.toString();
  }

  private static String elements(long n) {
    return n == Long.MAX_VALUE ? "more than 2^63 elements" : n + " elements";
  }

  /** The element count of a shape, exact, or Long.MAX_VALUE when it does not fit a long. */
  private static long count(int[] shape) {
    for (int d : shape) {
      if (d == 0) {
        return 0;
      }
    }
    long n = 1;
    for (int d : shape) {
      if (n > Long.MAX_VALUE / d) {
        return Long.MAX_VALUE;
      }
      n *= d;
    }
    return n;
  }

  /**
   * Number of elements of a shape (1 for a 0-d shape). Shapes reaching here were checked by {@link
   * #checked} or {@link #result}; one that overflows anyway fails rather than wrap around.
   */
  public static int size(int[] shape) {
    long n = count(shape);
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " has " + elements(n) + ", more than 2^31-1");
    }
    return (int) n;
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
   * The NumPy broadcast of two shapes: right-aligned, each pair of dimensions equal or one of them
   * 1.
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
            op
                + ": shapes "
                + Arrays.toString(a)
                + " and "
                + Arrays.toString(b)
                + " cannot be broadcast: dimension "
                + (i - n)
                + " is "
                + da
                + " and "
                + db);
      }
    }
    return result(op, out, a, b);
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

  /**
   * Normalises a possibly negative axis of a tensor of {@code shape}, or throws naming the op and
   * the shape.
   */
  public static int axis(String op, int axis, int[] shape) {
    return axis(op, axis, shape.length, shape);
  }

  /**
   * As {@link #axis(String, int, int[])}, against {@code rank} axes: for ops that treat a 0-d
   * tensor as having one axis (softmax, flatten) or that insert one (stack, unsqueeze).
   */
  public static int axis(String op, int axis, int rank, int[] shape) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op
              + ": axis "
              + axis
              + " is out of range for a tensor of shape "
              + Arrays.toString(shape)
              + " (expected "
              + (rank == 0 ? "no axis: it is 0-d" : "-" + rank + " to " + (rank - 1))
              + ")");
    }
    return a;
  }

  /**
   * Normalises a list of axes of a tensor of {@code shape} (sorted, no duplicates), or throws
   * naming the op.
   */
  public static int[] axes(String op, int[] axes, int[] shape) {
    int rank = shape.length;
    boolean[] seen = new boolean[rank];
    for (int ax : axes) {
      int a = axis(op, ax, shape);
      if (seen[a]) {
        throw new IllegalArgumentException(
            op
                + ": axis "
                + ax
                + " is repeated in "
                + Arrays.toString(axes)
                + " (tensor of shape "
                + Arrays.toString(shape)
                + ")");
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
}
