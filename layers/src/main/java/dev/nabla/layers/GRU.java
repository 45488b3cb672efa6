package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.GruScan;

/**
 * A multi-layer gated recurrent unit over {@code [batch, seq, inputSize]} input, as PyTorch's
 * {@code nn.GRU(inputSize, hiddenSize, numLayers, bias, batch_first=True, dropout, bidirectional)}.
 * Each layer computes, with PyTorch's gate order (r, z, n):
 *
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r (W_hn h + b_hn))
 * h' = (1 - z) n + z h
 * </pre>
 *
 * <pre>{@code
 * GRU gru = new GRU(10, 20);
 * Tensor y = gru.apply(x);                  // x [B, T, 10] -> y [B, T, 20]
 * GRU.Output o = gru.forward(x, h0);        // h0 [1, B, 20]; o.h() [1, B, 20]
 * }</pre>
 *
 * <p>The parameters have PyTorch's names and shapes, so a PyTorch state dict loads one to one (no
 * transposes): for layer {@code k}, {@code weight_ih_l{k} [3H, in]}, {@code weight_hh_l{k} [3H,
 * H]}, {@code bias_ih_l{k} [3H]}, {@code bias_hh_l{k} [3H]}, with the suffix {@code _reverse} for
 * the backward direction; initialisation, dropout between layers and its buffer are as in {@link
 * LSTM}. Each layer and direction runs as one graph node: one matrix product for the input
 * projection of all steps, then one {@code [B, H] x [H, 3H]} product per step.
 */
public final class GRU extends Recurrent {

  /**
   * The output sequence {@code [B, T, directions() * H]} and the final hidden state {@code
   * [numLayers * directions(), B, H]}, in PyTorch's layout.
   */
  public record Output(Tensor output, Tensor h) {}

  /** One layer, with biases, PyTorch's initialisation and a seed from the global generator. */
  public GRU(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  /** {@code numLayers} stacked layers, with biases, unidirectional, no dropout. */
  public GRU(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, true, false, 0);
  }

  /**
   * All of PyTorch's options, PyTorch's initialisation and a seed from the global generator ({@link
   * Nabla#nextSeed()}).
   */
  public GRU(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional,
      double dropout) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkArguments("GRU", inputSize, hiddenSize, numLayers, dropout);
    this(
        inputSize,
        hiddenSize,
        numLayers,
        bias,
        bidirectional,
        dropout,
        Init.pytorchDefault(),
        Nabla.nextSeed());
  }

  /**
   * The full form: every parameter drawn from {@code init} (fan-in {@code hiddenSize}, fan-out
   * {@code 3 * hiddenSize}) with a seed derived from {@code seed}.
   */
  public GRU(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional,
      double dropout,
      Init init,
      long seed) {
    super("GRU", 3, inputSize, hiddenSize, numLayers, bias, bidirectional, dropout, init, seed);
  }

  /** The output sequence for {@code x [B, T, inputSize]}, from a zero initial state. */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, null, null).output();
  }

  /**
   * The output sequence and final state for {@code x [B, T, inputSize]} from the initial state
   * {@code h0 [numLayers * directions(), B, H]} (null for zeros). The input is checked as by {@link
   * #apply}.
   *
   * @throws IllegalArgumentException naming this layer, when the input or the state does not fit
   */
  public Output forward(Tensor x, Tensor h0) {
    Run r = run(x, h0, null);
    return new Output(r.output(), r.h());
  }

  @Override
  Tensor scan(Tensor xp, Tensor whh, Tensor bhh, Tensor h0, Tensor c0, boolean reverse) {
    GruScan op = new GruScan(reverse, bhh != null);
    return bhh == null ? op.apply(xp, whh, h0) : op.apply(xp, whh, bhh, h0);
  }
}
