package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.DropoutMasks;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.Inits;
import dev.nabla.layers.internal.SplitMix64;
import java.util.Arrays;

/**
 * What {@link LSTM} and {@link GRU} share, as PyTorch's {@code nn.RNNBase} with {@code
 * batch_first=True}: the arguments, the parameters under PyTorch's names and shapes, the input and
 * state checks, and the stacking of layers and directions around one scan op per layer and
 * direction.
 */
abstract sealed class Recurrent extends Module permits LSTM, GRU {
  private final int inputSize;
  private final int hiddenSize;
  private final int numLayers;
  private final boolean hasBias;
  private final boolean bidirectional;
  private final double dropout;
  private final boolean cell;

  /** The output sequence and the final states of a run ({@code c} null for a GRU). */
  record Run(Tensor output, Tensor h, Tensor c) {}

  /**
   * Registers the parameters of {@code numLayers} layers of {@code gates} gates each, every one
   * drawn from {@code init} with fan-in {@code hiddenSize} (so that {@link Init#pytorchDefault()}
   * is PyTorch's {@code U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize))}) and a seed derived from {@code
   * seed}; with dropout between layers, also the dropout generator's state.
   */
  Recurrent(
      String type,
      int gates,
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional,
      double dropout,
      Init init,
      long seed) {
    checkArguments(type, inputSize, hiddenSize, numLayers, dropout);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.hasBias = bias;
    this.bidirectional = bidirectional;
    this.dropout = dropout;
    this.cell = gates == 4;
    int rows = gates * hiddenSize;
    int stream = 0;
    for (int layer = 0; layer < numLayers; layer++) {
      int in = layer == 0 ? inputSize : hiddenSize * directions();
      for (int d = 0; d < directions(); d++) {
        String suffix = suffix(layer, d);
        register("weight_ih" + suffix, init, new int[] {rows, in}, seed, stream++);
        register("weight_hh" + suffix, init, new int[] {rows, hiddenSize}, seed, stream++);
        if (bias) {
          register("bias_ih" + suffix, init, new int[] {rows}, seed, stream++);
          register("bias_hh" + suffix, init, new int[] {rows}, seed, stream++);
        }
      }
    }
    if (dropsBetweenLayers()) {
      registerBuffer(Dropout.RNG_STATE, DropoutMasks.newState(SplitMix64.derive(seed, stream)));
    }
  }

  /** The checks of the constructor arguments, run before a seed is drawn. */
  static void checkArguments(
      String type, int inputSize, int hiddenSize, int numLayers, double dropout) {
    Fmt.atLeast(type, "inputSize", inputSize, 1);
    Fmt.atLeast(type, "hiddenSize", hiddenSize, 1);
    Fmt.atLeast(type, "numLayers", numLayers, 1);
    DropoutMasks.checkProbability(type, "dropout", dropout);
  }

  private void register(String name, Init init, int[] shape, long seed, int stream) {
    registerParameter(
        name,
        Inits.create(
            label(), name, init, shape, hiddenSize, shape[0], SplitMix64.derive(seed, stream)));
  }

  /** PyTorch's parameter suffix: {@code _l0}, {@code _l1_reverse}. */
  private static String suffix(int layer, int direction) {
    return "_l" + layer + (direction == 1 ? "_reverse" : "");
  }

  private boolean dropsBetweenLayers() {
    return dropout > 0 && numLayers > 1;
  }

  /** Features of each input step. */
  public int inputSize() {
    return inputSize;
  }

  /** Features of the hidden state (per direction). */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** Stacked layers. */
  public int numLayers() {
    return numLayers;
  }

  /** Whether the layers have the biases {@code bias_ih} and {@code bias_hh}. */
  public boolean hasBias() {
    return hasBias;
  }

  /** Whether each layer also runs over the sequence backwards. */
  public boolean isBidirectional() {
    return bidirectional;
  }

