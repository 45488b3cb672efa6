package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;

/**
 * The output projection of {@link MultiheadAttention}, PyTorch's {@code out_proj}: a linear map
 * whose {@code weight} is {@code [out, in]} in PyTorch's layout (unlike {@link Dense}), applied
 * with {@link Tensor#linear}, so that a PyTorch state dict loads without transposing; {@code bias}
 * is {@code [out]}.
 */
final class OutProjection extends Module {
  private final int in;
  private final int out;
  private final boolean hasBias;

  /** The weight from {@code init} (fan-in {@code in}), the bias zero. */
  OutProjection(int in, int out, boolean bias, Init init, long seed) {
    this.in = in;
    this.out = out;
    this.hasBias = bias;
    registerParameter(
        "weight", Inits.create(label(), "weight", init, new int[] {out, in}, in, out, seed));
    if (bias) {
      registerParameter(
          "bias",
          Inits.create(
              label(), "bias", Init.zeros(), new int[] {out}, in, out, SplitMix64.derive(seed, 1)));
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.linear(parameter("weight"), hasBias ? parameter("bias") : null);
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + in + ", out_features=" + out + ", bias=" + hasBias;
  }
}
