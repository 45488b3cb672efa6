package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnomalyDetectionTest {

  @Test
  void offByDefaultSoNaNFlowsThroughWithoutAnException() {
    assertThat(Grad.isAnomalyDetectionEnabled()).isFalse();
    Tensor x = Tensor.of(new float[] {-1, 4}, 2).requiresGrad(true);
    Tensor y = x.log().sum();
    y.backward();
    assertThat(Double.isNaN(y.item())).isTrue();
    assertThat(x.grad().toFloatArray()).containsExactly(-1f, 0.25f);
  }

  @Test
  void forwardNaNNamesOpPassPathInputsAndIndex() {
    Tensor x = Tensor.of(new float[] {1, 2, -3, 4, 5, 6}, 2, 3);
    AnomalyException e;
    try (var _ = Grad.detectAnomaly();
        var _ = Grad.scope("encoder");
        var _ = Grad.scope("1")) {
      e = catchThrowableOfType(AnomalyException.class, x::log);
    }
    assertThat(e).isNotNull().isInstanceOf(ArithmeticException.class);
    assertThat(e.getMessage())
        .isEqualTo(
            "anomaly: Log produced NaN in forward at model path 'encoder.1' (inputs [2, 3] FLOAT32);"
                + " first at flat index 2 of the output [2, 3]");
    assertThat(e.opName()).isEqualTo("Log");
    assertThat(e.pass()).isEqualTo(AnomalyException.Pass.FORWARD);
    assertThat(e.scopePath()).isEqualTo("encoder.1");
    assertThat(e.inputShapes()).singleElement().isEqualTo(new int[] {2, 3});
    assertThat(e.value()).isEqualTo("NaN");
  }

  @Test
  void forwardInfinityOutsideAnyScopeSaysSo() {
    Tensor a = Tensor.of(new double[] {1, 0}, 2);
    Tensor b = Tensor.of(new double[] {0}, 1);
    try (var _ = Grad.detectAnomaly()) {
      assertThatThrownBy(() -> a.div(b))
          .isInstanceOf(AnomalyException.class)
          .hasMessage(
              "anomaly: Div produced Inf in forward outside any model path (no name scope"
                  + " open) (inputs [2] FLOAT64, [1] FLOAT64); first at flat index 0 of the output [2]");
    }
  }

  @Test
  void negativeInfinityIsReportedAsSuch() {
    Tensor x = Tensor.of(new float[] {3, 0}, 2);
    try (var _ = Grad.detectAnomaly()) {
      AnomalyException e = catchThrowableOfType(AnomalyException.class, x::log);
      assertThat(e.value()).isEqualTo("-Inf");
      assertThat(e.getMessage()).contains("Log produced -Inf in forward", "flat index 1");
    }
  }

  @Test
  void nanAlreadyInTheInputIsBlamedOnWhereItCameFrom() {
    Tensor data = Tensor.of(new float[] {1, Float.NaN}, 2);
    try (var _ = Grad.detectAnomaly()) {
      assertThatThrownBy(() -> data.mul(2))
          .isInstanceOf(AnomalyException.class)
          .hasMessageContaining("Mul produced NaN in forward")
          .hasMessageContaining(
              "input 0 already held NaN (a leaf: data, a parameter or a constant");
    }
  }

  @Test
  void backwardInfinityFromSqrtAtZeroIsReportedAsBackwardWithTheRecordedPath() {
    Tensor x = Tensor.of(new double[] {0, 4}, 2).requiresGrad(true);
    Tensor y;
    try (var _ = Grad.scope("head")) {
      y = x.sqrt().sum();
    }
    // The forward was fine (sqrt(0) = 0); only the gradient 0.5 / sqrt(0) is infinite.
    AnomalyException e;
    try (var _ = Grad.detectAnomaly()) {
      e = catchThrowableOfType(AnomalyException.class, y::backward);
    }
    assertThat(e).isNotNull();
    assertThat(e.pass()).isEqualTo(AnomalyException.Pass.BACKWARD);
    assertThat(e.opName()).isEqualTo("Sqrt");
    assertThat(e.scopePath()).isEqualTo("head");
    assertThat(e.getMessage())
        .isEqualTo(
            "anomaly: Sqrt produced Inf in backward at model path 'head' (inputs [2] FLOAT64);"
                + " first at flat index 0 of the gradient for input 0 [2]");
    assertThat(x.grad()).as("the failed pass accumulated nothing into the leaf").isNull();
  }

  @Test
  void backwardCheckIsOffWithoutAnomalyMode() {
    Tensor x = Tensor.of(new double[] {0, 4}, 2).requiresGrad(true);
    x.sqrt().sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(Double.POSITIVE_INFINITY, 0.25);
  }

  @Test
  void nonFiniteSeedIsPointedOutInTheBackwardMessage() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    try (var _ = Grad.detectAnomaly()) {
      assertThatThrownBy(() -> y.backward(Tensor.of(new double[] {Double.NaN, 1}, 2)))
          .isInstanceOf(AnomalyException.class)
          .hasMessageContaining("Mul produced NaN in backward")
          .hasMessageContaining("the gradient it received already held NaN");
    }
  }

  @Test
  void firstOpInsideACustomOpIsTheOneNamed() {
    // A user op whose forward is built from tensor ops: the inner Log is checked first.
    Op logOfNeg =
        new Op() {
          @Override
          public String name() {
            return "LogOfNeg";
          }

          @Override
          protected Tensor forward(OpContext ctx, Tensor... in) {
            return in[0].neg().log();
          }

          @Override
          protected Tensor[] backward(OpContext ctx, Tensor grad) {
            return new Tensor[] {grad};
          }
        };
    try (var _ = Grad.detectAnomaly()) {
      assertThatThrownBy(() -> logOfNeg.apply(Tensor.of(new float[] {2}, 1)))
          .isInstanceOf(AnomalyException.class)
          .hasMessageStartingWith("anomaly: Log produced NaN in forward");
    }
  }

  @Test
  void scopesNestCloseAndAreRecordedOnNodes() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor a;
    Tensor b;
    try (var _ = Grad.scope("model")) {
      try (var inner = Grad.scope("0")) {
        assertThat(inner.path()).isEqualTo("model.0");
        assertThat(inner.name()).isEqualTo("0");
        assertThat(Grad.scopePath()).isEqualTo("model.0");
        a = x.mul(2);
      }
      assertThat(Grad.scopePath()).isEqualTo("model");
      b = a.add(1);
    }
    assertThat(Grad.scopePath()).isEmpty();
    Tensor c = b.exp();
    assertThat(a.gradFn().scopePath()).isEqualTo("model.0");
    assertThat(b.gradFn().scopePath()).isEqualTo("model");
    assertThat(c.gradFn().scopePath()).isEmpty();
    assertThat(a.gradFn().toString()).isEqualTo("Mul -> [2] FLOAT32 at 'model.0'");
  }

  @Test
  void modesAreRestoredWhenScopesCloseEvenAfterAnException() {
    try (var _ = Grad.detectAnomaly()) {
      try (var _ = Grad.scope("x")) {
        assertThatThrownBy(() -> Tensor.of(new float[] {-1}, 1).log())
            .isInstanceOf(AnomalyException.class);
        assertThat(Grad.isEnabled()).as("forward's recording-off is undone on failure").isTrue();
      }
      assertThat(Grad.isAnomalyDetectionEnabled()).isTrue();
    }
    assertThat(Grad.isAnomalyDetectionEnabled()).isFalse();
    assertThat(Grad.scopePath()).isEmpty();
  }

  @Test
  void anomalyModeBelongsToTheThreadThatTurnedItOn() throws Exception {
    try (var _ = Grad.detectAnomaly();
        var _ = Grad.scope("main")) {
      Boolean otherSees =
          CompletableFuture.supplyAsync(
                  () -> {
                    // No exception on this thread: its mode is still off, and it has no scope.
                    Tensor.of(new float[] {-1}, 1).log();
                    return Grad.isAnomalyDetectionEnabled() || !Grad.scopePath().isEmpty();
                  })
              .get();
      assertThat(otherSees).isFalse();
    }
  }

  @Test
  void emptyOrNullScopeNameIsRejected() {
    assertThatThrownBy(() -> Grad.scope(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Grad.scope: expected a non-empty name, got ''");
    assertThatThrownBy(() -> Grad.scope(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Grad.scope: expected a non-empty name, got null");
  }

  @Test
  void finiteComputationsPassUntouchedWithAnomalyModeOn() {
    Tensor w = Tensor.randn(3L, DType.FLOAT64, 3, 2).requiresGrad(true);
    Tensor x = Tensor.randn(4L, DType.FLOAT64, 4, 3);
    Tensor plain = x.matmul(w).tanh().sum();
    plain.backward();
    double[] expected = w.grad().toDoubleArray();
    w.zeroGrad();
    try (var _ = Grad.detectAnomaly()) {
      Tensor checked = x.matmul(w).tanh().sum();
      checked.backward();
      assertThat(checked.item()).isEqualTo(plain.item());
    }
    assertThat(w.grad().toDoubleArray()).containsExactly(expected);
  }
}
