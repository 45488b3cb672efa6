package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;

/** Test helper: one line per GradCheck of an op. */
public final class GradAssert {
  private GradAssert() {}

  /** Asserts that {@code fn}'s analytic gradients at {@code inputs} match finite differences. */
  public static void assertGradients(Function<Tensor[], Tensor> fn, Tensor... inputs) {
    GradCheck.Result r = GradCheck.check(fn, inputs);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  /** A FLOAT64 tensor of seeded normal values, for gradient checks. */
  public static Tensor randn64(long seed, int... shape) {
    return Tensor.randn(seed, DType.FLOAT64, shape);
  }

  /** A FLOAT64 tensor of seeded values uniform in [low, high), for ops with a restricted domain. */
  public static Tensor uniform64(long seed, double low, double high, int... shape) {
    return Tensor.uniform(seed, DType.FLOAT64, low, high, shape);
  }
}
