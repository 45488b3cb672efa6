package dev.nabla.layers;

import dev.nabla.core.Tensor;

/**
 * The activation of a transformer layer's feed-forward block, PyTorch's {@code activation="relu"}
 * or {@code "gelu"} (the exact, erf-based GELU).
 */
public enum Activation {
  /** {@code max(x, 0)}. */
  RELU,
  /** {@code x * Phi(x)}, with Phi the standard normal CDF (PyTorch's {@code F.gelu}). */
  GELU;

  /** This activation of {@code x}. */
  public Tensor apply(Tensor x) {
    return this == RELU ? x.relu() : x.gelu();
  }

  /** PyTorch's name: {@code "relu"} or {@code "gelu"}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
