package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What every optimizer shares: parameter checks, stepping rules, learning rate, hyper-parameter
 * checks.
 */
class OptimizerTest {

  private static Tensor p() {
    return param(DType.FLOAT64, 1.0, 2.0);
  }

  private static void assertRejected(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  // ---------------------------------------------------------------- parameters

  @Test
  void rejectsATensorComputedByAnOp() {
    Tensor w = p();
    Tensor twice = w.mul(2.0);
    assertRejected(
        () -> new SGD(List.of(w, twice), 0.1),
        "SGD: parameter '1' is not a leaf: it was computed by Mul; optimize the leaf tensors it was computed from");
  }

  @Test
  void rejectsATensorThatDoesNotRequireGrad() {
    assertRejected(
        () -> new Adam(List.of(Tensor.zeros(DType.FLOAT64, 3))),
        "Adam: parameter '0' does not require grad; call requiresGrad(true) on it");
    Map<String, Tensor> named = new LinkedHashMap<>();
    named.put("fc.weight", p());
    named.put("fc.bias", Tensor.zeros(2));
    assertRejected(() -> new RMSprop(named), "RMSprop: parameter 'fc.bias' does not require grad");
  }

  @Test
  void rejectsMissingEmptyNullAndRepeatedParameters() {
    assertRejected(() -> new SGD((List<Tensor>) null, 0.1), "SGD: params must not be null");
    assertRejected(() -> new SGD(List.of(), 0.1), "SGD: got an empty parameter list");
    assertRejected(() -> new AdamW(new LinkedHashMap<>()), "AdamW: got an empty parameter list");
    List<Tensor> withNull = new ArrayList<>(Arrays.asList(p(), null));
    assertRejected(() -> new SGD(withNull, 0.1), "SGD: parameter '1' is null");
    Tensor w = p();
    assertRejected(
        () -> new SGD(List.of(w, p(), w), 0.1),
        "SGD: parameter '2' is the same tensor as parameter '0'; each parameter must appear once");
    Map<String, Tensor> emptyName = new LinkedHashMap<>();
    emptyName.put("", p());
    assertRejected(() -> new SGD(emptyName, 0.1), "SGD: parameter names must be non-empty, got ''");
  }

  // ---------------------------------------------------------------- hyper-parameters

  @Test
  void sgdRejectsBadHyperParametersNamingArgumentAndValue() {
    List<Tensor> ps = List.of(p());
    assertRejected(() -> new SGD(ps, -0.1), "SGD: lr must be finite and >= 0, got -0.1");
    assertRejected(() -> new SGD(ps, Double.NaN), "SGD: lr must be finite and >= 0, got NaN");
    assertRejected(
        () -> new SGD(ps, Double.POSITIVE_INFINITY),
        "SGD: lr must be finite and >= 0, got Infinity");
    assertRejected(() -> new SGD(ps, 0.1, -0.9), "SGD: momentum must be finite and >= 0, got -0.9");
    assertRejected(
        () -> new SGD(ps, 0.1, 0.9, -1, false, 0),
        "SGD: dampening must be finite and >= 0, got -1.0");
    assertRejected(
        () -> new SGD(ps, 0.1, 0.9, 0, false, -1e-4),
        "SGD: weightDecay must be finite and >= 0, got -1.0E-4");
    assertRejected(
        () -> new SGD(ps, 0.1, 0, 0, true, 0),
        "SGD: nesterov needs momentum > 0 and dampening == 0, got momentum=0.0, dampening=0.0");
    assertRejected(
        () -> new SGD(ps, 0.1, 0.9, 0.1, true, 0),
        "SGD: nesterov needs momentum > 0 and dampening == 0, got momentum=0.9, dampening=0.1");
  }

  @Test
  void adamAndAdamWRejectBadHyperParametersNamingArgumentAndValue() {
    List<Tensor> ps = List.of(p());
    assertRejected(() -> new Adam(ps, -1e-3), "Adam: lr must be finite and >= 0, got -0.001");
    assertRejected(
        () -> new Adam(ps, 1e-3, 1.0, 0.999, 1e-8, 0), "Adam: beta1 must be in [0, 1), got 1.0");
    assertRejected(
        () -> new Adam(ps, 1e-3, -0.1, 0.999, 1e-8, 0), "Adam: beta1 must be in [0, 1), got -0.1");
    assertRejected(
        () -> new Adam(ps, 1e-3, 0.9, 1.5, 1e-8, 0), "Adam: beta2 must be in [0, 1), got 1.5");
    assertRejected(
        () -> new Adam(ps, 1e-3, 0.9, Double.NaN, 1e-8, 0),
        "Adam: beta2 must be in [0, 1), got NaN");
    assertRejected(
        () -> new Adam(ps, 1e-3, 0.9, 0.999, -1e-8, 0),
        "Adam: eps must be finite and >= 0, got -1.0E-8");
    assertRejected(
        () -> new Adam(ps, 1e-3, 0.9, 0.999, 1e-8, -1),
        "Adam: weightDecay must be finite and >= 0, got -1.0");
    assertRejected(() -> new AdamW(ps, -1), "AdamW: lr must be finite and >= 0, got -1.0");
    assertRejected(
        () -> new AdamW(ps, 1e-3, 0.9, 1.0, 1e-8, 0), "AdamW: beta2 must be in [0, 1), got 1.0");
    assertRejected(
        () -> new AdamW(ps, 1e-3, 0.9, 0.999, 1e-8, -0.01),
        "AdamW: weightDecay must be finite and >= 0, got -0.01");
  }

  @Test
  void rmspropRejectsBadHyperParametersNamingArgumentAndValue() {
    List<Tensor> ps = List.of(p());
    assertRejected(() -> new RMSprop(ps, -0.01), "RMSprop: lr must be finite and >= 0, got -0.01");
    assertRejected(
        () -> new RMSprop(ps, 0.01, 1.5, 1e-8, 0, false, 0),
        "RMSprop: alpha must be in [0, 1], got 1.5");
    assertRejected(
        () -> new RMSprop(ps, 0.01, 0.99, -1, 0, false, 0),
        "RMSprop: eps must be finite and >= 0, got -1.0");
    assertRejected(
        () -> new RMSprop(ps, 0.01, 0.99, 1e-8, -0.5, false, 0),
        "RMSprop: momentum must be finite and >= 0, got -0.5");
    assertRejected(
        () -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0, false, -2),
        "RMSprop: weightDecay must be finite and >= 0, got -2.0");
  }

