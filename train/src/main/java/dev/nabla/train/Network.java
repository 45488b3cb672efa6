package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.Loss;
import dev.nabla.optim.SGD;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The tutorial's network, as a thin layer over {@link Sequential} and plain {@link SGD}: add
 * layers, pick a loss, fit one sample per step, predict.
 *
 * <pre>{@code
 * Network net = new Network();
 * net.add(new Dense(2, 3, Init.uniform(-0.5, 0.5), 7L));
 * net.add(new Tanh());
 * net.add(new Dense(3, 1, Init.uniform(-0.5, 0.5), 107L));
 * net.add(new Tanh());
 * net.use(new MSELoss());
 * net.fit(xor.inputs(), xor.targets(), 1000, 0.1);     // prints "epoch i/1000 error=..."
 * Tensor out = net.predict(xor.inputs());
 * }</pre>
 *
 * <p>For mini-batches, validation, callbacks and progress bars use {@link Trainer} on {@link
 * #model()}.
 */
public final class Network {
  private final Sequential model = new Sequential();
  private Loss loss;
  private PrintStream out = System.out;

  /** An empty network (the identity until layers are added). */
  public Network() {}

  /** Appends a layer; returns this. */
  public Network add(Module layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Network.add: layer must not be null");
    }
    model.add(layer);
    return this;
  }

  /** The loss {@link #fit} minimises; returns this. */
  public Network use(Loss loss) {
    if (loss == null) {
      throw new IllegalArgumentException("Network.use: loss must not be null");
    }
    this.loss = loss;
    return this;
  }

  /** Where {@link #fit} prints its epoch lines (standard output by default; null for nowhere). */
  public Network output(PrintStream out) {
    this.out = out;
    return this;
  }

  /**
   * Trains with plain SGD at {@code learningRate}, one sample per step in the given order, for
   * {@code epochs} epochs, printing {@code epoch i/N error=e} after each, where {@code e} is the
   * mean loss over the epoch's samples (each taken before its step), as the tutorial does.
   *
   * @param x inputs, one sample per row of the first dimension ({@code [N, ...]})
   * @param y targets, {@code [N, ...]}
   * @return the epochs' figures (training loss, seconds, samples per second)
   */
  public History fit(Tensor x, Tensor y, int epochs, double learningRate) {
    if (loss == null) {
      throw new IllegalStateException("Network.fit: no loss; call use(loss) first");
    }
    if (model.size() == 0) {
      throw new IllegalStateException("Network.fit: no layers; call add(layer) first");
    }
    if (x == null
        || y == null
        || x.rank() == 0
        || y.rank() == 0
        || x.dim(0) != y.dim(0)
        || x.dim(0) == 0) {
      throw new IllegalArgumentException(
          "Network.fit: x and y must hold the same number (at least 1) of samples along their "
              + "first dimension, got x "
              + describe(x)
              + " and y "
              + describe(y));
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("Network.fit: epochs must be at least 1, got " + epochs);
    }
    int n = x.dim(0);
    // Split once: every epoch then reuses the same [1, ...] samples.
    Tensor[] xs = new Tensor[n];
    Tensor[] ys = new Tensor[n];
    for (int i = 0; i < n; i++) {
      xs[i] = x.slice(0, i, i + 1).detach();
      ys[i] = y.slice(0, i, i + 1).detach();
    }
    SGD sgd = new SGD(model.namedParameters(), learningRate);
    model.train();
    History history = new History();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      double err = 0;
      for (int i = 0; i < n; i++) {
        sgd.zeroGrad();
        Tensor l = loss.apply(model.apply(xs[i]), ys[i]);
        err += Metrics.scalarLoss("Network.fit", l);
        l.backward();
        sgd.step();
      }
      err /= n;
      double seconds = (System.nanoTime() - start) / 1e9;
      history.add(
          new EpochStats(
              epoch, err, Double.NaN, Double.NaN, seconds, seconds > 0 ? n / seconds : 0));
      if (out != null) {
        out.println(String.format(Locale.ROOT, "epoch %d/%d error=%f", epoch, epochs, err));
      }
    }
    return history;
  }

  /** The network's output for {@code x} (a batch), in evaluation mode without recording a graph. */
  public Tensor predict(Tensor x) {
    return Metrics.predict(model, x);
  }

  /** The layers, as one module (for {@link Trainer}, {@link Checkpoint} or a summary). */
  public Sequential model() {
    return model;
  }

  private static String describe(Tensor t) {
    return t == null ? "null" : Arrays.toString(t.shape());
  }

  @Override
  public String toString() {
    return "Network" + model.toString().substring("Sequential".length());
  }
}
