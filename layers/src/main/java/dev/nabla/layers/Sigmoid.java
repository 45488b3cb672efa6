package dev.nabla.layers;

import dev.nabla.core.Tensor;

/** Logistic sigmoid {@code 1 / (1 + e^-x)}, as PyTorch's {@code nn.Sigmoid}. Any shape. */
public final class Sigmoid extends Module {
  /** A sigmoid activation; it has no parameters. */
  public Sigmoid() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }
}
