package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer minimises the convex quadratic mean((A x - b)^2) over x, built with core ops and
 * differentiated by backward, where b = A x* so that the minimum is 0 (the initial loss is 7.5).
 * Plain RMSprop's steps stay about lr long however small the gradient, so it keeps oscillating
 * around the minimum, hence its looser bound.
 */
class ConvergenceTest {
  private static final int STEPS = 300;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        run("SGD", ps -> new SGD(ps, 0.1), 1e-10),
        run("SGD momentum", ps -> new SGD(ps, 0.05, 0.9), 1e-10),
        run("SGD nesterov", ps -> new SGD(ps, 0.05, 0.9, 0, true, 0), 1e-10),
        run("Adam", ps -> new Adam(ps, 0.05), 1e-8),
        run("AdamW", ps -> new AdamW(ps, 0.05, 0.9, 0.999, 1e-8, 1e-4), 1e-6),
        run("RMSprop", ps -> new RMSprop(ps, 0.01), 1e-3),
        run(
            "RMSprop centered momentum",
            ps -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0.5, true, 0),
            1e-8));
  }

  private static Arguments run(
      String label, Function<List<Tensor>, Optimizer> make, double target) {
    return Arguments.of(label, make, target);
  }

  @ParameterizedTest(name = "{0} reaches a loss below {2} within 300 steps")
  @MethodSource("optimizers")
  void minimisesALeastSquaresProblem(
      String label, Function<List<Tensor>, Optimizer> make, double target) {
    Tensor a = Tensor.randn(11L, DType.FLOAT64, 8, 3);
    Tensor xStar = Tensor.of(new double[] {1.0, -2.0, 0.5}, 3, 1);
    Tensor b = a.matmul(xStar);
    Tensor x = Tensor.zeros(DType.FLOAT64, 3, 1).requiresGrad(true);
    Optimizer opt = make.apply(List.of(x));
    double initial = loss(a, x, b).item();
    for (int s = 0; s < STEPS; s++) {
      opt.zeroGrad();
      loss(a, x, b).backward();
      opt.step();
    }
    double last = loss(a, x, b).item();
    assertThat(initial).isGreaterThan(1.0);
    assertThat(last)
        .as("%s: loss after %d steps (from %s)", label, STEPS, initial)
        .isLessThan(target);
  }

  /** The loop of the package documentation, as written there, with data for x and y. */
  @Test
  void thePackageDocumentationLoopTrains() {
    Tensor x = Tensor.randn(5L, 16, 3);
    Tensor y = x.matmul(Tensor.of(new float[] {0.5f, -1f, 2f}, 3, 1));
    double initial = x.matmul(Tensor.randn(1L, 3, 1)).sub(y).pow(2).mean().item();
    // --- as in package-info.java
    Tensor w = Tensor.randn(1L, 3, 1).requiresGrad(true);
    Optimizer opt = new SGD(List.of(w), 0.1, 0.9);
    LRScheduler schedule = new StepLR(opt, 30, 0.1);
    for (int epoch = 0; epoch < 90; epoch++) {
      opt.zeroGrad();
      Tensor loss = x.matmul(w).sub(y).pow(2).mean();
      loss.backward();
      GradClip.clipGradNorm(opt.params(), 1.0);
      opt.step();
      schedule.step();
    }
    // ---
    assertThat(initial).isGreaterThan(1.0);
    assertThat(x.matmul(w).sub(y).pow(2).mean().item()).isLessThan(1e-3);
    assertThat(opt.learningRate()).isCloseTo(1e-4, within(1e-12));
  }

  private static Tensor loss(Tensor a, Tensor x, Tensor b) {
    return a.matmul(x).sub(b).pow(2).mean();
  }
}
