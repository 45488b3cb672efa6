package dev.nabla.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/** Test helpers: tensors of either floating dtype, value assertions, gradient checks. */
final class LossAssert {
  private LossAssert() {}

  /** A tensor of {@code dtype} and {@code shape} holding {@code values}. */
  static Tensor tensor(DType dtype, int[] shape, double... values) {
    Tensor t = Tensor.of(values, shape);
    return dtype == DType.FLOAT64 ? t : t.to(dtype);
  }

  static int[] shape(int... dims) {
    return dims;
  }

  /**
   * Asserts the values (row-major) of {@code actual} with a tolerance for its dtype, relative for
   * values above 1: 1e-12 for FLOAT64, 1e-6 for FLOAT32.
   */
  static void assertValues(Tensor actual, double... expected) {
    double tol = actual.dtype() == DType.FLOAT64 ? 1e-12 : 1e-6;
    double[] a = actual.toDoubleArray();
    assertThat(a)
        .as("number of values of %s", Arrays.toString(actual.shape()))
        .hasSize(expected.length);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i])
          .as("value %d of %s", i, Arrays.toString(a))
          .isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
    }
  }

  /**
   * Asserts that {@code fn}'s analytic gradients at {@code inputs} match finite differences
   * (FLOAT64).
   */
  static void assertGradients(Function<Tensor[], Tensor> fn, Tensor... inputs) {
    GradCheck.Result r = GradCheck.check(fn, inputs);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  /** Seeded FLOAT64 normal values. */
  static Tensor randn64(long seed, int... shape) {
    return Tensor.randn(seed, DType.FLOAT64, shape);
  }

  /** Seeded FLOAT64 values uniform in [low, high). */
  static Tensor uniform64(long seed, double low, double high, int... shape) {
    return Tensor.uniform(seed, DType.FLOAT64, low, high, shape);
  }

  /** Asserts that every value is finite (no NaN, no infinity). */
  static void assertFinite(Tensor t) {
    for (double v : t.toDoubleArray()) {
      assertThat(Double.isFinite(v)).as("finite values in %s", t).isTrue();
    }
  }
}
