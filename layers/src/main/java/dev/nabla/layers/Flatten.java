package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * Flattens every dimension but the first (the batch): {@code [N, C, H, W] -> [N, C*H*W]}, as
 * PyTorch's {@code nn.Flatten()}. The input needs rank 2 or more.
 */
public final class Flatten extends Module {
  /** A flatten layer; it has no parameters. */
  public Flatten() {}

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has rank "
              + x.rank()
              + ", expected rank >= 2 ([N, ...], the batch dimension is kept)");
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.flatten(1);
  }
}
