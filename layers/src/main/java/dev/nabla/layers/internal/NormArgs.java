package dev.nabla.layers.internal;

import dev.nabla.core.Tensor;
import java.util.Arrays;

/** The arguments and the input check shared by the normalisation layers over trailing axes. */
public final class NormArgs {
  private NormArgs() {}

  /**
   * A copy of {@code shape} after checking it is non-empty with sizes >= 1, naming {@code layer}.
   */
  public static int[] normalizedShape(String layer, int[] shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(
          layer + ": expected a non-empty normalizedShape, got " + Arrays.toString(shape));
    }
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            layer + ": normalizedShape must have sizes >= 1, got " + Arrays.toString(shape));
      }
    }
    return shape.clone();
  }

  /** {@code eps} after checking it is finite and >= 0. */
  public static double eps(String layer, double eps) {
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException(layer + ": eps must be finite and >= 0, got " + eps);
    }
    return eps;
  }

  /** Fails unless {@code x}'s shape ends in {@code normalizedShape}. */
  public static void checkTrailing(String label, Tensor x, int[] normalizedShape) {
    int[] xs = x.shape();
    int k = normalizedShape.length;
    boolean ok = xs.length >= k;
    for (int i = 0; ok && i < k; i++) {
      ok = xs[xs.length - k + i] == normalizedShape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          label
              + ": input of shape "
              + Arrays.toString(xs)
              + " does not end in normalizedShape "
              + Arrays.toString(normalizedShape));
    }
  }
}
