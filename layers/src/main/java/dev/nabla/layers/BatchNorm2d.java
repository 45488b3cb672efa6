package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * {@link BatchNorm} over {@code [N, channels, H, W]} input, as PyTorch's {@code nn.BatchNorm2d}:
 * statistics per channel over N, H and W.
 */
public final class BatchNorm2d extends BatchNorm {

  /** eps = 1e-5, momentum = 0.1. */
  public BatchNorm2d(int channels) {
    this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM);
  }

  /** The given epsilon and momentum of the running statistics. */
  public BatchNorm2d(int channels, double eps, double momentum) {
    super("BatchNorm2d", channels, eps, momentum);
  }

  @Override
  protected void checkInput(Tensor x) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has rank "
              + x.rank()
              + ", expected 4 ([N, "
              + features()
              + ", H, W])");
    }
    if (x.dim(1) != features()) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has "
              + x.dim(1)
              + " channels (dimension 1), "
              + "expected "
              + features());
    }
    super.checkInput(x);
  }
}
