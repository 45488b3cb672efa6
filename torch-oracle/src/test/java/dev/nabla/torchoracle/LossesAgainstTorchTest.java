package dev.nabla.torchoracle;

import static dev.nabla.torchoracle.TorchFixtures.assertClose;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.losses.BCELoss;
import dev.nabla.losses.BCEWithLogitsLoss;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.losses.HuberLoss;
import dev.nabla.losses.L1Loss;
import dev.nabla.losses.Loss;
import dev.nabla.losses.MSELoss;
import dev.nabla.losses.NLLLoss;
import dev.nabla.losses.Reduction;
import dev.nabla.torchoracle.TorchFixtures.Fixture;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss case of {@code make_fixtures.py} (each loss with reductions mean, sum and none), in
 * FLOAT64 and FLOAT32: the loss and the input's gradient of {@code sum(loss * r)} must be
 * PyTorch's.
 */
class LossesAgainstTorchTest {

  @BeforeAll
  static void pyTorchWritesItsAnswers() {
    TorchFixtures.ensureGenerated();
  }

  static Stream<Arguments> cases() {
    return TorchFixtures.arguments("loss");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void lossAndGradientArePyTorchs(String name, DType dtype) throws Exception {
    Fixture f = TorchFixtures.load(name, dtype);
    Loss loss = build(f);
    Tensor x = f.get("input").copy().requiresGrad(true);
    Tensor y = loss.apply(x, f.get("target"));
    y.mul(f.get("r")).sum().backward();
    assertClose(name + " loss", y, f.get("output"));
    assertClose(name + " input gradient", x.grad(), f.get("grad.input"));
  }

  static Loss build(Fixture f) {
    Reduction r = Reduction.valueOf(f.setting("reduction").toUpperCase(Locale.ROOT));
    return switch (f.setting("loss")) {
      case "MSELoss" -> new MSELoss(r);
      case "L1Loss" -> new L1Loss(r);
      case "HuberLoss" -> new HuberLoss(r, f.doubleSetting("delta"));
      case "BCELoss" -> new BCELoss(r);
      case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(r);
      case "CrossEntropyLoss" ->
          f.meta().containsKey("ignoreIndex")
              ? new CrossEntropyLoss(r, f.intSetting("ignoreIndex"))
              : new CrossEntropyLoss(r);
      case "NLLLoss" -> new NLLLoss(r);
      default ->
          throw new IllegalArgumentException(f.name() + ": no nabla loss for " + f.setting("loss"));
    };
  }
}
