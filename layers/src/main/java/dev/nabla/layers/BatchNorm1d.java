package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * {@link BatchNorm} over {@code [N, features]} or {@code [N, features, L]} input, as PyTorch's
 * {@code nn.BatchNorm1d}: statistics per feature over N (and L).
 */
public final class BatchNorm1d extends BatchNorm {

  /** eps = 1e-5, momentum = 0.1. */
  public BatchNorm1d(int features) {
    this(features, DEFAULT_EPS, DEFAULT_MOMENTUM);
  }

  /** The given epsilon and momentum of the running statistics. */
  public BatchNorm1d(int features, double eps, double momentum) {
    super("BatchNorm1d", features, eps, momentum);
  }

  @Override
  protected void checkInput(Tensor x) {
    if (x.rank() != 2 && x.rank() != 3) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has rank "
              + x.rank()
              + ", expected [N, "
              + features()
              + "] or [N, "
              + features()
              + ", L]");
    }
    if (x.dim(1) != features()) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has "
              + x.dim(1)
              + " features (dimension 1), "
              + "expected "
              + features());
    }
    super.checkInput(x);
  }
}
