package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nabla.core.AnomalyException;
import dev.nabla.core.Grad;
import dev.nabla.core.Graph;
import dev.nabla.core.Node;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anomaly mode inside models: the message says where in the model the bad value appeared. */
class AnomalyPathTest {

  /** A layer that takes the elementwise log: NaN on any negative input. */
  static final class Log extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return x.log();
    }
  }

  /** A layer that takes the elementwise square root: an infinite gradient at 0. */
  static final class Sqrt extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return x.sqrt();
    }
  }

  /** A model with a named child, to check dotted paths. */
  static final class EncoderHead extends Module {
    private final Sequential encoder;
    private final Dense head;

    EncoderHead(Module last) {
      encoder = registerModule("encoder", new Sequential(new Dense(4, 8), last));
      head = registerModule("head", new Dense(8, 2));
    }

    @Override
    public Tensor forward(Tensor x) {
      return head.apply(encoder.apply(x));
    }
  }

  private static Tensor batch() {
    return Tensor.randn(11L, 32, 4);
  }

  @Test
  void logOfANegativeNumberInASequentialIsReportedWithOpAndPath() {
    Sequential model = new Sequential(new Dense(4, 10), new Tanh(), new Dense(10, 10), new Log());
    AnomalyException e;
    try (var _ = Grad.detectAnomaly()) {
      e = catchThrowableOfType(AnomalyException.class, () -> model.apply(batch()));
    }
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith(
            "anomaly: Log produced NaN in forward at model path '3' (inputs [32, 10] FLOAT32)");
    assertThat(e.opName()).isEqualTo("Log");
    assertThat(e.scopePath()).isEqualTo("3");
    assertThat(e.pass()).isEqualTo(AnomalyException.Pass.FORWARD);
    assertThat(Grad.scopePath()).as("the scopes were closed on the way out").isEmpty();
  }

  @Test
  void nestedModulesGiveDottedPathsAsInNamedModules() {
    EncoderHead model = new EncoderHead(new Log());
    assertThat(model.namedModules()).containsKey("encoder.1");
    try (var _ = Grad.detectAnomaly()) {
      assertThatThrownBy(() -> model.apply(batch()))
          .isInstanceOf(AnomalyException.class)
          .hasMessageStartingWith(
              "anomaly: Log produced NaN in forward at model path 'encoder.1' (inputs [32, 8] FLOAT32)");
    }
  }

  @Test
  void sqrtAtZeroAfterReluIsReportedAsABackwardAnomalyAtItsPath() {
    Sequential model = new Sequential(new Dense(4, 6), new ReLU(), new Sqrt(), new Dense(6, 1));
    Tensor loss;
    try (var _ = Grad.detectAnomaly()) {
      loss = model.apply(batch()).sum(); // forward is finite: sqrt(0) = 0
      AnomalyException e = catchThrowableOfType(AnomalyException.class, loss::backward);
      assertThat(e).isNotNull();
      assertThat(e.pass()).isEqualTo(AnomalyException.Pass.BACKWARD);
      assertThat(e.opName()).isEqualTo("Sqrt");
      assertThat(e.scopePath()).isEqualTo("2");
      // +Inf or -Inf, depending on the sign of the last layer's weight behind that unit.
      assertThat(e.getMessage())
          .startsWith("anomaly: Sqrt produced ")
          .contains("Inf in backward at model path '2' (inputs [32, 6] FLOAT32)");
    }
  }

  @Test
  void offByDefaultTheSameModelsRunWithoutAnException() {
    Sequential logModel =
        new Sequential(new Dense(4, 10), new Tanh(), new Dense(10, 10), new Log());
    Tensor out = logModel.apply(batch());
    assertThat(out.toFloatArray()).contains(Float.NaN);

    Sequential sqrtModel = new Sequential(new Dense(4, 6), new ReLU(), new Sqrt(), new Dense(6, 1));
    Tensor loss = sqrtModel.apply(batch()).sum();
    loss.backward(); // ReLU's backward masks the infinite gradients of sqrt at 0: no error either
    assertThat(Double.isFinite(loss.item())).isTrue();
    assertThat(sqrtModel.get(0).parameters().get(0).grad()).isNotNull();
  }

  @Test
  void everyRecordedNodeCarriesItsModulePath() {
    Sequential model = new Sequential(new Dense(4, 3), new Tanh());
    Tensor out = model.apply(batch());
    List<String> paths = Graph.of(out).nodes().stream().map(Node::scopePath).distinct().toList();
    assertThat(paths).containsExactly("0", "1");
    // a Dense and the ReLU after it run as one fused node, which carries the Dense's path
    Tensor fused = new Sequential(new Dense(4, 3), new ReLU()).apply(batch());
    assertThat(Graph.of(fused).nodes().stream().map(Node::scopePath).toList()).containsExactly("0");
  }
}