  @Test
  void setLearningRateChecksTheValue() {
    SGD opt = new SGD(List.of(p()), 0.1);
    opt.setLearningRate(0.05);
    assertThat(opt.learningRate()).isEqualTo(0.05);
    assertRejected(
        () -> opt.setLearningRate(-1), "SGD.setLearningRate: lr must be finite and >= 0, got -1.0");
    assertThat(opt.learningRate()).isEqualTo(0.05);
  }

  // ---------------------------------------------------------------- stepping

  @Test
  void stepSkipsParametersWithoutGradientAndKeepsTheirStepCount() {
    Tensor w = param(DType.FLOAT64, 1.0);
    Tensor unused = param(DType.FLOAT64, 5.0);
    Adam opt = new Adam(List.of(w, unused), 0.1);
    setGrad(w, 2.0);
    opt.step();
    assertThat(unused.toDoubleArray()).containsExactly(5.0);
    assertThat(opt.stateDict().get("1.step").item()).isEqualTo(0.0);
    assertThat(opt.stateDict().get("0.step").item()).isEqualTo(1.0);

    // unused's first update is a first Adam step (bias correction with t = 1): p -= lr * g / (|g| +
    // eps)
    setGrad(w, 2.0);
    setGrad(unused, -4.0);
    opt.step();
    assertThat(unused.toDoubleArray())
        .containsExactly(new double[] {5.0 + 0.1 * 4.0 / (4.0 + 1e-8)}, within(1e-15));
    assertThat(opt.stepCount()).isEqualTo(2);
  }

