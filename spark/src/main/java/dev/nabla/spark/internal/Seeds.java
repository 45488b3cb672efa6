package dev.nabla.spark.internal;

/** Seeds derived from the run's seed, so every worker's randomness is its own and reproducible. */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64's finaliser: a well-mixed 64-bit value of {@code z}. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A seed for one purpose ({@code salt}) of one worker at one point ({@code at}) of a run. */
  public static long of(long runSeed, long salt, int rank, long at) {
    long h = mix64(runSeed ^ 0x9e3779b97f4a7c15L);
    h = mix64(h ^ salt);
    h = mix64(h ^ rank);
    return mix64(h ^ at);
  }

  /** Salt of the per-epoch shuffle of a worker's shard. */
  public static final long SHUFFLE = 0x5348554646L;

  /** Salt of the per-step reseeding of Dropout layers. */
  public static final long DROPOUT = 0x44524f50L;
}
