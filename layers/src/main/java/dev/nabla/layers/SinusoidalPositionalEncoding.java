package dev.nabla.layers;

import dev.nabla.core.Tensor;

/**
 * The fixed sinusoidal position encoding of Vaswani et al., "Attention Is All You Need" (2017):
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i / dim))} and {@code PE[pos, 2i + 1] = cos(pos /
 * 10000^(2i / dim))}, held in the buffer {@code pe} [maxLength, dim] (not trained; saved in the
 * state dict, as PyTorch tutorials register it). {@code forward(x)} for {@code x [B, T, dim]}
 * returns {@code x + pe[0..T-1]}; a sequence longer than {@code maxLength} is rejected. An odd
 * {@code dim} ends with a sine column.
 */
public final class SinusoidalPositionalEncoding extends PositionTable {

  /** The encoding of positions {@code 0 .. maxLength-1} in {@code dim} features. */
  public SinusoidalPositionalEncoding(int maxLength, int dim) {
    super("SinusoidalPositionalEncoding", maxLength, dim);
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

  @Override
  Tensor table() {
    return buffer("pe");
  }
}
