package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.Gradients;
import dev.nabla.optim.internal.Checks;
import dev.nabla.optim.internal.FusedUpdates;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: call
 * between {@code backward()} and {@link Optimizer#step()}. Both change the gradients in place and
 * skip parameters whose {@link Tensor#grad()} is null.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(opt.params(), 1.0);
 * opt.step();
 * }</pre>
 */
public final class GradClip {
  private GradClip() {}

  /**
   * Scales all gradients together so that their global L2 norm (the norm of all their elements as
   * one vector) is at most {@code maxNorm}: when the norm exceeds it, every gradient is multiplied
   * by {@code maxNorm / (norm + 1e-6)}, as PyTorch. The norm is accumulated in double. When it is
   * not finite (an overflow or NaN), the gradients are left as they are and the norm is returned,
   * so that the caller can skip the step.
   *
   * @param maxNorm the largest norm allowed, finite and {@code > 0}
   * @return the global norm before clipping
   */
  public static double clipGradNorm(Iterable<Tensor> params, double maxNorm) {
    Checks.notNull("clipGradNorm", "params", params);
    Checks.positive("clipGradNorm", "maxNorm", maxNorm);
    double sum = 0;
    int i = 0;
    for (Tensor p : params) {
      Tensor g = gradOf("clipGradNorm", p, i++);
      if (g != null) {
        sum +=
            switch (g.dtype()) {
              case FLOAT32 -> FusedUpdates.sumOfSquares(g.floatStorage());
              case FLOAT64 -> FusedUpdates.sumOfSquares(g.doubleStorage());
              case INT32, INT64, BOOL ->
                  throw new IllegalStateException("clipGradNorm: " + g.dtype() + " gradient");
            };
      }
    }
    double norm = Math.sqrt(sum);
    double coef = maxNorm / (norm + 1e-6);
    if (Double.isFinite(norm) && coef < 1) {
      for (Tensor p : params) {
        Tensor g = Gradients.forUpdate(p);
        if (g != null) {
          switch (g.dtype()) {
            case FLOAT32 -> FusedUpdates.scale(g.floatStorage(), (float) coef);
            case FLOAT64 -> FusedUpdates.scale(g.doubleStorage(), coef);
            case INT32 -> throw new IllegalStateException("clipGradNorm: INT32 gradient");
          }
        }
      }
    }
    return norm;
  }

  /**
   * Clamps every gradient element to {@code [-clipValue, clipValue]}.
   *
   * @param clipValue the largest magnitude allowed, finite and {@code >= 0}
   */
  public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
    Checks.notNull("clipGradValue", "params", params);
    Checks.nonNegative("clipGradValue", "clipValue", clipValue);
    int i = 0;
    for (Tensor p : params) {
      Tensor g = gradOf("clipGradValue", p, i++);
      if (g != null) {
        switch (g.dtype()) {
          case FLOAT32 -> FusedUpdates.clamp(g.floatStorage(), (float) clipValue);
          case FLOAT64 -> FusedUpdates.clamp(g.doubleStorage(), clipValue);
          case INT32 -> throw new IllegalStateException("clipGradValue: INT32 gradient");
        }
      }
    }
  }

  private static Tensor gradOf(String method, Tensor p, int index) {
    if (p == null) {
      throw new IllegalArgumentException(method + ": parameter " + index + " is null");
    }
    // read and written in place, never kept: not a hand-out that stops zeroGrad() reusing it
    return Gradients.forUpdate(p);
  }
}
