package dev.nabla.examples;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Embedding;
import dev.nabla.layers.LayerNorm;
import dev.nabla.layers.LearnedPositionalEmbedding;
import dev.nabla.layers.Module;
import dev.nabla.layers.TransformerEncoder;
import dev.nabla.layers.TransformerEncoderLayer;
import java.util.Arrays;
import java.util.Map;

/**
 * A GPT-style character model, the one {@code ../shared/peers/lm/char_gpt_torch.py} trains in
 * PyTorch: token and learned position embeddings, {@code layers} pre-norm blocks of causal
 * self-attention and a GELU MLP of width 4×, a final LayerNorm, and output weights tied to the
 * token embedding (the logits are {@code x · tok.weightᵀ}).
 *
 * <p>Initialisation as the reference: GPT-2's N(0, 0.02) for the embeddings and every {@code
 * nn.Linear} (the MLP's two and attention's output projection), their biases zero; attention's
 * input projection keeps {@code nn.MultiheadAttention}'s own Xavier-uniform initialisation, which
 * the reference's loop over {@code nn.Linear} modules does not touch; LayerNorms are ones and
 * zeros.
 */
final class CharGpt extends Module {
  /** The model's size: vocabulary, blocks, heads, embedding width and context length. */
  record Config(int vocab, int layers, int heads, int embd, int context) {
    Config {
      if (vocab < 1 || layers < 1 || heads < 1 || embd < 1 || context < 1) {
        throw new IllegalArgumentException(
            "CharGpt: every size must be at least 1, got " + this.toString());
      }
      if (embd % heads != 0) {
        throw new IllegalArgumentException(
            "CharGpt: the embedding width " + embd + " must be a multiple of the heads " + heads);
      }
    }
  }

  private final Config config;
  private final Embedding tok;
  private final LearnedPositionalEmbedding pos;
  private final TransformerEncoder blocks;
  private final LayerNorm ln;

  CharGpt(Config c, long seed) {
    this.config = c;
    tok = registerModule("tok", new Embedding(c.vocab(), c.embd()));
    pos = registerModule("pos", new LearnedPositionalEmbedding(c.context(), c.embd()));
    blocks =
        registerModule(
            "blocks",
            new TransformerEncoder(
                () ->
                    new TransformerEncoderLayer(
                        c.embd(),
                        c.heads(),
                        4 * c.embd(),
                        0.0,
                        dev.nabla.layers.Activation.GELU,
                        1e-5,
                        true),
                c.layers(),
                null));
    ln = registerModule("ln", new LayerNorm(c.embd()));
    gpt2Init(seed);
  }

  Config config() {
    return config;
  }

  /** The logits [B, T, vocab] for the token ids {@code ids} [B, T] (INT32), T at most context. */
  @Override
  public Tensor forward(Tensor ids) {
    Tensor x = pos.apply(tok.apply(ids));
    x = blocks.forward(x, null, null, true);
    return ln.apply(x).linear(tok.weight(), null);
  }

  @Override
  protected void checkInput(Tensor ids) {
    if (ids.dtype() != DType.INT32 && ids.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          "CharGpt: expected token ids of dtype INT32 or INT64, got " + ids.dtype());
    }
    if (ids.rank() != 2 || ids.dim(1) < 1 || ids.dim(1) > config.context()) {
      throw new IllegalArgumentException(
          "CharGpt: expected token ids [batch, T] with 1 <= T <= "
              + config.context()
              + ", got shape "
              + Arrays.toString(ids.shape()));
    }
  }

  private void gpt2Init(long seed) {
    long draw = seed;
    try (var _ = Grad.disabled()) {
      for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
        String name = e.getKey();
        Tensor p = e.getValue();
        boolean linearOrEmbedding =
            name.equals("tok.weight")
                || name.equals("pos.weight")
                || name.endsWith("linear1.weight")
                || name.endsWith("linear2.weight")
                || name.endsWith("out_proj.weight");
        boolean linearBias =
            name.endsWith("linear1.bias")
                || name.endsWith("linear2.bias")
                || name.endsWith("out_proj.bias");
        if (linearOrEmbedding) {
          p.copyFrom(Tensor.randn(draw++, p.dtype(), p.shape()).mul(0.02));
        } else if (linearBias) {
          p.fill(0);
        }
      }
    }
  }
}
