package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.SplitMix64;

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
    registerBuffer(RNG_STATE, Tensor.zeros(DType.INT32, 2));
    reseed(seed);
  }

  private static double checkP(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
    }
    return p;
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /**
   * Restarts the sequence of masks from {@code seed}: the next mask is the first one for that seed.
   */
  public void reseed(long seed) {
    writeState(seed);
  }

  /** The generator's state, read from the buffer (which a loaded state dict may have replaced). */
  private long readState() {
    int[] words = buffer(RNG_STATE).intStorage();
    return (words[1] & 0xFFFF_FFFFL) << 32 | words[0] & 0xFFFF_FFFFL;
  }

  private void writeState(long state) {
    Tensor buf = buffer(RNG_STATE);
    int[] words = buf.intStorage();
    words[0] = (int) state;
    words[1] = (int) (state >>> 32);
    buf.markModified();
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    return x.mul(mask(x.dtype(), x.shape()));
  }

  /** 0 with probability p, else 1 / (1 - p); p = 1 gives all zeros. */
  private Tensor mask(DType dtype, int[] shape) {
    SplitMix64 rng = new SplitMix64(readState());
    Tensor mask = Tensor.zeros(dtype, shape);
    double scale = p < 1 ? 1 / (1 - p) : 0;
    // Element i is dropped when its 53-bit uniform u satisfies u < p·2^53 (the same draws as
    // nextDouble() < p), decided without a branch: with p = 0.5 a branch mispredicts half the time.
    long threshold = (long) Math.ceil(p * 0x1.0p53);
    if (dtype == DType.FLOAT32) {
      float[] m = mask.floatStorage();
      float s = (float) scale;
      for (int i = 0; i < m.length; i++) {
        long u = rng.nextLong() >>> 11;
        m[i] = s * (1 - (int) ((u - threshold) >>> 63));
      }
    } else {
      double[] m = mask.doubleStorage();
      for (int i = 0; i < m.length; i++) {
        long u = rng.nextLong() >>> 11;
        m[i] = scale * (1 - (int) ((u - threshold) >>> 63));
      }
    }
    writeState(rng.state());
    return mask;
  }

  @Override
  protected String extraRepr() {
    return "p=" + Fmt.number(p);
  }
}
