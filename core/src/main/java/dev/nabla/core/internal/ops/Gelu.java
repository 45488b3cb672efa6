package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.ErfMath;
import dev.nabla.core.internal.TensorAccess;

/**
 * GELU in its exact form, PyTorch's default: {@code gelu(x) = x Phi(x) = x/2 (1 + erf(x/sqrt 2))},
 * derivative {@code Phi(x) + x phi(x)} ({@code phi} the standard normal density). Fused rather than
 * composed from {@link Erf} and arithmetic: {@code Phi} is taken as {@code erfc(-x/sqrt 2)/2},
 * which keeps full relative accuracy in the left tail where {@code 1 + erf} cancels to 0, every
 * value is computed in double and rounded once for FLOAT32. Forward keeps {@code Phi(x)}, so
 * backward needs no second erfc and is built from core ops. Measured on 1M FLOAT32 values (best of
 * 9, Vector API kernels): forward as fast as the composition {@code x * (erf(x/sqrt 2) + 1) * 0.5}
 * (about 80 ms each), backward about 8 ms, as the composition's, against 32 ms for a scalar loop
 * recomputing {@code Phi}. So the fused op stays for accuracy, not speed.
 */
public final class Gelu extends Op {
  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  public Gelu() {}

  @Override
  public String name() {
    return "gelu";
  }

  /** {@code Phi(x)}, the standard normal CDF. */
  static double normalCdf(double x) {
    return 0.5 * ErfMath.erfc(-x * INV_SQRT2);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("gelu", x);
    Tensor out = TensorAccess.empty(x.dtype(), x.shape());
    // Phi(x) is kept for backward, which then needs one exp per element instead of another erfc
    Tensor cdf = TensorAccess.empty(x.dtype(), x.shape());
    if (x.dtype() == DType.FLOAT32) {
      float[] src = TensorAccess.floats(x);
      float[] dst = TensorAccess.floats(out);
      float[] phi = TensorAccess.floats(cdf);
      for (int i = 0; i < dst.length; i++) {
        double p = normalCdf(src[i]);
        dst[i] = (float) (src[i] * p);
        phi[i] = (float) p;
      }
    } else {
      double[] src = TensorAccess.doubles(x);
      double[] dst = TensorAccess.doubles(out);
      double[] phi = TensorAccess.doubles(cdf);
      for (int i = 0; i < dst.length; i++) {
        phi[i] = normalCdf(src[i]);
        dst[i] = src[i] * phi[i];
      }
    }
    ctx.save(x, cdf);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor cdf = ctx.saved(1);
    // Phi(x) + x phi(x), from the vectorised kernels: 3-4x faster than a scalar StrictMath.exp loop
    Tensor density = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
    return new Tensor[] {grad.mul(cdf.add(x.mul(density)))};
  }
}
