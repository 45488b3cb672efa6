package dev.nabla.layers;

import dev.nabla.core.Tensor;

/** Hyperbolic tangent, as PyTorch's {@code nn.Tanh}. Any shape. */
public final class Tanh extends Module {
  /** A tanh activation; it has no parameters. */
  public Tanh() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }
}
