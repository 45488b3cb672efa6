package dev.nabla.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link TensorState.Sum}: the mean of what is averaged, the lowest rank's of the rest. */
class TensorStateTest {
  /**
   * Worker {@code rank}'s state: a FLOAT32 [2, 1] and a FLOAT64 [1] (averaged), a 0-d FLOAT32 step
   * count and an INT64 generator state (taken from the lowest rank).
   */
  static TensorState state(int rank) {
    float[][] w = {{1, -2}, {2, 0.5f}, {6, 7.5f}};
    double[] b = {0.25, 0.5, 2.25};
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.of(w[rank], 2, 1));
    m.put("b", Tensor.of(new double[] {b[rank]}, 1));
    m.put("step", Tensor.scalar(5f + rank));
    m.put("rng", Tensor.of(new long[] {100L + rank, -rank}, 2));
    return TensorState.of(m);
  }

  static void assertMean(TensorState.Sum sum) {
    assertThat(sum.count()).isEqualTo(3);
    Map<String, Tensor> t = sum.mean().tensors();
    assertThat(t.keySet()).containsExactly("w", "b", "step", "rng");
    // (1 + 2 + 6) / 3, (-2 + 0.5 + 7.5) / 3
    assertThat(t.get("w").shape()).containsExactly(2, 1);
    assertThat(t.get("w").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.get("w").toFloatArray()).containsExactly(3f, 2f);
    // (0.25 + 0.5 + 2.25) / 3
    assertThat(t.get("b").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(t.get("b").toDoubleArray()).containsExactly(1.0);
    // rank 0's, not a mean (which would be 6) nor the last added
    assertThat(t.get("step").shape()).isEmpty();
    assertThat(t.get("step").toFloatArray()).containsExactly(5f);
    assertThat(t.get("rng").toLongArray()).containsExactly(100L, 0L);
  }

  @Test
  void theMeanIsTheSameWhateverTheOrderOfAddsAndMerges() {
    Supplier<TensorState.Sum> empty = TensorState.Sum::new;
    assertMean(empty.get().add(0, state(0)).add(1, state(1)).add(2, state(2)));
    assertMean(empty.get().add(2, state(2)).add(1, state(1)).add(0, state(0)));
    assertMean(empty.get().add(1, state(1)).add(0, state(0)).add(2, state(2)));
    // partial sums as treeAggregate combines them, with empty ones among them
    assertMean(
        empty
            .get()
            .merge(empty.get())
            .merge(empty.get().add(2, state(2)))
            .merge(empty.get().add(1, state(1)).add(0, state(0)))
            .merge(empty.get()));
    assertMean(empty.get().add(0, state(0)).merge(empty.get().add(2, state(2)).add(1, state(1))));
  }

  @Test
  void oneStateIsItsOwnMean() {
    Map<String, Tensor> t = new TensorState.Sum().add(2, state(2)).mean().tensors();
    assertThat(t.get("w").toFloatArray()).containsExactly(6f, 7.5f);
    assertThat(t.get("step").toFloatArray()).containsExactly(7f);
  }

  @Test
  void noStateHasNoMean() {
    assertThatThrownBy(() -> new TensorState.Sum().mean())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no worker returned its state");
  }

  @Test
  void statesOfDifferentShapesAreRefused() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.of(new float[] {1, 2, 3}, 3, 1));
    m.put("b", Tensor.of(new double[] {0}, 1));
    m.put("step", Tensor.scalar(5f));
    m.put("rng", Tensor.of(new long[] {1, 2}, 2));
    TensorState.Sum sum = new TensorState.Sum().add(0, state(0));
    assertThatThrownBy(() -> sum.add(1, TensorState.of(m)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the workers' states differ at tensor 'w'");
  }
}
