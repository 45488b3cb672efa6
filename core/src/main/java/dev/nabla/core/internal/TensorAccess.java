package dev.nabla.core.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * Raw access to tensor storage for the ops and kernels inside {@code nabla-core}, without copies.
 *
 * <p>This is the JDK's "shared secrets" pattern: {@link Tensor} installs an {@link Accessor} when
 * it is initialised, so its constructor and storage stay private to everyone outside this module.
 * Arrays handed out here are the tensor's own storage: only a tensor just created by the caller may
 * be written.
 */
public final class TensorAccess {
  /** Implemented by {@link Tensor}. */
  public interface Accessor {
    Tensor wrap(DType dtype, Object data, int[] shape);

    Tensor view(Tensor base, int[] shape);

    Object data(Tensor t);

    Tensor gradForUpdate(Tensor t);
  }

  private static volatile Accessor accessor;

  private TensorAccess() {}

  /** Called once, by {@link Tensor}'s static initialiser. */
  public static void install(Accessor a) {
    if (accessor != null) {
      throw new IllegalStateException("TensorAccess is already installed");
    }
    accessor = a;
  }

  private static Accessor accessor() {
    Accessor a = accessor;
    if (a == null) {
      try {
        Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      a = accessor;
    }
    return a;
  }

  /**
   * A leaf's gradient for a built-in optimizer's or gradient clipper's in-place work, which keeps
   * no reference to it: unlike {@link Tensor#grad()}, this does not count as handing it out, so
   * {@code zeroGrad()} can still recycle its array.
   */
  public static Tensor gradForUpdate(Tensor t) {
    return accessor().gradForUpdate(t);
  }

  /** The backing array of a FLOAT32 tensor. */
  public static float[] floats(Tensor t) {
    return (float[]) data(t, DType.FLOAT32);
  }

  /** The backing array of a FLOAT64 tensor. */
  public static double[] doubles(Tensor t) {
    return (double[]) data(t, DType.FLOAT64);
  }

  /** The backing array of an INT32 tensor. */
  public static int[] ints(Tensor t) {
    return (int[]) data(t, DType.INT32);
  }

  /** The backing array of an INT64 tensor. */
  public static long[] longs(Tensor t) {
    return (long[]) data(t, DType.INT64);
  }

  /** The backing array of a BOOL tensor. */
  public static boolean[] bools(Tensor t) {
    return (boolean[]) data(t, DType.BOOL);
  }

  /**
   * The backing array ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code
   * boolean[]}), whatever the dtype.
   */
  public static Object data(Tensor t) {
    return accessor().data(t);
  }

  private static Object data(Tensor t, DType expected) {
    if (t.dtype() != expected) {
      throw new IllegalStateException("expected a " + expected + " tensor, got " + t.dtype());
    }
    return accessor().data(t);
  }

  /**
   * A tensor of another shape (same element count) over {@code base}'s storage, sharing its write
   * counter: what an op returns when its output is the input's memory. Never {@code wrap} an array
   * another tensor holds: the two would count writes separately, and a write through one would go
   * unseen by a graph that saved the other.
   */
  public static Tensor view(Tensor base, int... shape) {
    return accessor().view(base, shape);
  }

  /** A tensor over {@code data} without copying it; the caller gives up the array and the shape. */
  public static Tensor wrap(float[] data, int... shape) {
    return accessor().wrap(DType.FLOAT32, data, shape);
  }

  /** A tensor over {@code data} without copying it; the caller gives up the array and the shape. */
  public static Tensor wrap(double[] data, int... shape) {
    return accessor().wrap(DType.FLOAT64, data, shape);
  }

  /** A tensor over {@code data} without copying it; the caller gives up the array and the shape. */
  public static Tensor wrap(int[] data, int... shape) {
    return accessor().wrap(DType.INT32, data, shape);
  }

  /** A tensor over an array of the given dtype without copying it. */
  public static Tensor wrap(DType dtype, Object data, int... shape) {
    return accessor().wrap(dtype, data, shape);
  }

  /** A new zero-filled array for {@code n} elements of {@code dtype}. */
  public static Object newArray(DType dtype, int n) {
    return switch (dtype) {
      case FLOAT32 -> {
        float[] pooled = ArrayPool.takeZeroed(n);
        yield pooled != null ? pooled : new float[n];
      }
      case FLOAT64 -> new double[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case BOOL -> new boolean[n];
    };
  }

  /** A new zero-filled tensor. */
  public static Tensor empty(DType dtype, int... shape) {
    return accessor().wrap(dtype, newArray(dtype, Shapes.size(shape)), shape);
  }

  /**
   * A new tensor whose every element the caller writes before anything reads it (a kernel's full
   * output): its storage may come from {@link ArrayPool} without being zero-filled first (Java
   * zeroes a {@code new float[n]} in any case).
   */
  public static Tensor emptyOverwritten(DType dtype, int... shape) {
    int n = Shapes.size(shape);
    if (dtype == DType.FLOAT32) {
      float[] pooled = ArrayPool.take(n);
      if (pooled != null) {
        return accessor().wrap(dtype, pooled, shape);
      }
    }
    return accessor().wrap(dtype, newArray(dtype, n), shape);
  }
}
