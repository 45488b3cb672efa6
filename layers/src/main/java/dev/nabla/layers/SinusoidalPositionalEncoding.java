package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * The fixed sinusoidal position encoding of Vaswani et al., "Attention Is All You Need" (2017):
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i / dim))} and {@code PE[pos, 2i + 1] = cos(pos /
 * 10000^(2i / dim))}, held in the buffer {@code pe} [maxLength, dim] (not trained; saved in the
 * state dict, as PyTorch tutorials register it). {@code forward(x)} for {@code x [B, T, dim]}
 * returns {@code x + pe[0..T-1]}. An odd {@code dim} ends with a sine column.
 */
public final class SinusoidalPositionalEncoding extends Module {
  private final int maxLength;
  private final int dim;

  /** The encoding of positions {@code 0 .. maxLength-1} in {@code dim} features. */
  public SinusoidalPositionalEncoding(int maxLength, int dim) {
    this.maxLength = Fmt.atLeast("SinusoidalPositionalEncoding", "maxLength", maxLength, 1);
    this.dim = Fmt.atLeast("SinusoidalPositionalEncoding", "dim", dim, 1);
    float[] pe = new float[maxLength * dim];
    for (int pos = 0; pos < maxLength; pos++) {
      for (int c = 0; c < dim; c++) {
        int even = c - c % 2;
        double angle = pos / Math.pow(10000, (double) even / dim);
        pe[pos * dim + c] = (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    registerBuffer("pe", Tensor.of(pe, maxLength, dim));
  }

  /** The longest sequence this encoding covers. */
  public int maxLength() {
    return maxLength;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    PositionChecks.check(label(), x, maxLength, dim);
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor pe = buffer("pe");
    return x.add(pe.slice(0, 0, x.dim(1)));
  }

  @Override
  protected String extraRepr() {
    return maxLength + ", " + dim;
  }
}
