package dev.nabla.layers.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Init;
import java.util.Arrays;

/**
 * The initialisers behind {@link Init}'s factories, and the check a layer applies to any
 * initialiser's result.
 */
public final class Inits {
  private Inits() {}

  /** Every element {@code value}. */
  public record Constant(double value) implements Init {
    public Constant {
      requireFinite("Init.constant", "value", value);
    }

    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      return Tensor.full(DType.FLOAT32, value, shape);
    }

    @Override
    public String toString() {
      return value == 0 ? "zeros()" : "constant(" + value + ")";
    }
  }

  /** Uniform in [low, high). */
  public record Uniform(double low, double high) implements Init {
    public Uniform {
      requireFinite("Init.uniform", "low", low);
      requireFinite("Init.uniform", "high", high);
      if (!(low <= high)) {
        throw new IllegalArgumentException(
            "Init.uniform: expected low <= high, got low=" + low + ", high=" + high);
      }
    }

    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      return Tensor.uniform(seed, DType.FLOAT32, low, high, shape);
    }

    @Override
    public String toString() {
      return "uniform(" + low + ", " + high + ")";
    }
  }

  /** Normal with mean and standard deviation. */
  public record Normal(double mean, double std) implements Init {
    public Normal {
      requireFinite("Init.normal", "mean", mean);
      requireFinite("Init.normal", "std", std);
      if (std < 0) {
        throw new IllegalArgumentException("Init.normal: expected std >= 0, got " + std);
      }
    }

    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      return gaussian(seed, mean, std, shape);
    }

    @Override
    public String toString() {
      return "normal(" + mean + ", " + std + ")";
    }
  }

  /** Glorot/Xavier, uniform or normal. */
  public record Xavier(double gain, boolean normal) implements Init {
    public Xavier {
      requireFinite(normal ? "Init.xavierNormal" : "Init.xavierUniform", "gain", gain);
    }

    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      String op = normal ? "Init.xavierNormal" : "Init.xavierUniform";
      requireFan(op, "fanIn", fanIn);
      requireFan(op, "fanOut", fanOut);
      double std = gain * Math.sqrt(2.0 / ((double) fanIn + fanOut));
      if (normal) {
        return gaussian(seed, 0, std, shape);
      }
      double bound = Math.sqrt(3.0) * std;
      return Tensor.uniform(seed, DType.FLOAT32, -bound, bound, shape);
    }

    @Override
    public String toString() {
      return (normal ? "xavierNormal(" : "xavierUniform(") + "gain=" + gain + ")";
    }
  }

  /** He/Kaiming in fan-in mode, uniform or normal; {@code description} names the nonlinearity. */
  public record Kaiming(double gain, boolean normal, String description) implements Init {
    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      requireFan(normal ? "Init.kaimingNormal" : "Init.kaimingUniform", "fanIn", fanIn);
      double std = gain / Math.sqrt(fanIn);
      if (normal) {
        return gaussian(seed, 0, std, shape);
      }
      double bound = Math.sqrt(3.0) * std;
      return Tensor.uniform(seed, DType.FLOAT32, -bound, bound, shape);
    }

    @Override
    public String toString() {
      return (normal ? "kaimingNormal(" : "kaimingUniform(") + description + ")";
    }
  }

  /** {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
  public record PytorchDefault() implements Init {
    @Override
    public Tensor create(int[] shape, int fanIn, int fanOut, long seed) {
      requireFan("Init.pytorchDefault", "fanIn", fanIn);
      double bound = 1 / Math.sqrt(fanIn);
      return Tensor.uniform(seed, DType.FLOAT32, -bound, bound, shape);
    }

    @Override
    public String toString() {
      return "pytorchDefault()";
    }
  }

  /**
   * Runs {@code init} for parameter {@code name} of {@code layer} and checks what it returned: a
   * floating-point tensor of the expected shape, copied to a new FLOAT32 tensor.
   */
  public static Tensor create(
      String layer, String name, Init init, int[] shape, int fanIn, int fanOut, long seed) {
    if (init == null) {
      throw new IllegalArgumentException(layer + ": the initialiser for " + name + " is null");
    }
    Tensor t = init.create(shape.clone(), fanIn, fanOut, seed);
    if (t == null || !t.dtype().isFloatingPoint() || !Arrays.equals(t.shape(), shape)) {
      throw new IllegalArgumentException(
          layer
              + ": initialiser "
              + init
              + " returned "
              + (t == null ? "null" : Fmt.describe(t))
              + " for "
              + name
              + ", expected a floating-point tensor of shape "
              + Arrays.toString(shape));
    }
    // A copy, so that layers never share storage with whatever the initialiser keeps.
    return Tensor.of(t.toFloatArray(), shape);
  }

  /** Normal values drawn in FLOAT64, scaled, then rounded once to FLOAT32. */
  private static Tensor gaussian(long seed, double mean, double std, int[] shape) {
    double[] v = Tensor.randn(seed, DType.FLOAT64, shape).toDoubleArray();
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) (mean + std * v[i]);
    }
    return Tensor.of(f, shape);
  }

  private static void requireFinite(String op, String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(op + ": expected a finite " + what + ", got " + v);
    }
  }

  private static void requireFan(String op, String what, int fan) {
    if (fan < 1) {
      throw new IllegalArgumentException(op + ": " + what + " must be >= 1, got " + fan);
    }
  }
}
