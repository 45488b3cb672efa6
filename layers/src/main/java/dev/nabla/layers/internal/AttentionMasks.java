package dev.nabla.layers.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * The masks of PyTorch 1.13's {@code nn.MultiheadAttention}, turned into one additive float mask
 * that broadcasts to the logits [B, heads, T, S]: 0 where a key may be attended, -inf where not.
 */
public final class AttentionMasks {
  private AttentionMasks() {}

  /**
   * {@code keyPaddingMask} [B, S] and {@code attnMask} [T, S] or [B * heads, T, S] (each BOOL with
   * true for hidden, or float and added, or null) as one additive mask of {@code dtype}, or null
   * when both are null.
   */
  public static Tensor combine(
      String layer,
      Tensor keyPaddingMask,
      Tensor attnMask,
      int b,
      int heads,
      int t,
      int s,
      DType dtype) {
    Tensor mask = null;
    if (keyPaddingMask != null) {
      if (!Arrays.equals(keyPaddingMask.shape(), new int[] {b, s})) {
        throw new IllegalArgumentException(
            layer
                + ": keyPaddingMask must have shape [B, S] = "
                + Arrays.toString(new int[] {b, s})
                + ", got "
                + Fmt.shape(keyPaddingMask));
      }
      mask = additive(layer, "keyPaddingMask", keyPaddingMask, dtype).reshape(b, 1, 1, s);
    }
    if (attnMask != null) {
      int[] shape = attnMask.shape();
      Tensor m;
      if (Arrays.equals(shape, new int[] {t, s})) {
        m = additive(layer, "attnMask", attnMask, dtype);
      } else if (Arrays.equals(shape, new int[] {b * heads, t, s})) {
        m = additive(layer, "attnMask", attnMask, dtype).reshape(b, heads, t, s);
      } else {
        throw new IllegalArgumentException(
            layer
                + ": attnMask must have shape [T, S] = "
                + Arrays.toString(new int[] {t, s})
                + " or [B * numHeads, T, S] = "
                + Arrays.toString(new int[] {b * heads, t, s})
                + ", got "
                + Fmt.shape(attnMask));
      }
      mask = mask == null ? m : mask.add(m);
    }
    return mask;
  }

  /** An additive [t, s] mask hiding key j from query i when j > i (PyTorch's causal triangle). */
  public static Tensor causal(DType dtype, int t, int s) {
    double[] m = new double[t * s];
    for (int i = 0; i < t; i++) {
      Arrays.fill(m, i * s + Math.min(s, i + 1), (i + 1) * s, Double.NEGATIVE_INFINITY);
    }
    return Tensor.of(m, t, s).to(dtype);
  }

  /** A mask as additive values: a BOOL one as -inf where true, else 0; a float one as it is. */
  static Tensor additive(String layer, String what, Tensor mask, DType dtype) {
    if (mask.dtype().isFloatingPoint()) {
      return mask.dtype() == dtype ? mask : mask.to(dtype);
    }
    if (mask.dtype() == DType.BOOL) {
      // true = hidden: log(0) = -inf where true, log(1) = 0 where false
      return mask.logicalNot().to(dtype).log();
    }
    throw new IllegalArgumentException(
        layer + ": " + what + " must be BOOL or floating-point, got " + mask.dtype());
  }
}
