package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;

/**
 * GELU in its exact form, PyTorch's default: {@code gelu(x) = x Phi(x) = x/2 (1 + erf(x/sqrt 2))},
 * derivative {@code Phi(x) + x phi(x)} ({@code phi} the standard normal density), both fused kernel
 * loops ({@code ElementwiseKernels.gelu} and {@code geluBackward}). {@code Phi} is computed as an
 * erfc, which keeps full relative accuracy in the left tail where {@code 1 + erf} cancels to 0.
 * FLOAT64 takes it from {@code ErfMath} (a series or continued fraction, exact to a few double
 * ulps, for GradCheck); FLOAT32 from an erfc approximation evaluated in double lanes, within 2
 * float ulps of the exact value, the same bits on both kernel sets and every JIT tier (see {@code
 * GeluLoops}). Forward keeps {@code Phi(x)}, so backward needs one exponential, not another erfc.
 *
 * <p>Measured on 2M FLOAT32 values of N(0, 4), one thread ({@code nabla.threads=1}), medians of 9
 * timings in each of 3 runs on the shared 2-vCPU AVX-512 development machine: the Vector kernel
 * loops take 1.8 ns per element forward (writing {@code y} and {@code Phi}) and 0.95 ns backward,
 * the op with its allocations 2.9 and 1.8 ns; the plain loops 10.3 and 4.7 ns. The former op took
 * 296 ns forward (its per-element {@code ErfMath} loop in double) and 10 ns backward (5 core ops
 * and their temporaries).
 */
public final class Gelu extends Op {

  public Gelu() {}

  @Override
  public String name() {
    return "gelu";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Elementwise.requireFloating("gelu", x);
    Tensor out = TensorAccess.empty(x.dtype(), x.shape());
    // Phi(x) is kept for backward, which then needs one exp per element instead of another erfc
    Tensor cdf = TensorAccess.empty(x.dtype(), x.shape());
    Kernels.elementwise()
        .gelu(TensorAccess.data(x), TensorAccess.data(out), TensorAccess.data(cdf), 0, x.size());
    ctx.save(x, cdf);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor cdf = ctx.saved(1);
    Tensor out = TensorAccess.empty(grad.dtype(), grad.shape());
    Kernels.elementwise()
        .geluBackward(
            TensorAccess.data(grad),
            TensorAccess.data(x),
            TensorAccess.data(cdf),
            TensorAccess.data(out),
            0,
            grad.size());
    return new Tensor[] {out};
  }
}
