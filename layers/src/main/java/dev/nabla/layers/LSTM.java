package dev.nabla.layers;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.LstmScan;

/**
 * A multi-layer long short-term memory over {@code [batch, seq, inputSize]} input, as PyTorch's
 * {@code nn.LSTM(inputSize, hiddenSize, numLayers, bias, batch_first=True, dropout,
 * bidirectional)}. Each layer computes, with PyTorch's gate order (i, f, g, o):
 *
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
 * c' = f c + i g                           h' = o tanh(c')
 * </pre>
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20, 2, true, true, 0.0);    // 2 layers, bidirectional
 * Tensor y = lstm.apply(x);                            // x [B, T, 10] -> y [B, T, 40]
 * LSTM.Output o = lstm.forward(x, h0, c0);             // h0, c0 [4, B, 20]; o.h(), o.c() the same
 * }</pre>
 *
 * <p>The parameters have PyTorch's names and shapes, so a PyTorch state dict loads one to one (no
 * transposes, unlike {@link Dense}): for layer {@code k}, {@code weight_ih_l{k} [4H, in]} ({@code
 * in} is {@code inputSize} for layer 0, {@code directions() * H} above), {@code weight_hh_l{k} [4H,
 * H]}, {@code bias_ih_l{k} [4H]}, {@code bias_hh_l{k} [4H]}, each with the suffix {@code _reverse}
 * for the backward direction. By default every one is drawn from PyTorch's {@code U(-1/sqrt(H),
 * 1/sqrt(H))} ({@link Init#pytorchDefault()} with fan-in {@code H}), each from its own seed derived
 * from the layer's. With {@code dropout > 0} and more than one layer, the output of every layer but
 * the last is dropped as by {@link Dropout} in training mode, with masks from the layer's own
 * generator, whose state is the buffer {@value Dropout#RNG_STATE} (one state-dict entry more than
 * PyTorch's; a checkpoint resumes the sequence of masks).
 *
 * <p>Each layer and direction runs as one graph node: the input projection of all steps is one
 * matrix product, then each step costs one {@code [B, H] x [H, 4H]} product and the gate
 * arithmetic, forward and backward.
 */
public final class LSTM extends Recurrent {

  /**
   * The output sequence {@code [B, T, directions() * H]} and the final hidden and cell states
   * {@code [numLayers * directions(), B, H]}, in PyTorch's layout (layer-major, forward direction
   * before reverse).
   */
  public record Output(Tensor output, Tensor h, Tensor c) {}

  /** One layer, with biases, PyTorch's initialisation and a seed from the global generator. */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  /** {@code numLayers} stacked layers, with biases, unidirectional, no dropout. */
  public LSTM(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, true, false, 0);
  }

  /**
   * All of PyTorch's options, PyTorch's initialisation and a seed from the global generator ({@link
   * Nabla#nextSeed()}).
   */
  public LSTM(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional,
      double dropout) {
    // Checked before drawing: a rejected layer must not shift the global generator's sequence.
    checkArguments("LSTM", inputSize, hiddenSize, numLayers, dropout);
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
   * {@code 4 * hiddenSize}) with a seed derived from {@code seed}.
   */
  public LSTM(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional,
      double dropout,
      Init init,
      long seed) {
    super("LSTM", 4, inputSize, hiddenSize, numLayers, bias, bidirectional, dropout, init, seed);
  }

  /** The output sequence for {@code x [B, T, inputSize]}, from zero initial states. */
  @Override
  public Tensor forward(Tensor x) {
    return compute(x, null, null).output();
  }

  /**
   * The output sequence and final states for {@code x [B, T, inputSize]} from the initial states
   * {@code h0} and {@code c0}, each {@code [numLayers * directions(), B, H]} or null for zeros. The
   * input is checked as by {@link #apply}.
   *
   * @throws IllegalArgumentException naming this layer, when the input or a state does not fit
   */
  public Output forward(Tensor x, Tensor h0, Tensor c0) {
    Run r = run(x, h0, c0);
    return new Output(r.output(), r.h(), r.c());
  }

  @Override
  Tensor scan(Tensor xp, Tensor whh, Tensor bhh, Tensor h0, Tensor c0, boolean reverse) {
    LstmScan op = new LstmScan(reverse, bhh != null);
    return bhh == null ? op.apply(xp, whh, h0, c0) : op.apply(xp, whh, bhh, h0, c0);
  }
}
