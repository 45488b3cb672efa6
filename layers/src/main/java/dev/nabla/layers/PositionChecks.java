package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/** The input check the position embeddings share: {@code [B, T, dim]} with {@code T <= max}. */
final class PositionChecks {
  private PositionChecks() {}

  static void check(String label, Tensor x, int maxLength, int dim) {
    if (x.rank() != 3 || x.dim(2) != dim) {
      throw new IllegalArgumentException(
          label + ": input must have shape [B, T, " + dim + "], got " + Fmt.shape(x));
    }
    if (x.dim(1) > maxLength) {
      throw new IllegalArgumentException(
          label
              + ": sequence length "
              + x.dim(1)
              + " exceeds maxLength "
              + maxLength
              + " (input "
              + Fmt.shape(x)
              + ")");
    }
  }
}
