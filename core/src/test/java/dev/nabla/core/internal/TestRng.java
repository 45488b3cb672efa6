package dev.nabla.core.internal;

/** Draws the tests need from an {@link Rng} and main code does not, kept out of main code. */
public final class TestRng {
  private TestRng() {}

  /** Uniform in [0, bound), from one {@link Rng#nextLong()}. */
  public static int nextInt(Rng rng, int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("TestRng.nextInt: bound must be positive, got " + bound);
    }
    return (int) Math.floorMod(rng.nextLong() >>> 1, (long) bound);
  }
}
