package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Layer normalisation over the last {@code k} axes, as {@code torch.nn.functional.layer_norm}: the
 * input is seen as {@code [rows, n]} with {@code n} the product of {@code normalizedShape}, and
 * each row becomes {@code (x - mean) / sqrt(var + eps) · weight + bias} with the row's biased
 * variance. One node, one fused kernel each way: forward saves each row's mean and rstd, and
 * backward computes {@code dx}, {@code dweight} and {@code dbias} from them in one pass per row.
 * Applied to {@code x}, followed by the weight and the bias that are present (each of shape {@code
 * normalizedShape}).
 */
public final class LayerNorm extends Op {
  private final int[] normalizedShape;
  private final boolean hasWeight;
  private final boolean hasBias;
  private final double eps;
  private final int n;

  public LayerNorm(int[] normalizedShape, boolean hasWeight, boolean hasBias, double eps) {
    if (normalizedShape == null || normalizedShape.length == 0) {
      throw new IllegalArgumentException(
          "layerNorm: expected a non-empty normalizedShape, got "
              + Arrays.toString(normalizedShape));
    }
    for (int d : normalizedShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "layerNorm: normalizedShape must have sizes >= 1, got "
                + Arrays.toString(normalizedShape));
      }
    }
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("layerNorm: eps must be finite and >= 0, got " + eps);
    }
    this.normalizedShape = normalizedShape.clone();
    this.hasWeight = hasWeight;
    this.hasBias = hasBias;
    this.eps = eps;
    long size = 1;
    for (int d : normalizedShape) {
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "layerNorm: normalizedShape "
                + Arrays.toString(normalizedShape)
                + " has more than 2^31-1 elements");
      }
    }
    this.n = (int) size;
  }

  @Override
  public String name() {
    return "layerNorm";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    int expected = 1 + (hasWeight ? 1 : 0) + (hasBias ? 1 : 0);
    if (in.length != expected) {
      throw new IllegalArgumentException(
          "layerNorm: expected " + expected + " inputs, got " + in.length);
    }
    Tensor x = in[0];
    Tensor w = hasWeight ? in[1] : null;
    Tensor b = hasBias ? in[expected - 1] : null;
    check(x, w, b);
    int rows = x.size() / n;
    DType dt = x.dtype();
    Tensor y = TensorAccess.empty(dt, x.shape());
    Tensor mean = TensorAccess.empty(dt, rows);
    Tensor rstd = TensorAccess.empty(dt, rows);
    Kernels.linalg()
        .layerNorm(
            TensorAccess.data(x),
            w == null ? null : TensorAccess.data(w),
            b == null ? null : TensorAccess.data(b),
            TensorAccess.data(y),
            TensorAccess.data(mean),
            TensorAccess.data(rstd),
            rows,
            n,
            eps);
    if (w == null) {
      ctx.save(x, mean, rstd);
    } else {
      ctx.save(x, mean, rstd, w);
    }
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0), mean = ctx.saved(1), rstd = ctx.saved(2);
    Tensor w = hasWeight ? ctx.saved(3) : null;
    DType dt = x.dtype();
    int rows = mean.size();
    Tensor gx = ctx.needsInputGrad(0) ? TensorAccess.empty(dt, x.shape()) : null;
    Tensor gw = hasWeight && ctx.needsInputGrad(1) ? TensorAccess.empty(dt, normalizedShape) : null;
    int bi = ctx.inputCount() - 1;
    Tensor gb = hasBias && ctx.needsInputGrad(bi) ? TensorAccess.empty(dt, normalizedShape) : null;
    Kernels.linalg()
        .layerNormBackward(
            TensorAccess.data(x),
            w == null ? null : TensorAccess.data(w),
            TensorAccess.data(mean),
            TensorAccess.data(rstd),
            TensorAccess.data(grad),
            gx == null ? null : TensorAccess.data(gx),
            gw == null ? null : TensorAccess.data(gw),
            gb == null ? null : TensorAccess.data(gb),
            rows,
            n);
    Tensor[] out = new Tensor[ctx.inputCount()];
    out[0] = gx;
    if (hasWeight) {
      out[1] = gw;
    }
    if (hasBias) {
      out[bi] = gb;
    }
    return out;
  }

  private void check(Tensor x, Tensor w, Tensor b) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "layerNorm: expected a FLOAT32 or FLOAT64 input, got " + x.dtype());
    }
    int k = normalizedShape.length;
    int[] xs = x.shape();
    boolean ok = xs.length >= k;
    for (int i = 0; ok && i < k; i++) {
      ok = xs[xs.length - k + i] == normalizedShape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "layerNorm: input of shape "
              + Arrays.toString(xs)
              + " does not end in normalizedShape "
              + Arrays.toString(normalizedShape));
    }
    checkParameter("weight", w, x.dtype());
    checkParameter("bias", b, x.dtype());
  }

  private void checkParameter(String what, Tensor p, DType dt) {
    if (p == null) {
      return;
    }
    if (p.dtype() != dt) {
      throw new IllegalArgumentException(
          "layerNorm: dtype mismatch: input " + dt + ", " + what + " " + p.dtype());
    }
    if (!Arrays.equals(p.shape(), normalizedShape)) {
      throw new IllegalArgumentException(
          "layerNorm: "
              + what
              + " has shape "
              + Arrays.toString(p.shape())
              + ", expected normalizedShape "
              + Arrays.toString(normalizedShape));
    }
  }
}
