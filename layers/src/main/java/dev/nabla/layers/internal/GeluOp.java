package dev.nabla.layers.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * GELU in its exact form, PyTorch's default: {@code gelu(x) = x * Phi(x) = x/2 * (1 + erf(x/sqrt 2))},
 * with derivative {@code Phi(x) + x * phi(x)} where {@code phi} is the standard normal density. A
 * custom {@link Op}, because core has no erf: the extension point at work. Values are computed in
 * double precision for both float dtypes.
 */
public final class GeluOp extends Op {
  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  @Override
  public String name() {
    return "GELU";
  }

  /** {@code Phi(x)}, the standard normal CDF, as {@code erfc(-x/sqrt 2)/2}: accurate in the left tail. */
  public static double normalCdf(double x) {
    return 0.5 * Erf.erfc(-x * INV_SQRT2);
  }

  /** {@code gelu(x) = x * Phi(x)}. */
  public static double gelu(double x) {
    return x * normalCdf(x);
  }

  /** {@code d gelu / dx = Phi(x) + x * phi(x)}. */
  public static double geluDerivative(double x) {
    return normalCdf(x) + x * INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    if (in.length != 1) {
      throw new IllegalArgumentException("GELU: expected 1 input, got " + in.length);
    }
    Tensor x = in[0];
    Tensor out = Tensor.zeros(requireFloating(x), x.shape());
    ctx.save(x);
    if (x.dtype() == DType.FLOAT32) {
      float[] src = x.floatStorage(), dst = out.floatStorage();
      for (int i = 0; i < src.length; i++) {
        dst[i] = (float) gelu(src[i]);
      }
    } else {
      double[] src = x.doubleStorage(), dst = out.doubleStorage();
      for (int i = 0; i < src.length; i++) {
        dst[i] = gelu(src[i]);
      }
    }
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor g = grad.to(x.dtype());
    Tensor dx = Tensor.zeros(x.dtype(), x.shape());
    if (x.dtype() == DType.FLOAT32) {
      float[] xs = x.floatStorage(), gs = g.floatStorage(), out = dx.floatStorage();
      for (int i = 0; i < xs.length; i++) {
        out[i] = (float) (gs[i] * geluDerivative(xs[i]));
      }
    } else {
      double[] xs = x.doubleStorage(), gs = g.doubleStorage(), out = dx.doubleStorage();
      for (int i = 0; i < xs.length; i++) {
        out[i] = gs[i] * geluDerivative(xs[i]);
      }
    }
    return new Tensor[] {dx};
  }

  private static DType requireFloating(Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "GELU: expected a FLOAT32 or FLOAT64 input, got " + x.dtype() + " "
              + Arrays.toString(x.shape()));
    }
    return x.dtype();
  }
}
