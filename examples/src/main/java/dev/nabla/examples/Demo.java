package dev.nabla.examples;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Graph;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * The autodiff demo: builds {@code loss = sum(tanh(x · w))}, differentiates it, checks the gradient
 * against finite differences and prints the graph.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    int code = run();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the demo; returns 0 when the gradient check passed. */
  static int run() {
    long start = System.nanoTime();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.randn(42L, 3, 2).requiresGrad(true);
    Tensor loss = x.matmul(w).tanh().sum();
    System.out.println("x = " + x);
    System.out.println("w = " + w);
    System.out.println("loss = sum(tanh(x @ w)) = " + loss.item());

    Graph graph = Graph.of(loss);
    System.out.println("graph (" + graph.nodes().size() + " ops):");
    graph.nodes().forEach(n -> System.out.println("  " + n));
    System.out.println(graph.toDot());

    loss.backward();
    System.out.println("d loss / d w = " + w.grad());

    GradCheck.Result check =
        GradCheck.check(in -> x.to(in[0].dtype()).matmul(in[0]).tanh().sum(), w);
    System.out.println(check);
    System.out.println("d loss / d w, flat: " + Arrays.toString(w.grad().toFloatArray()));
    System.out.printf(
        "result: gradcheck_passed=%s seconds=%.3f%n",
        check.passed(), (System.nanoTime() - start) / 1e9);
    return check.passed() ? 0 : 1;
  }
}
