package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.GRADS;
import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Export and import of an optimizer's state as named tensors. */
class StateDictTest {

  static Stream<Arguments> optimizers() {
    return Stream.of(
        optimizer("SGD momentum", ps -> new SGD(ps, 0.1, 0.9)),
        optimizer("SGD nesterov", ps -> new SGD(ps, 0.1, 0.9, 0, true, 0.01)),
        optimizer("Adam", ps -> new Adam(ps, 0.1)),
        optimizer("AdamW", ps -> new AdamW(ps, 0.1)),
        optimizer("RMSprop", ps -> new RMSprop(ps, 0.1, 0.9, 1e-8, 0.5, true, 0.01)));
  }

  private static Arguments optimizer(String label, Function<List<Tensor>, Optimizer> make) {
    return Arguments.of(label, make);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void aLoadedOptimizerTakesTheSameThirdStepAsTheOriginal(
      String label, Function<List<Tensor>, Optimizer> make) {
    Tensor a = param(DType.FLOAT32, 1.0, -2.0);
    Optimizer original = make.apply(List.of(a));
    for (int s = 0; s < 2; s++) {
      setGrad(a, GRADS[s]);
      original.step();
    }
    Map<String, Tensor> saved = original.stateDict();

    Tensor b = param(DType.FLOAT32, a.toDoubleArray());
    Optimizer resumed = make.apply(List.of(b));
    resumed.loadStateDict(saved);
    Tensor c = param(DType.FLOAT32, a.toDoubleArray());
    Optimizer fresh = make.apply(List.of(c));

    for (Tensor t : List.of(a, b, c)) {
      setGrad(t, GRADS[2]);
    }
    original.step();
    resumed.step();
    fresh.step();
    assertThat(b.toFloatArray()).as(label).containsExactly(a.toFloatArray());
    assertThat(resumed.stepCount()).isEqualTo(3);
    // the state matters: without it the third step differs
    assertThat(c.toFloatArray()).isNotEqualTo(a.toFloatArray());
  }

  @Test
  void keysNameTheParametersAndHoldHyperParametersAsScalars() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    named.put("0.weight", param(DType.FLOAT32, 1, 2, 3, 4));
    named.put("0.bias", param(DType.FLOAT64, 1));
    Adam opt = new Adam(named, 0.01);
    Map<String, Tensor> state = opt.stateDict();
    assertThat(state.keySet())
        .containsExactly(
            "lr",
            "initial_lr",
            "step",
            "beta1",
            "beta2",
            "eps",
            "weight_decay",
            "decoupled_weight_decay",
            "0.weight.step",
            "0.weight.exp_avg",
            "0.weight.exp_avg_sq",
            "0.bias.step",
            "0.bias.exp_avg",
            "0.bias.exp_avg_sq");
    assertThat(state.get("lr").rank()).isZero();
    assertThat(state.get("lr").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(state.get("lr").item()).isEqualTo(0.01);
    assertThat(state.get("0.weight.exp_avg").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(state.get("0.weight.exp_avg").shape()).containsExactly(4);
    assertThat(state.get("0.bias.exp_avg_sq").dtype()).isEqualTo(DType.FLOAT64);

    assertThat(new SGD(List.of(param(DType.FLOAT32, 1)), 0.1, 0.9).stateDict().keySet())
        .containsExactly(
            "lr",
            "initial_lr",
            "step",
            "momentum",
            "dampening",
            "nesterov",
            "weight_decay",
            "0.step",
            "0.momentum_buffer");
    assertThat(new SGD(List.of(param(DType.FLOAT32, 1)), 0.1).stateDict())
        .doesNotContainKey("0.momentum_buffer");
  }

  @Test
  void exportedValuesAreTheStepCountsAndBuffers() {
    Tensor p = param(DType.FLOAT64, 1.0, -2.0);
    SGD opt = new SGD(List.of(p), 0.1, 0.9);
    for (int s = 0; s < 2; s++) {
      setGrad(p, GRADS[s]);
      opt.step();
    }
    Map<String, Tensor> state = opt.stateDict();
    assertThat(state.get("step").item()).isEqualTo(2.0);
    assertThat(state.get("0.step").item()).isEqualTo(2.0);
    // b1 = g1 = [0.5, 1.0]; b2 = 0.9 b1 + g2 = [0.45 - 0.2, 0.9 + 0.4]
    assertThat(state.get("0.momentum_buffer").toDoubleArray())
        .containsExactly(new double[] {0.25, 1.3}, within(1e-15));
  }

  @Test
  void exportedTensorsAreCopies() {
    Tensor p = param(DType.FLOAT64, 1.0);
    Adam opt = new Adam(List.of(p), 0.1);
    setGrad(p, 1.0);
    opt.step();
    Map<String, Tensor> first = opt.stateDict();
    double m = first.get("0.exp_avg").item();
    first.get("0.exp_avg").doubleStorage()[0] = 42;
    assertThat(opt.stateDict().get("0.exp_avg").item()).isEqualTo(m);
  }

  @Test
  void loadingRestoresLearningRateStepCountAndScheduleBase() {
    Tensor p = param(DType.FLOAT64, 1.0);
    SGD opt = new SGD(List.of(p), 0.1);
    StepLR schedule = new StepLR(opt, 1, 0.5);
    setGrad(p, 1.0);
    opt.step();
    schedule.step(); // lr 0.05, base 0.1
    Map<String, Tensor> saved = opt.stateDict();

    SGD other = new SGD(List.of(param(DType.FLOAT64, 1.0)), 0.3);
    other.loadStateDict(saved);
    assertThat(other.learningRate()).isEqualTo(0.05);
    assertThat(other.initialLearningRate()).isEqualTo(0.1);
    assertThat(other.stepCount()).isEqualTo(1);
    // a schedule created after loading starts from the saved base, and its saved epoch restores the
    // rate
    StepLR resumed = new StepLR(other, 1, 0.5);
    resumed.loadStateDict(schedule.stateDict());
    assertThat(other.learningRate()).isEqualTo(0.05);
    resumed.step();
    assertThat(other.learningRate()).isEqualTo(0.025);
  }

  @Test
  void aMismatchedStateIsRejectedListingEveryProblemAndChangesNothing() {
    Tensor p = param(DType.FLOAT32, 1.0, 2.0);
    Adam opt = new Adam(List.of(p), 0.1);
    Map<String, Tensor> saved = new LinkedHashMap<>(opt.stateDict());
    saved.remove("0.exp_avg");
    saved.put("bogus", Tensor.scalar(1.0));
    saved.put("0.exp_avg_sq", Tensor.zeros(3));
    saved.put("beta1", Tensor.scalar(0.8));
    saved.put("step", Tensor.scalar(-1.0));
    saved.put("lr", Tensor.scalar(0.5));

    assertThatThrownBy(() -> opt.loadStateDict(saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Adam.loadStateDict: the state does not fit this optimizer (5 problems):")
        .hasMessageContaining("missing key '0.exp_avg'")
        .hasMessageContaining("unexpected key 'bogus'")
        .hasMessageContaining("'0.exp_avg_sq' is FLOAT32 [3], expected FLOAT32 [2]")
        .hasMessageContaining("'beta1' is 0.8, expected this Adam's beta1 = 0.9")
        .hasMessageContaining("'step' is -1.0, expected a whole number >= 0");
    assertThat(opt.learningRate()).isEqualTo(0.1);
  }

  @Test
  void anotherOptimizersStateIsRejected() {
    Tensor p = param(DType.FLOAT64, 1.0);
    Map<String, Tensor> adamState = new Adam(List.of(p), 0.1).stateDict();
    assertThatThrownBy(() -> new SGD(List.of(p), 0.1, 0.9).loadStateDict(adamState))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SGD.loadStateDict")
        .hasMessageContaining("missing key 'momentum'")
        .hasMessageContaining("missing key '0.momentum_buffer'")
        .hasMessageContaining("unexpected key '0.exp_avg'")
        .hasMessageContaining("unexpected key 'beta1'");
    Map<String, Tensor> adamWState = new AdamW(List.of(p), 0.1).stateDict();
    assertThatThrownBy(
            () -> new Adam(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.01).loadStateDict(adamWState))
        .hasMessageContaining(
            "'decoupled_weight_decay' is 1.0, expected this Adam's decoupled_weight_decay = 0.0");
  }

  @Test
  void bufferDtypeAndNullValuesAreReported() {
    Tensor p = param(DType.FLOAT64, 1.0, 2.0);
    SGD opt = new SGD(List.of(p), 0.1, 0.9);
    Map<String, Tensor> saved = new LinkedHashMap<>(opt.stateDict());
    saved.put("0.momentum_buffer", Tensor.zeros(DType.FLOAT32, 2));
    saved.put("0.step", null);
    saved.put("lr", Tensor.zeros(DType.FLOAT64, 2));
    assertThatThrownBy(() -> opt.loadStateDict(saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(3 problems)")
        .hasMessageContaining("'0.momentum_buffer' is FLOAT32 [2], expected FLOAT64 [2]")
        .hasMessageContaining("'0.step' is null")
        .hasMessageContaining("'lr' has shape [2], expected a scalar");
    assertThatThrownBy(() -> opt.loadStateDict(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SGD.loadStateDict: state must not be null");
  }
}
