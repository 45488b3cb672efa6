package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A module and the optimizer training it, when the module changes after the optimizer exists. */
class ModelAndOptimizerTest {

  private static Sequential model() {
    return new Sequential(
        new Dense(4, 8, true, Init.pytorchDefault(), Init.pytorchDefault(), 1L),
        new BatchNorm1d(8),
        new Tanh(),
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
    assertThat(losses[19])
        .as("loss after 20 steps, from %s", losses[0])
        .isLessThan(losses[0] * 0.9);
    for (Tensor state : opt.stateDict().values()) {
      assertThat(state.dtype()).isEqualTo(DType.FLOAT64);
    }
  }

  @Test
  void setParameterOnAParameterAnOptimizerHoldsFailsItsNextStepNamingTheParameter() {
    Sequential model = model();
    Tensor oldWeight = model.namedParameters().get("3.weight");
    SGD opt = new SGD(model.namedParameters(), 0.1);
    model.setParameter("3.weight", Tensor.zeros(8, 1).requiresGrad(true));
    assertThatThrownBy(() -> train(model, opt, DType.FLOAT32, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "SGD.step: parameter '3.weight' was replaced by Sequential.setParameter("
                + "'3.weight') after this SGD was built, so the model no longer uses the tensor this "
                + "SGD updates; build the optimizer after replacing parameters, or keep the parameter "
                + "and change its values in place (param.setData(value))");
    // An optimizer built afterwards trains the new tensor.
    SGD fresh = new SGD(model.namedParameters(), 0.1);
    double[] losses = train(model, fresh, DType.FLOAT32, 10);
    assertThat(losses[9]).isLessThan(losses[0]);
    // Putting the old tensor back makes the first optimizer valid again.
    model.setParameter("3.weight", oldWeight);
    train(model, opt, DType.FLOAT32, 1);
  }

  @Test
  void setDataChangesAHeldParameterInPlaceAndTrainingContinues() {
    Sequential model = model();
    Tensor weight = model.namedParameters().get("3.weight");
    Adam opt = new Adam(model.parameters(), 0.01);
    weight.setData(Tensor.full(0.5f, 8, 1));
    double[] losses = train(model, opt, DType.FLOAT32, 20);
    assertThat(model.namedParameters().get("3.weight")).isSameAs(weight);
    assertThat(weight.toFloatArray()).isNotEqualTo(Tensor.full(0.5f, 8, 1).toFloatArray());
    assertThat(losses[19]).isLessThan(losses[0]);
  }

  @Test
  void replacingOneSlotOfATiedParameterLeavesTheOptimizerValid() {
    Dense a = new Dense(2, 2, true, Init.pytorchDefault(), Init.pytorchDefault(), 1L);
    Dense b = new Dense(2, 2, true, Init.pytorchDefault(), Init.pytorchDefault(), 2L);
    Sequential model = new Sequential(a, b);
    Tensor bWeight = b.weight();
    Tensor shared = a.weight();
    model.setParameter("1.weight", shared); // tie b's weight to a's
    SGD opt = new SGD(model.parameters(), 0.1); // holds the shared weight once
    model.setParameter("0.weight", Tensor.zeros(2, 2).requiresGrad(true)); // b still uses it
    model.apply(Tensor.ones(1, 2)).sum().backward();
    opt.step();
    assertThat(shared.grad()).isNotNull();
    // b's old weight is used nowhere: an optimizer holding it fails.
    SGD stale = new SGD(List.of(bWeight), 0.1);
    assertThatThrownBy(stale::step)
        .hasMessageStartingWith(
            "SGD.step: parameter '0' was replaced by " + "Sequential.setParameter('1.weight')");
  }

  @Test
  void replacingATiedParameterThroughTheChildLeavesTheSiblingsUseValid() {
    Dense a = new Dense(2, 2, true, Init.pytorchDefault(), Init.pytorchDefault(), 1L);
    Dense b = new Dense(2, 2, true, Init.pytorchDefault(), Init.pytorchDefault(), 2L);
    Sequential model = new Sequential(a, b);
    Tensor shared = a.weight();
    b.setParameter("weight", shared); // tied through the child, not the Sequential
    SGD opt = new SGD(model.parameters(), 0.1);
    a.setParameter("weight", Tensor.zeros(2, 2).requiresGrad(true)); // b still uses the old one
    model.apply(Tensor.ones(1, 2)).sum().backward();
    opt.step(); // the shared tensor is still used by b: no failure
    assertThat(shared.grad()).isNotNull();
    // Replaced in b too, it is used nowhere: the same optimizer now fails.
    b.setParameter("weight", Tensor.zeros(2, 2).requiresGrad(true));
    model.apply(Tensor.ones(1, 2)).sum().backward();
    assertThatThrownBy(opt::step).hasMessageContaining("was replaced by Dense");
  }
}
