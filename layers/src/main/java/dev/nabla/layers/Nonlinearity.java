package dev.nabla.layers;

/**
 * The activation that follows a layer, for the gain of the {@link Init#xavierUniform(double)
 * Xavier} and {@link Init#kaimingUniform(Nonlinearity) Kaiming} initialisers: the values of
 * PyTorch's {@code torch.nn.init.calculate_gain}.
 */
public enum Nonlinearity {
  /** No activation (also right for convolutions): gain 1. */
  LINEAR,
  /** Gain 1. */
  SIGMOID,
  /** Gain 5/3. */
  TANH,
  /** Gain sqrt(2). */
  RELU,
  /** Gain {@code sqrt(2 / (1 + slope^2))}; the slope is 0.01 unless given. */
  LEAKY_RELU;

  /** PyTorch's default negative slope for {@link #LEAKY_RELU} in {@code calculate_gain}. */
  public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

  /** The recommended gain, with the default slope 0.01 for {@link #LEAKY_RELU}. */
  public double gain() {
    return this == LEAKY_RELU ? gain(DEFAULT_NEGATIVE_SLOPE) : fixedGain();
  }

  /**
   * The gain of {@link #LEAKY_RELU} with the given negative slope, {@code sqrt(2 / (1 + slope^2))};
   * the other nonlinearities take no parameter.
   */
  public double gain(double negativeSlope) {
    if (this != LEAKY_RELU) {
      throw new IllegalArgumentException(
          "Nonlinearity.gain: "
              + this
              + " takes no parameter; only LEAKY_RELU has a negative slope"
              + " (got "
              + negativeSlope
              + ")");
    }
    if (!Double.isFinite(negativeSlope)) {
      throw new IllegalArgumentException(
          "Nonlinearity.gain: expected a finite negative slope, got " + negativeSlope);
    }
    return Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
  }

  private double fixedGain() {
    return switch (this) {
      case LINEAR, SIGMOID -> 1.0;
      case TANH -> 5.0 / 3.0;
      case RELU -> Math.sqrt(2.0);
      case LEAKY_RELU -> throw new AssertionError("handled by gain(double)");
    };
  }
}
