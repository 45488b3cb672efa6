package dev.nabla.layers.internal;

/**
 * A seeded generator whose output is the same on every machine, JDK and run: SplitMix64 (Steele,
 * Lea and Flood, 2014). The layers keep their own instead of borrowing core's internal one, so that
 * the module depends on nabla-core's public API only.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /**
   * The generator's whole state: {@code new SplitMix64(state())} continues exactly where this one
   * is, which is how a layer saves its generator in a checkpoint and restores it.
   */
  public long state() {
    return state;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    return mix(state += GOLDEN_GAMMA);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A seed for the {@code index}-th stream derived from {@code seed}: the layers draw a weight from
   * {@code seed} itself and the bias from {@code derive(seed, 1)}, so the two are not the same
   * numbers even when they share an initialiser.
   */
  public static long derive(long seed, int index) {
    return mix(seed + GOLDEN_GAMMA * (index + 1L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
