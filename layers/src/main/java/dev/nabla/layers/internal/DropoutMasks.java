package dev.nabla.layers.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * Inverted-dropout masks drawn from a SplitMix64 generator whose 64-bit state lives in an INT32
 * buffer of shape {@code [2]} (low word, high word), so that the state is saved in state dicts and
 * checkpoints: what {@code Dropout} and the recurrent layers' dropout between layers draw.
 */
public final class DropoutMasks {
  private DropoutMasks() {}

  /** Fails with {@code "<layer>: <what> must be in [0, 1], got <p>"} unless p is in [0, 1]. */
  public static double checkProbability(String layer, String what, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(layer + ": " + what + " must be in [0, 1], got " + p);
    }
    return p;
  }

  /** A new state buffer holding {@code seed}. */
  public static Tensor newState(long seed) {
    Tensor state = Tensor.zeros(DType.INT32, 2);
    write(state, seed);
    return state;
  }

  /** The generator's state, read from the buffer (which a loaded state dict may have replaced). */
  public static long read(Tensor state) {
    int[] words = state.intStorage();
    return (words[1] & 0xFFFF_FFFFL) << 32 | words[0] & 0xFFFF_FFFFL;
  }

  /** Writes {@code value} into the state buffer (in place). */
  public static void write(Tensor state, long value) {
    int[] words = state.intStorage();
    words[0] = (int) value;
    words[1] = (int) (value >>> 32);
    state.markModified();
  }

  /**
   * A mask of {@code shape}: 0 with probability p, else 1 / (1 - p) (p = 1 gives all zeros), drawn
   * from the generator in {@code state}, which is advanced past the draws.
   */
  public static Tensor draw(Tensor state, double p, DType dtype, int[] shape) {
    SplitMix64 rng = new SplitMix64(read(state));
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
    write(state, rng.state());
    return mask;
  }
}
