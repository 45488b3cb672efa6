package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.BatchNorm1d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A module and the optimizer that trains it, when the module changes after the optimizer exists. */
class ModelAndOptimizerTest {

  private static Sequential model() {
    return new Sequential(
        new Dense(4, 8, true, Init.pytorchDefault(), Init.pytorchDefault(), 1L),
        new BatchNorm1d(8), new Tanh(),
        new Dense(8, 1, true, Init.pytorchDefault(), Init.pytorchDefault(), 2L));
  }

  /** Mean squared error of {@code model} on a fixed regression problem, before each step. */
  private static double[] train(Sequential model, Optimizer opt, DType dtype, int steps) {
    Tensor x = Tensor.randn(3L, dtype, 16, 4);
    Tensor y = x.sum(1, true).tanh();
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      Tensor loss = new MSELoss().apply(model.apply(x), y);
      losses[s] = loss.item();
      loss.backward();
      opt.step();
    }
    return losses;
  }

  @ParameterizedTest
  @ValueSource(strings = {"SGD", "Adam"})
  void anOptimizerBuiltBeforeToFloat64TrainsTheConvertedModel(String kind) {
    Sequential model = model();
    List<Tensor> before = model.parameters();
    Function<List<Tensor>, Optimizer> make =
        kind.equals("SGD") ? ps -> new SGD(ps, 0.1, 0.9) : ps -> new Adam(ps, 0.01);
    Optimizer opt = make.apply(model.parameters());
    train(model, opt, DType.FLOAT32, 3); // moments and momentum buffers exist, in FLOAT32
    model.to(DType.FLOAT64);
    double[] losses = train(model, opt, DType.FLOAT64, 20);
    assertThat(model.parameters()).containsExactlyElementsOf(before);
    assertThat(opt.params()).containsExactlyElementsOf(before);
    assertThat(losses[19]).as("loss after 20 steps, from %s", losses[0]).isLessThan(losses[0] * 0.9);
    for (Tensor state : opt.stateDict().values()) {
      assertThat(state.dtype()).isEqualTo(DType.FLOAT64);
    }
  }
}