  /** 2 for a bidirectional layer, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** The drop probability applied to the output of every layer but the last, in training mode. */
  public double dropout() {
    return dropout;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    if (x.rank() != 3) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has rank "
              + x.rank()
              + ", expected [batch, seq, "
              + inputSize
              + "] (batch_first)");
    }
    if (x.dim(2) != inputSize) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has "
              + x.dim(2)
              + " features per step, expected inputSize "
              + inputSize);
    }
    if (x.dim(0) == 0 || x.dim(1) == 0) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " is empty, expected at least one sequence of at least one step");
    }
  }

  /**
   * {@link #compute} through {@link Module#apply}: the input checks, the name scope, the summary.
   */
  final Run run(Tensor x, Tensor h0, Tensor c0) {
    Run[] out = new Run[1];
    apply(x, in -> (out[0] = compute(in, h0, c0)).output());
    return out[0];
  }

  /** The scan op of one layer and direction over the time-major input projection {@code xp}. */
  abstract Tensor scan(Tensor xp, Tensor whh, Tensor bhh, Tensor h0, Tensor c0, boolean reverse);

  /**
   * The layers over a checked input {@code x [B, T, in]}, from the initial states {@code h0} and
   * {@code c0} (zeros when null): the output sequence and the final states, PyTorch's layout.
   */
  final Run compute(Tensor x, Tensor h0, Tensor c0) {
    int batch = x.dim(0), steps = x.dim(1);
    checkState("h0", h0, x);
    if (cell) {
      checkState("c0", c0, x);
    }
    int n = numLayers * directions();
    Tensor[] hn = new Tensor[n];
    Tensor[] cn = new Tensor[n];
    Tensor seq = x.permute(1, 0, 2); // time-major: each step's rows are contiguous
    for (int layer = 0; layer < numLayers; layer++) {
      Tensor flat = seq.reshape(steps * batch, seq.dim(2));
      Tensor[] outs = new Tensor[directions()];
      for (int d = 0; d < directions(); d++) {
        String suffix = suffix(layer, d);
        Tensor wihT = parameter("weight_ih" + suffix).transpose();
        // the input projection of every step in one product, b_ih added inside it
        Tensor xp =
            (hasBias ? flat.matmul(wihT, parameter("bias_ih" + suffix)) : flat.matmul(wihT))
                .reshape(steps, batch, -1);
        int k = layer * directions() + d;
        Tensor packed =
            scan(
                xp,
                parameter("weight_hh" + suffix),
                hasBias ? parameter("bias_hh" + suffix) : null,
                initial(h0, k, x),
                cell ? initial(c0, k, x) : null,
                d == 1);
        outs[d] = cell ? packed.slice(0, 0, steps) : packed;
        int last = d == 1 ? 0 : steps - 1;
        hn[k] = outs[d].slice(0, last, last + 1);
        cn[k] = cell ? packed.slice(0, steps, steps + 1) : null;
      }
      seq = outs.length == 1 ? outs[0] : Tensor.concat(2, outs);
      if (dropsBetweenLayers() && layer < numLayers - 1 && isTraining()) {
        seq =
            seq.mul(DropoutMasks.draw(buffer(Dropout.RNG_STATE), dropout, x.dtype(), seq.shape()));
      }
    }
    return new Run(seq.permute(1, 0, 2), Tensor.concat(0, hn), cell ? Tensor.concat(0, cn) : null);
  }

  /** Layer-and-direction {@code k}'s initial state {@code [B, H]}: zeros without a state. */
  private Tensor initial(Tensor state, int k, Tensor x) {
    return state == null
        ? Tensor.zeros(x.dtype(), x.dim(0), hiddenSize)
        : state.slice(0, k, k + 1).reshape(x.dim(0), hiddenSize);
  }

  private void checkState(String name, Tensor state, Tensor x) {
    if (state == null) {
      return;
    }
    int[] want = {numLayers * directions(), x.dim(0), hiddenSize};
    if (!Arrays.equals(state.shape(), want)) {
      throw new IllegalArgumentException(
          label()
              + ": "
              + name
              + " has shape "
              + Fmt.shape(state)
              + ", expected [numLayers * numDirections, batch, hiddenSize] = "
              + Arrays.toString(want)
              + " for input "
              + Fmt.shape(x));
    }
    DType dtype = x.dtype();
    if (state.dtype() != dtype) {
      throw new IllegalArgumentException(
          label()
              + ": "
              + name
              + " is "
              + state.dtype()
              + ", expected "
              + dtype
              + " like the input");
    }
  }

  @Override
  protected String extraRepr() {
    return inputSize
        + ", "
        + hiddenSize
        + (numLayers != 1 ? ", num_layers=" + numLayers : "")
        + (hasBias ? "" : ", bias=False")
        + ", batch_first=True"
        + (dropout != 0 ? ", dropout=" + Fmt.number(dropout) : "")
        + (bidirectional ? ", bidirectional=True" : "");
  }
}
