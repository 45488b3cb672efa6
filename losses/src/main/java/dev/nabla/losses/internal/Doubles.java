package dev.nabla.losses.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * The losses' fused ops do their arithmetic in double for both floating-point dtypes: FLOAT32 values
 * are widened once per pass, so each loss has one loop for both dtypes and every sum is accumulated
 * in double. Losses are a thin layer at the end of a network, so the extra copy is cheap next to
 * the work it saves (one pass instead of a chain of tensor ops, each allocating its result).
 */
public final class Doubles {
  private Doubles() {}

  /**
   * The values of a FLOAT32 or FLOAT64 tensor as doubles: the live storage of a FLOAT64 tensor (to be
   * read, never written), a widened copy of a FLOAT32 one.
   */
  public static double[] read(Tensor t) {
    if (t.dtype() == DType.FLOAT64) {
      return t.doubleStorage();
    }
    float[] f = t.floatStorage();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** A 0-d tensor of {@code dtype} holding {@code value}. */
  public static Tensor scalar(DType dtype, double value) {
    return dtype == DType.FLOAT64 ? Tensor.scalar(value) : Tensor.scalar((float) value);
  }

  /** The sum of {@code values}. */
  public static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /**
   * A new tensor of zeros filled through a double array: {@link #values} is the tensor's own storage
   * for FLOAT64 and a scratch array for FLOAT32, narrowed into the tensor by {@link #finish}.
   */
  public static final class Out {
    private final Tensor tensor;
    /** Write the results here, then call {@link #finish}. Starts as zeros. */
    public final double[] values;

    private Out(Tensor tensor, double[] values) {
      this.tensor = tensor;
      this.values = values;
    }

    /** A zero tensor of {@code dtype} (FLOAT32 or FLOAT64) and {@code shape}. */
    public static Out zeros(DType dtype, int[] shape) {
      Tensor t = Tensor.zeros(dtype, shape);
      return new Out(t, dtype == DType.FLOAT64 ? t.doubleStorage() : new double[t.size()]);
    }

    /** Multiplies every value by {@code factor}. */
    public void scale(double factor) {
      for (int i = 0; i < values.length; i++) {
        values[i] *= factor;
      }
    }

    /** Multiplies the values elementwise by {@code factors} (of the same length). */
    public void scale(double[] factors) {
      for (int i = 0; i < values.length; i++) {
        values[i] *= factors[i];
      }
    }

    /** The tensor, holding the values (narrowed to float for FLOAT32). */
    public Tensor finish() {
      if (tensor.dtype() == DType.FLOAT32) {
        float[] f = tensor.floatStorage();
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) values[i];
        }
      }
      return tensor;
    }
  }
}
