package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.ErfMath;
import dev.nabla.core.internal.TensorAccess;

/**
 * The error function, elementwise; FLOAT32 and FLOAT64, computed in double and rounded once ({@link
 * ErfMath}). The gradient {@code 2/sqrt(pi) e^(-x^2)} is built from core ops. The loop lives here,
 * not in the kernels: erf is a scalar series with nothing for the Vector API to speed up.
 */
public final class Erf extends Op {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  public Erf() {}

  @Override
  public String name() {
    return "erf";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("erf", x);
    Tensor out = TensorAccess.empty(x.dtype(), x.shape());
    if (x.dtype() == DType.FLOAT32) {
      float[] src = TensorAccess.floats(x);
      float[] dst = TensorAccess.floats(out);
      for (int i = 0; i < dst.length; i++) {
        dst[i] = (float) ErfMath.erf(src[i]);
      }
    } else {
      double[] src = TensorAccess.doubles(x);
      double[] dst = TensorAccess.doubles(out);
      for (int i = 0; i < dst.length; i++) {
        dst[i] = ErfMath.erf(src[i]);
      }
    }
    ctx.save(x);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    return new Tensor[] {grad.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI))};
  }
}
