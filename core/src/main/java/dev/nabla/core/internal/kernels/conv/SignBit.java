package dev.nabla.core.internal.kernels.conv;

/**
 * The sign bit of a floating-point value as 0 or 1, for branch-free selection in the plain loops
 * (one overload per floating type, so FLOAT32 loops and their generated FLOAT64 twins read alike).
 */
final class SignBit {
  private SignBit() {}

  /** 1 when {@code v}'s sign bit is set ({@code -0f} included), else 0. */
  static int of(float v) {
    return Float.floatToRawIntBits(v) >>> 31;
  }

  /** 1 when {@code v}'s sign bit is set ({@code -0.0} included), else 0. */
  static int of(double v) {
    return (int) (Double.doubleToRawLongBits(v) >>> 63);
  }
}
