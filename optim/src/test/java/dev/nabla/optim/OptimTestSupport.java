package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/** Test helpers shared by the optimizer tests. */
final class OptimTestSupport {
  private OptimTestSupport() {}

  /** The gradients the hand-computed tests feed, one row per step (2-element parameter). */
  static final double[][] GRADS = {{0.5, 1.0}, {-0.2, 0.4}, {0.1, -0.3}};

  /** A leaf parameter of the given dtype holding {@code values}, requiring grad. */
  static Tensor param(DType dtype, double... values) {
    Tensor t = Tensor.of(values, values.length);
    return (dtype == DType.FLOAT64 ? t : t.to(dtype)).requiresGrad(true);
  }

  /**
   * Makes {@code p.grad()} exactly {@code g}: the gradient of {@code sum(p * g)} computed by
   * backward.
   */
  static void setGrad(Tensor p, double... g) {
    p.zeroGrad();
    p.mul(Tensor.of(g, g.length).to(p.dtype())).sum().backward();
  }

  /** Runs one step per row of {@code grads}; returns the parameter's values after each step. */
  static double[][] trajectory(Optimizer opt, Tensor p, double[][] grads) {
    double[][] out = new double[grads.length][];
    for (int s = 0; s < grads.length; s++) {
      setGrad(p, grads[s]);
      opt.step();
      out[s] = p.toDoubleArray();
    }
    return out;
  }

  /** Step-by-step comparison, to rounding in FLOAT64 and to float precision in FLOAT32. */
  static void assertTrajectory(double[][] actual, double[][] expected, DType dtype) {
    double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
    assertThat(actual.length).isEqualTo(expected.length);
    for (int s = 0; s < expected.length; s++) {
      assertThat(actual[s]).as("after step %d", s + 1).containsExactly(expected[s], within(tol));
    }
  }
}
