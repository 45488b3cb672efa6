package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * What the position embeddings share: a table of {@code maxLength} rows of {@code dim} features,
 * whose first T rows {@code forward(x)} adds to {@code x [B, T, dim]} (broadcast over the batch).
 */
abstract class PositionTable extends Module {
  final int maxLength;
  final int dim;

  PositionTable(String type, int maxLength, int dim) {
    this.maxLength = Fmt.atLeast(type, "maxLength", maxLength, 1);
    this.dim = Fmt.atLeast(type, "dim", dim, 1);
  }

  /** The table, [maxLength, dim]. */
  abstract Tensor table();

  /** The longest sequence this table covers. */
  public int maxLength() {
    return maxLength;
  }

  /** Features per position. */
  public int dim() {
    return dim;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    if (x.rank() != 3 || x.dim(2) != dim) {
      throw new IllegalArgumentException(
          label() + ": input must have shape [B, T, " + dim + "], got " + Fmt.shape(x));
    }
    if (x.dim(1) > maxLength) {
      throw new IllegalArgumentException(
          label()
              + ": sequence length "
              + x.dim(1)
              + " exceeds maxLength "
              + maxLength
              + " (input "
              + Fmt.shape(x)
              + ")");
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.add(table().slice(0, 0, x.dim(1)));
  }

  @Override
  protected String extraRepr() {
    return maxLength + ", " + dim;
  }
}
