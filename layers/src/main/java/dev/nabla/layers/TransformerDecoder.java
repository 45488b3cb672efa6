package dev.nabla.layers;

import dev.nabla.core.Tensor;
import java.util.function.Supplier;

/**
 * A stack of decoder layers, PyTorch's {@code nn.TransformerDecoder(decoder_layer, num_layers,
 * norm)}: each layer attends to the same memory with the same masks, then the optional final norm.
 * Children {@code layers} ({@code layers.0}, {@code layers.1}, ...) and {@code norm}, as PyTorch
 * names them; each layer is a new one from {@code layer}.
 */
public final class TransformerDecoder extends Module {
  private final Sequential layers;
  private final Module norm;

  /**
   * {@code numLayers} layers, each from {@code layer}, and {@code norm} (null for none) after the
   * last.
   */
  public TransformerDecoder(Supplier<TransformerDecoderLayer> layer, int numLayers, Module norm) {
    this.layers = registerModule("layers", Stacks.build("TransformerDecoder", layer, numLayers));
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
  public TransformerDecoderLayer layer(int i) {
    return (TransformerDecoderLayer) layers.get(i);
  }

  /**
   * The output for {@code tgt}, which is also the memory: {@link
   * TransformerDecoderLayer#forward(Tensor)}.
   */
  @Override
  public Tensor forward(Tensor tgt) {
    return compute(tgt, tgt, null, null, null, null, false);
  }

  /**
   * The output for {@code tgt [B, T, dModel]} and {@code memory [B, S, dModel]}, every layer with
   * the same masks, as {@link TransformerDecoderLayer#forward(Tensor, Tensor, Tensor, Tensor,
   * Tensor, Tensor, boolean)} takes them.
   */
  public Tensor forward(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask,
      boolean tgtIsCausal) {
    return apply(
        tgt,
        in ->
            compute(
                in,
                memory,
                tgtMask,
                memoryMask,
                tgtKeyPaddingMask,
                memoryKeyPaddingMask,
                tgtIsCausal));
  }

  private Tensor compute(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask,
      boolean tgtIsCausal) {
    // run inside the stack's "layers" scope, so that a layer's path is layers.0, as its name
    Tensor out =
        layers.apply(
            tgt,
            in -> {
              Tensor h = in;
              for (int i = 0; i < layers.size(); i++) {
                h =
                    layer(i)
                        .forward(
                            h,
                            memory,
                            tgtMask,
                            memoryMask,
                            tgtKeyPaddingMask,
                            memoryKeyPaddingMask,
                            tgtIsCausal);
              }
              return h;
            });
    return norm == null ? out : norm.apply(out);
  }
}
