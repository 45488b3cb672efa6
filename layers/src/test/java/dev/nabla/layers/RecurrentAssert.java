package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Test helpers for LSTM and GRU: gradient checks through the states as well as the input. */
final class RecurrentAssert {
  private RecurrentAssert() {}

  /**
   * Converts {@code m} to FLOAT64 and checks, with GradCheck, the gradients of everything {@code
   * run} returns (given the module and its inputs: input, then the initial states), flattened and
   * joined, with respect to each input and to each parameter.
   */
  static void assertGradients(Module m, Function<Tensor[], Tensor[]> run, Tensor... inputs) {
    m.to(DType.FLOAT64);
    Map<String, Tensor> params = m.namedParameters();
    List<String> names = new ArrayList<>(params.keySet());
    int k = inputs.length;
    Tensor[] all = new Tensor[k + names.size()];
    System.arraycopy(inputs, 0, all, 0, k);
    for (int i = 0; i < names.size(); i++) {
      all[k + i] = params.get(names.get(i));
    }
    GradCheck.Result r =
        GradCheck.check(
            in -> {
              for (int i = 0; i < names.size(); i++) {
                m.setParameter(names.get(i), in[k + i]);
              }
              Tensor[] outs = run.apply(java.util.Arrays.copyOf(in, k));
              Tensor[] flat = new Tensor[outs.length];
              for (int i = 0; i < outs.length; i++) {
                flat[i] = outs[i].reshape(-1);
              }
              return Tensor.concat(0, flat);
            },
            all);
    assertThat(r.passed()).as(m + " w.r.t. inputs and " + names + ": " + r).isTrue();
  }

  /** A FLOAT64 tensor of seeded normal values. */
  static Tensor randn64(long seed, int... shape) {
    return Tensor.randn(seed, DType.FLOAT64, shape);
  }

  /** {@code 1 / (1 + e^-v)}. */
  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
