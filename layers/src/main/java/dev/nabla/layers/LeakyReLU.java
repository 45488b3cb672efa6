package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * {@code x} where positive, {@code slope * x} elsewhere, as PyTorch's {@code nn.LeakyReLU} (default
 * slope 0.01). Any shape.
 */
public final class LeakyReLU extends Module {
  private final double slope;

  /** Negative slope 0.01, PyTorch's default. */
  public LeakyReLU() {
    this(0.01);
  }

  /** The given (finite) negative slope. */
  public LeakyReLU(double slope) {
    if (!Double.isFinite(slope)) {
      throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + slope);
    }
    this.slope = slope;
  }

  /** The negative slope. */
  public double slope() {
    return slope;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.leakyRelu(slope);
  }

  @Override
  protected String extraRepr() {
    return "slope=" + Fmt.number(slope);
  }
}
