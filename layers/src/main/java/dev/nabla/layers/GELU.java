package dev.nabla.layers;

import dev.nabla.core.Tensor;

/**
 * The Gaussian error linear unit in its exact form, PyTorch's default {@code nn.GELU()}: {@code
 * gelu(x) = x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}, where {@code Phi} is the standard normal
 * CDF. Any shape. Runs core's {@link Tensor#gelu()}, computed in double precision.
 */
public final class GELU extends Module {
  /** An exact GELU activation; it has no parameters. */
  public GELU() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.gelu();
  }
}
