package dev.nabla.layers;

import dev.nabla.core.Tensor;
import java.util.function.Supplier;

/**
 * A stack of encoder layers, PyTorch's {@code nn.TransformerEncoder(encoder_layer, num_layers,
 * norm)}: the layers run one after the other with the same masks, then the optional final norm. The
 * children are PyTorch's: {@code layers} (its layers named {@code 0}, {@code 1}, ..., so a
 * parameter is {@code layers.0.self_attn.in_proj_weight}) and {@code norm}. Where PyTorch
 * deep-copies one layer (every layer starts with the same weights), each layer here is a new one
 * from {@code layer}.
 */
public final class TransformerEncoder extends Module {
  private final Sequential layers;
  private final Module norm;

  /**
   * {@code numLayers} layers, each from {@code layer}, and {@code norm} (null for none) after the
   * last.
   */
  public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers, Module norm) {
    this.layers = registerModule("layers", Stacks.build("TransformerEncoder", layer, numLayers));
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /** Number of layers. */
  public int numLayers() {
    return layers.size();
  }

  /** The norm after the last layer, or null for none. */
  public Module norm() {
    return norm;
  }

  /** Layer {@code i}. */
  public TransformerEncoderLayer layer(int i) {
    return (TransformerEncoderLayer) layers.get(i);
  }

  /** The output for {@code x [B, T, dModel]}, unmasked. */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, null, null, false);
  }

  /**
   * The output for {@code x} with the masks every layer's self-attention gets, as {@link
   * TransformerEncoderLayer#forward(Tensor, Tensor, Tensor, boolean)} takes them.
   */
  public Tensor forward(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
    return apply(x, in -> compute(in, mask, keyPaddingMask, isCausal));
  }

  private Tensor compute(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
    // run inside the stack's "layers" scope, so that a layer's path is layers.0, as its name
    Tensor out =
        layers.apply(
            x,
            in -> {
              Tensor h = in;
              for (int i = 0; i < layers.size(); i++) {
                h = layer(i).forward(h, mask, keyPaddingMask, isCausal);
              }
              return h;
            });
    return norm == null ? out : norm.apply(out);
  }
}
