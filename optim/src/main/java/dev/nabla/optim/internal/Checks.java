package dev.nabla.optim.internal;

/**
 * Argument checks for optimizers, schedules and clipping, in the style of Guava's {@code
 * Preconditions}: each throws an {@link IllegalArgumentException} whose message names the owner
 * (class or method), the argument, what was expected and the value given.
 */
public final class Checks {
  private Checks() {}

  /** {@code value} must be finite and {@code >= 0}. */
  public static double nonNegative(String owner, String arg, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          owner + ": " + arg + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  /** {@code value} must be finite and {@code > 0}. */
  public static double positive(String owner, String arg, double value) {
    if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          owner + ": " + arg + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** {@code value} must be finite. */
  public static double finite(String owner, String arg, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(owner + ": " + arg + " must be finite, got " + value);
    }
    return value;
  }

  /** {@code value} must be in {@code [0, 1)}, as Adam's betas. */
  public static double unitHalfOpen(String owner, String arg, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(owner + ": " + arg + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** {@code value} must be in {@code [0, 1]}. */
  public static double unitClosed(String owner, String arg, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(owner + ": " + arg + " must be in [0, 1], got " + value);
    }
    return value;
  }

  /** {@code value} must be {@code > 0}. */
  public static int positive(String owner, String arg, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(owner + ": " + arg + " must be > 0, got " + value);
    }
    return value;
  }

  /** {@code value} must not be null. */
  public static <T> T notNull(String owner, String arg, T value) {
    if (value == null) {
      throw new IllegalArgumentException(owner + ": " + arg + " must not be null");
    }
    return value;
  }
}
