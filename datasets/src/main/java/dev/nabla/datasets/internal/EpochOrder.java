package dev.nabla.datasets.internal;

/**
 * The example order of one epoch: a Fisher-Yates shuffle of {@code 0..n-1} driven by SplitMix64,
 * whose start state is derived from the loader's seed and the epoch number. Written out here rather
 * than taken from {@code java.util} so that the order is the same on every JDK.
 */
public final class EpochOrder {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private EpochOrder() {}

  /** {@code 0, 1, ..., n-1}. */
  public static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * The permutation of {@code 0..n-1} for {@code (seed, epoch)}: SplitMix64 started at {@code
   * mix(seed) ^ mix(epoch + 1)} (so neighbouring seeds and epochs give unrelated orders), then for
   * {@code i = n-1} down to 1 swap position {@code i} with a uniform {@code j} in {@code [0, i]}.
   */
  public static int[] permutation(int n, long seed, long epoch) {
    int[] order = identity(n);
    long[] state = {mix(seed) ^ mix(epoch + 1)};
    for (int i = n - 1; i > 0; i--) {
      int j = uniform(state, i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Unbiased uniform int in {@code [0, bound)} by rejection, as {@code java.util.Random}. */
  private static int uniform(long[] state, int bound) {
    while (true) {
      int bits = (int) (next(state) >>> 33);
      int value = bits % bound;
      if (bits - value + (bound - 1) >= 0) {
        return value;
      }
    }
  }

  private static long next(long[] state) {
    return mix(state[0] += GOLDEN);
  }

  /** SplitMix64's output function (Stafford variant 13). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