  @Test
  void aStepWithoutAnyGradientWarnsOncePerOptimizer() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(Optimizer.LOGGER);
    Filter before = logger.getFilter();
    logger.setFilter(r -> !records.add(r)); // capture each record instead of printing it
    try {
      Tensor w = p();
      Adam adam = new Adam(List.of(w, p(), p()));
      adam.step();
      adam.step();
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage())
                    .isEqualTo(
                        "Adam.step: none of its 3 parameters has a gradient, so nothing was updated (said "
                            + "once per optimizer); call loss.backward() before step(), and check that the "
                            + "model still uses the tensors this Adam was built with");
              });
      // A step that updates something says nothing; another optimizer warns on its own.
      setGrad(w, 1, 1);
      adam.step();
      new SGD(List.of(p()), 0.1).step();
      assertThat(records).hasSize(2);
      assertThat(records.get(1).getMessage())
          .startsWith("SGD.step: none of its 1 parameter has a gradient");
    } finally {
      logger.setFilter(before);
    }
  }

  @Test
  void zeroGradForgetsEveryGradient() {
    Tensor a = p(), b = p();
    SGD opt = new SGD(List.of(a, b), 0.1);
    a.mul(b).sum().backward();
    assertThat(a.grad()).isNotNull();
    opt.zeroGrad();
    assertThat(a.grad()).isNull();
    assertThat(b.grad()).isNull();
    opt.step(); // no gradients: nothing moves
    assertThat(a.toDoubleArray()).containsExactly(1.0, 2.0);
  }

  @Test
  void stepUpdatesTheParameterInPlaceAndTrainingContinues() {
    Tensor w = param(DType.FLOAT32, 1.0, -1.0);
    float[] storage = w.floatStorage();
    SGD opt = new SGD(List.of(w), 0.25);
    for (int i = 0; i < 2; i++) {
      opt.zeroGrad();
      w.mul(w).sum().backward(); // gradient 2w
      opt.step();
    }
    // w -> w - 0.25 * 2w = w/2, twice
    assertThat(w.floatStorage()).isSameAs(storage).containsExactly(0.25f, -0.25f);
    assertThat(w.isLeaf()).isTrue();
    assertThat(w.requiresGrad()).isTrue();
  }

  @Test
  void mixedDtypesUpdateEachInItsOwnPrecision() {
    Tensor f = param(DType.FLOAT32, 1.0);
    Tensor d = param(DType.FLOAT64, 1.0);
    SGD opt = new SGD(List.of(f, d), 0.1);
    setGrad(f, 0.3);
    setGrad(d, 0.3);
    opt.step();
    assertThat(f.floatStorage()[0]).isEqualTo(1f - 0.1f * 0.3f);
    assertThat(d.doubleStorage()[0]).isEqualTo(1.0 - 0.1 * 0.3);
  }

  @Test
  void stateFollowsAParameterConvertedInPlaceToAnotherDtype() {
    Tensor w = param(DType.FLOAT32, 1.0, 2.0);
    Adam opt = new Adam(List.of(w), 0.1);
    setGrad(w, 0.5, 1.0);
    opt.step();
    double[] m = opt.stateDict().get("0.exp_avg").toDoubleArray();
    w.setData(w.detach().to(DType.FLOAT64)); // what Module.to(FLOAT64) does to each parameter
    // The moments follow the parameter (values kept) instead of mismatching its dtype.
    assertThat(opt.stateDict().get("0.exp_avg").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(opt.stateDict().get("0.exp_avg").toDoubleArray()).containsExactly(m);
    setGrad(w, 0.5, 1.0);
    opt.step();
    assertThat(w.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(opt.stateDict().get("0.step").item()).isEqualTo(2.0);
    // Same as a FLOAT64 run with the same moments: Adam's second step at constant gradients.
    Tensor ref = param(DType.FLOAT64, 1.0, 2.0);
    Adam refOpt = new Adam(List.of(ref), 0.1);
    for (int s = 0; s < 2; s++) {
      setGrad(ref, 0.5, 1.0);
      refOpt.step();
    }
    assertThat(w.toDoubleArray()).containsExactly(ref.toDoubleArray(), within(1e-6));
  }

  @Test
  void aParameterReshapedAfterConstructionFailsNamingIt() {
    Tensor w = param(DType.FLOAT64, 1.0, 2.0);
    SGD opt = new SGD(Map.of("fc.weight", w), 0.1, 0.9);
    w.setData(Tensor.zeros(DType.FLOAT64, 3));
    setGrad(w, 1, 1, 1);
    assertThatThrownBy(opt::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "SGD.step: parameter 'fc.weight' is now [3] but was [2] when this SGD was "
                + "built, so its state 'momentum_buffer' no longer fits; build a new SGD for the "
                + "reshaped parameters");
  }

  @Test
  void namesComeFromTheMapOrTheListIndex() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    named.put("encoder.0.weight", p());
    named.put("encoder.0.bias", p());
    assertThat(new SGD(named, 0.1).paramNames())
        .containsExactly("encoder.0.weight", "encoder.0.bias");
    SGD listed = new SGD(List.of(p(), p(), p()), 0.1);
    assertThat(listed.paramNames()).containsExactly("0", "1", "2");
    assertThat(listed.params()).hasSize(3);
    assertThatThrownBy(() -> listed.params().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringShowsKindHyperParametersAndSize() {
    SGD opt = new SGD(List.of(p(), param(DType.FLOAT64, 1, 2, 3)), 0.1, 0.9);
    assertThat(opt.toString())
        .isEqualTo(
            "SGD(lr=0.1, momentum=0.9, dampening=0.0, nesterov=false, weight_decay=0.0) over 2 parameters (5 values)");
  }
}
