package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Test helpers: gradient checks of a module with respect to its input and every parameter. */
final class LayerAssert {
  private LayerAssert() {}

  /**
   * Converts {@code m} to FLOAT64 and checks the gradients of {@code m.apply(x)} with respect to
   * {@code x} and to each parameter (swapped in with setParameter, so that the check's own leaves
   * are the ones differentiated).
   */
  static void assertModuleGradients(Module m, Tensor x) {
    assertModuleGradients(m, x, mod -> {});
  }

  /** As above, running {@code beforeEach} (e.g. re-seeding dropout) before every evaluation. */
  static void assertModuleGradients(Module m, Tensor x, Consumer<Module> beforeEach) {
    m.to(DType.FLOAT64);
    Map<String, Tensor> params = m.namedParameters();
    List<String> names = new ArrayList<>(params.keySet());
    Tensor[] inputs = new Tensor[names.size() + 1];
    inputs[0] = x;
    for (int i = 0; i < names.size(); i++) {
      inputs[i + 1] = params.get(names.get(i));
    }
    GradCheck.Result r =
        GradCheck.check(
            in -> {
              for (int i = 0; i < names.size(); i++) {
                m.setParameter(names.get(i), in[i + 1]);
              }
              beforeEach.accept(m);
              return m.apply(in[0]);
            },
            inputs);
    assertThat(r.passed()).as(m + " w.r.t. input and " + names + ": " + r).isTrue();
  }

  /** A FLOAT64 tensor of seeded normal values. */
  static Tensor randn64(long seed, int... shape) {
    return Tensor.randn(seed, DType.FLOAT64, shape);
  }

  /** Asserts that two arrays are equal within {@code tol}, naming the first index that differs. */
  static void assertClose(double[] actual, double[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("element %d: actual %s, expected %s", i, actual[i], expected[i])
          .isLessThanOrEqualTo(tol);
    }
  }
}
