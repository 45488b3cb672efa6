package dev.nabla.layers;

import dev.nabla.core.Tensor;

/** {@code max(x, 0)}, as PyTorch's {@code nn.ReLU}; its gradient at 0 is 0. Any shape. */
public final class ReLU extends Module {
  /** A ReLU activation; it has no parameters. */
  public ReLU() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }
}
