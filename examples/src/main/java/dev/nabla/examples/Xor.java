package dev.nabla.examples;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.MSELoss;
import dev.nabla.train.History;
import dev.nabla.train.Network;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The tutorial's XOR network, written the way the tutorial writes it. */
@Command(
    name = "xor",
    description = "The tutorial's XOR network: 2-3-1, tanh, MSE, SGD 0.1, 1000 epochs.")
final class Xor implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions("xor", 1000, 1, 0.1);

  /** The options xor uses: it trains on its four samples, one per step, and writes no files. */
  private static final Set<String> OPTIONS = Set.of("--epochs", "--lr", "--seed", "--threads");

  /**
   * Removes the training examples' options that xor has no use for, so that they are refused, not
   * ignored.
   */
  static void keepOnlyItsOptions(CommandSpec spec) {
    for (OptionSpec o : List.copyOf(spec.options())) {
      if (!o.usageHelp() && !o.versionHelp() && !OPTIONS.contains(o.longestName())) {
        spec.remove(o);
      }
    }
  }

  @Override
  public Integer call() {
    options.applyThreads();
    Result result = new Result();
    Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

    Init tutorial = Init.uniform(-0.5, 0.5);
    Network net = new Network();
    net.add(new Dense(2, 3, tutorial, options.seed));
    net.add(new Tanh());
    net.add(new Dense(3, 1, tutorial, options.seed + 100));
    net.add(new Tanh());
    net.use(new MSELoss());
    int epochs = options.epochs;
    History history = net.fit(x, y, epochs, options.lr);

    Tensor out = net.predict(x);
    System.out.println("predictions for [0,0], [0,1], [1,0], [1,1]:");
    float[] p = out.toFloatArray();
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      System.out.printf(
          "  %s -> %.4f%n", java.util.Arrays.toString(x.slice(0, i, i + 1).toIntArray()), p[i]);
      correct += Math.round(p[i]) == y.toFloatArray()[i] ? 1 : 0;
    }
    result
        .put("train_accuracy", correct / 4.0)
        .put("final_error", history.last().trainLoss())
        .put("samples_per_s", Math.round(4.0 * epochs / Math.max(1e-9, totalSeconds(history))))
        .print();
    return 0;
  }

  static double totalSeconds(History h) {
    return h.epochs().stream().mapToDouble(e -> e.seconds()).sum();
  }
}
