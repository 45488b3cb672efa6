package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.SplitMix64;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout}: in training mode each element is zeroed with
 * probability {@code p} and the others are scaled by {@code 1 / (1 - p)}, so that evaluation needs
 * no rescaling; in evaluation mode the layer is the identity.
 *
 * <p>Each forward pass in training mode draws a fresh mask from the layer's own generator, seeded
 * at construction ({@link Module#DEFAULT_SEED} unless given): the sequence of masks is the same on
 * every run. {@link #reseed} restarts it.
 */
public final class Dropout extends Module {
  private final double p;
  private SplitMix64 rng;

  /** Drops with probability {@code p} in [0, 1], masks seeded with the default seed. */
  public Dropout(double p) {
    this(p, DEFAULT_SEED);
  }

  /** Drops with probability {@code p} in [0, 1], masks drawn from a generator seeded with {@code seed}. */
  public Dropout(double p, long seed) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.rng = new SplitMix64(seed);
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /** Restarts the sequence of masks from {@code seed}: the next mask is the first one for that seed. */
  public void reseed(long seed) {
    this.rng = new SplitMix64(seed);
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
    return mask;
  }


  @Override
  protected String extraRepr() {
    return "p=" + Fmt.number(p);
  }
}
