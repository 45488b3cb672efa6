package dev.nabla.core;

import dev.nabla.core.internal.Rng;

/**
 * Process-wide state of nabla: the global generator that layers built without a seed draw from
 * (PyTorch's {@code torch.manual_seed} and default generator).
 *
 * <pre>{@code
 * Nabla.manualSeed(7);
 * Dense a = new Dense(16, 16);   // its own stream, drawn from the global generator
 * Dense b = new Dense(16, 16);   // another stream: different weights from a
 * Nabla.manualSeed(7);
 * Dense c = new Dense(16, 16);   // the same weights as a
 * }</pre>
 *
 * <p>The generator starts at {@link #DEFAULT_SEED} when the JVM loads nabla, so a program that
 * builds its layers in the same order starts from the same weights on every run. Each layer built
 * without a seed takes one seed from it ({@link #nextSeed()}) and derives its weight, bias and
 * Dropout streams from that seed exactly as if it had been given explicitly; a layer given a seed
 * draws nothing and is unaffected by {@code manualSeed}. Layers without randomness (BatchNorm,
 * activations) draw nothing either. The methods are thread-safe; layers built concurrently on
 * several threads each get a distinct seed, in an order that depends on the scheduling.
 */
public final class Nabla {
  /** The global generator's seed when nabla is loaded, until {@link #manualSeed} changes it. */
  public static final long DEFAULT_SEED = 42L;

  private static final Object LOCK = new Object();
  private static long initialSeed = DEFAULT_SEED;
  private static Rng generator = new Rng(DEFAULT_SEED);

  private Nabla() {}

  // ---------------------------------------------------------------- the global generator

  /**
   * Restarts the global generator from {@code seed}, as {@code torch.manual_seed}: the layers built
   * without a seed afterwards get the same weights, in order, as after any other call with the same
   * seed.
   */
  public static void manualSeed(long seed) {
    synchronized (LOCK) {
      initialSeed = seed;
      generator = new Rng(seed);
    }
  }

  /** The seed the global generator was last started from ({@code torch.initial_seed()}). */
  public static long initialSeed() {
    synchronized (LOCK) {
      return initialSeed;
    }
  }

  /**
   * Draws the seed of a new random stream from the global generator: what a layer built without a
   * seed uses. Successive calls give distinct, well-mixed seeds (SplitMix64 outputs), and the
   * sequence after {@code manualSeed(s)} is a function of {@code s} alone.
   */
  public static long nextSeed() {
    synchronized (LOCK) {
      return generator.nextLong();
    }
  }
}
