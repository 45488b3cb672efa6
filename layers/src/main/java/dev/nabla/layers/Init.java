package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Inits;

/**
 * How a layer fills a new parameter: a function of the parameter's shape, the layer's fan-in and
 * fan-out, and a seed. The same seed gives bit-identical values on every run and machine.
 *
 * <pre>{@code
 * Dense hidden = new Dense(784, 100, Init.uniform(-0.5, 0.5), 7L);   // the tutorial's U(-0.5, 0.5)
 * Dense relu = new Dense(100, 100, true, Init.kaimingNormal(Nonlinearity.RELU), Init.zeros(), 8L);
 * }</pre>
 *
 * <p>Fans are the layer's, as PyTorch computes them from the weight: for {@link Dense} fan-in is
 * {@code in} and fan-out {@code out}; for {@link Conv2d} fan-in is {@code inChannels * k * k} and
 * fan-out {@code outChannels * k * k}. A bias is initialised with its layer's fans. Layers built
 * without an initialiser use {@link #pytorchDefault()}.
 */
@FunctionalInterface
public interface Init {

  /**
   * New values of the given shape, FLOAT32 (a layer converts anything else to FLOAT32 and rejects a
   * wrong shape).
   */
  Tensor create(int[] shape, int fanIn, int fanOut, long seed);

  /** All zeros. */
  static Init zeros() {
    return new Inits.Constant(0);
  }

  /** All {@code value}. */
  static Init constant(double value) {
    return new Inits.Constant(value);
  }

  /**
   * Uniform in {@code [low, high)}; {@code uniform(-0.5, 0.5)} is the tutorial's initialisation.
   */
  static Init uniform(double low, double high) {
    return new Inits.Uniform(low, high);
  }

  /** Normal with the given mean and standard deviation. */
  static Init normal(double mean, double std) {
    return new Inits.Normal(mean, std);
  }

  /**
   * Glorot/Xavier uniform with gain 1: {@code U(-b, b)} with {@code b = sqrt(6 / (fanIn +
   * fanOut))}, as {@code torch.nn.init.xavier_uniform_}.
   */
  static Init xavierUniform() {
    return xavierUniform(1.0);
  }

  /** Glorot/Xavier uniform: {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
  static Init xavierUniform(double gain) {
    return new Inits.Xavier(gain, false);
  }

  /** Glorot/Xavier normal with gain 1: {@code std = sqrt(2 / (fanIn + fanOut))}. */
  static Init xavierNormal() {
    return xavierNormal(1.0);
  }

  /** Glorot/Xavier normal: {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
  static Init xavierNormal(double gain) {
    return new Inits.Xavier(gain, true);
  }

  /**
   * He/Kaiming uniform in fan-in mode: {@code U(-b, b)} with {@code b = gain * sqrt(3 / fanIn)} and
   * the gain of {@code nonlinearity} ({@link Nonlinearity#gain()}), as {@code
   * torch.nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity=...)}.
   */
  static Init kaimingUniform(Nonlinearity nonlinearity) {
    return new Inits.Kaiming(gainOf(nonlinearity), false, nonlinearity.name());
  }

  /** He/Kaiming uniform for a leaky ReLU of the given negative slope (PyTorch's {@code a}). */
  static Init kaimingUniform(Nonlinearity nonlinearity, double negativeSlope) {
    return new Inits.Kaiming(
        gainOf(nonlinearity, negativeSlope), false, nonlinearity.name() + ", " + negativeSlope);
  }

  /** He/Kaiming normal in fan-in mode: {@code std = gain / sqrt(fanIn)}. */
  static Init kaimingNormal(Nonlinearity nonlinearity) {
    return new Inits.Kaiming(gainOf(nonlinearity), true, nonlinearity.name());
  }

  /** He/Kaiming normal for a leaky ReLU of the given negative slope. */
  static Init kaimingNormal(Nonlinearity nonlinearity, double negativeSlope) {
    return new Inits.Kaiming(
        gainOf(nonlinearity, negativeSlope), true, nonlinearity.name() + ", " + negativeSlope);
  }

  /**
   * PyTorch's default for the weight and bias of {@code Linear} and {@code Conv2d}: {@code
   * U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, which is what {@code kaiming_uniform_(a=sqrt(5))} works out
   * to.
   */
  static Init pytorchDefault() {
    return new Inits.PytorchDefault();
  }

  private static double gainOf(Nonlinearity nonlinearity) {
    if (nonlinearity == null) {
      throw new IllegalArgumentException("Init: nonlinearity must not be null");
    }
    return nonlinearity.gain();
  }

  private static double gainOf(Nonlinearity nonlinearity, double negativeSlope) {
    if (nonlinearity == null) {
      throw new IllegalArgumentException("Init: nonlinearity must not be null");
    }
    return nonlinearity.gain(negativeSlope);
  }
}
