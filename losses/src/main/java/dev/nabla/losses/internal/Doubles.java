package dev.nabla.losses.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/** Results computed in double and handed out in the input's dtype. */
public final class Doubles {
  private Doubles() {}

  /** A 0-d tensor of {@code dtype} (FLOAT32 or FLOAT64) holding {@code value}. */
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
   * A new tensor of zeros filled through a double array: {@link #values} is the tensor's own
   * storage for FLOAT64 and a scratch array for FLOAT32, narrowed into the tensor by {@link
   * #finish}.
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
