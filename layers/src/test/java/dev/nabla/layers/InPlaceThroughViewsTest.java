package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers save their inputs and parameters for backward; a write between forward and backward
 * through any other tensor over the same memory (the caller's batch behind a reshape, a state-dict
 * entry, a detached parameter) must fail backward, not give a gradient of the new values.
 */
class InPlaceThroughViewsTest {

  /** Models whose forward saves both its input (for the weight's gradient) and its weights. */
  static List<Supplier<Module>> models() {
    return List.of(
        () -> new Dense(4, 1),
        () -> new Sequential(new Dense(4, 3), new ReLU(), new Dense(3, 1)), // the fused Dense+ReLU
        () -> new Sequential(new Dense(4, 3), new Tanh(), new Dense(3, 1)));
  }

  static Stream<Arguments> modelsAndWrites() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int m = 0; m < models().size(); m++) {
      for (String w : List.of("batch", "batchView", "stateDictWeight", "detachedParameter")) {
        b.add(Arguments.of(m, w));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "model {0}, write {1}")
  @MethodSource("modelsAndWrites")
  void aWriteBetweenForwardAndBackwardFailsBackward(int model, String write) {
    Module m = models().get(model).get();
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4}, 4);
    Tensor loss = m.apply(batch.reshape(1, 4)).sum();
    String firstWeight =
        m.stateDict().keySet().stream().filter(k -> k.endsWith("weight")).findFirst().orElseThrow();
    Map<String, Consumer<Void>> writes =
        Map.of(
            "batch", v -> batch.mulInPlace(0),
            "batchView", v -> batch.reshape(2, 2).fill(0),
            "stateDictWeight", v -> m.stateDict().get(firstWeight).fill(10),
            "detachedParameter", v -> m.parameters().get(0).detach().mulInPlace(2));
    try (var _ = Grad.disabled()) {
      writes.get(write).accept(null);
    }
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void theIssuesCaseWithoutTheWriteGivesTheBatchAsTheWeightGradient() {
    Dense dense = new Dense(4, 1);
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4}, 4);
    dense.apply(batch.reshape(1, 4)).sum().backward();
    // d sum(x W + b) / dW = x^T: the batch itself, as a [4, 1] column.
    assertThat(dense.weight().grad().toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void theIssuesCaseWithTheWriteFailsInsteadOfAZeroGradient() {
    Dense dense = new Dense(4, 1);
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4}, 4);
    Tensor loss = dense.apply(batch.reshape(1, 4)).sum();
    batch.mulInPlace(0);
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place")
        .hasMessageContaining("copy()");
  }

  @Test
  void aWriteAfterBackwardIsAllowedAndReachesTheModule() {
    Dense dense = new Dense(4, 1);
    dense.apply(Tensor.ones(1, 4)).sum().backward();
    try (var _ = Grad.disabled()) {
      dense.stateDict().get("weight").fill(10);
    }
    assertThat(dense.weight().toFloatArray()).containsOnly(10f);
  }
}
