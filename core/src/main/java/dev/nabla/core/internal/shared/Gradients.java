package dev.nabla.core.internal.shared;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;

/**
 * A leaf's gradient for nabla's own optimizers and gradient clipping, which read it and write it in
 * place but keep no reference to it. Unlike {@link Tensor#grad()}, reading it here does not count
 * as handing it out, so {@code zeroGrad()} can still reuse its storage for the next step's
 * gradient. Callers must not keep the tensor or its storage past the call that reads them.
 */
public final class Gradients {
  private Gradients() {}

  /** {@code p}'s gradient, or null, for an in-place read or update that keeps no reference. */
  public static Tensor forUpdate(Tensor p) {
    return TensorAccess.gradForUpdate(p);
  }
}
