package dev.nabla.examples;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Module;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A user-defined op, written the way nabla's own ops are: Swish, {@code x * sigmoid(x)}, as one
 * class with a forward and a backward. It is checked with GradCheck, wrapped in a layer and
 * trained.
 */
@Command(
    name = "custom-op",
    description =
        "A user-defined op (Swish), verified with GradCheck and trained inside an MLP on MNIST.")
final class CustomOpExample implements Callable<Integer> {
  @Mixin CommonOptions o = new CommonOptions("custom-op", 3, 128, 1e-3);

  /** swish(x) = x·σ(x); d/dx = σ(x) + x·σ(x)·(1 - σ(x)). */
  static final class Swish extends Op {
    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      Tensor s = in[0].sigmoid();
      ctx.save(in[0], s);
      return in[0].mul(s);
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      Tensor x = ctx.saved(0), s = ctx.saved(1);
      Tensor ds = s.add(x.mul(s).mul(s.neg().add(1)));
      return new Tensor[] {grad.mul(ds)};
    }
  }

  /** The op as a layer. */
  static final class SwishLayer extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return new Swish().apply(x);
    }
  }

  @Override
  public Integer call() throws IOException {
    o.begin("custom-op");
    GradCheck.Result check =
        GradCheck.check(in -> new Swish().apply(in[0]), Tensor.randn(o.seed, DType.FLOAT64, 4, 5));
    System.out.println("Swish " + check);
    if (!check.passed()) {
      return 1;
    }
    LoadOptions opts = MnistExamples.load(o, true, false);
    Sequential model = new Sequential(new Dense(784, 128), new SwishLayer(), new Dense(128, 10));
    return ImageClassifier.run(
        "custom-op",
        model,
        new int[] {1, 784},
        new CrossEntropyLoss(),
        new Adam(model.parameters(), o.lr),
        Mnist.train(opts),
        Mnist.test(opts),
        o,
        o.epochs,
        o.batchSize);
  }
}
