package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.DropoutMasks;
import dev.nabla.layers.internal.Fmt;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout}: in training mode each element is zeroed with
 * probability {@code p} and the others are scaled by {@code 1 / (1 - p)}, so that evaluation needs
 * no rescaling; in evaluation mode the layer is the identity.
 *
 * <p>Each forward pass in training mode draws a fresh mask from the layer's own generator, seeded
 * at construction (from the global generator, {@link Nabla#nextSeed()}, unless given): the sequence
 * of masks is the same on every run that builds its layers in the same order. {@link #reseed}
 * restarts it.
 *
 * <p>The generator's 64-bit state is the buffer {@value #RNG_STATE}, an INT32 tensor of shape
 * {@code [2]} (low word, high word: nabla tensors have no 64-bit integers), so it is part of the
 * {@link #stateDict()} and of every checkpoint: a run resumed from a checkpoint draws the same
 * masks as the uninterrupted run would have, and {@link #loadStateDict} puts the generator back
 * where it was when the state was saved.
 */
public final class Dropout extends Module {
  /** The name of the buffer that holds the generator's state. */
  public static final String RNG_STATE = "rng_state";

  private final double p;

  /** Drops with probability {@code p} in [0, 1], masks seeded from the global generator. */
  public Dropout(double p) {
    checkP(p); // before drawing: a rejected layer must not shift the global generator's sequence
    this(p, Nabla.nextSeed());
  }

  /**
   * Drops with probability {@code p} in [0, 1], masks drawn from a generator seeded with {@code
   * seed}.
   */
  public Dropout(double p, long seed) {
    this.p = checkP(p);
    registerBuffer(RNG_STATE, DropoutMasks.newState(seed));
  }

  private static double checkP(double p) {
    return DropoutMasks.checkProbability("Dropout", "p", p);
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /**
   * Restarts the sequence of masks from {@code seed}: the next mask is the first one for that seed.
   */
  public void reseed(long seed) {
    DropoutMasks.write(buffer(RNG_STATE), seed);
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    return x.mul(DropoutMasks.draw(buffer(RNG_STATE), p, x.dtype(), x.shape()));
  }

  @Override
  protected String extraRepr() {
    return "p=" + Fmt.number(p);
  }
}
