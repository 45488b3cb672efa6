package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Tensor#get(int...)} ({@code x[i, j]}) and {@link Tensor#item(int...)}. */
class GetAndItemTest {

  private static final Tensor X =
      Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);

  @Test
  void getReturnsTheSubTensorAtLeadingIndicesAsPythonIndexing() {
    // x = torch.arange(12.).reshape(2, 3, 2): x[1] = [[6, 7], [8, 9], [10, 11]], x[-1, 0] = [6, 7]
    assertThat(X.get(1).shape()).containsExactly(3, 2);
    assertThat(X.get(1).toDoubleArray()).containsExactly(6, 7, 8, 9, 10, 11);
    assertThat(X.get(-1, 0).toDoubleArray()).containsExactly(6, 7);
    assertThat(X.get(0, -1, 1).shape()).isEmpty();
    assertThat(X.get(0, -1, 1).item()).isEqualTo(5);
    assertThat(X.get().toDoubleArray()).containsExactly(X.toDoubleArray());
    assertThat(Tensor.of(new long[] {1L << 40, 2}, 2).get(0).toLongArray())
        .containsExactly(1L << 40);
    assertThat(Tensor.of(new boolean[] {false, true}, 2).get(-1).toBooleanArray())
        .containsExactly(true);
  }

  @Test
  void getSendsTheGradientIntoTheSlotRead() {
    Tensor x = X.copy().requiresGrad(true);

    x.get(1, -2).mul(Tensor.of(new double[] {2, 3}, 2)).sum().backward();

    assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0, 0);
    GradCheck.Result r = GradCheck.check(in -> in[0].get(-1, 2), X);
    assertThat(r.passed()).as("%s", r).isTrue();
  }

  @Test
  void itemReadsOneElementByOneIndexPerAxis() {
    assertThat(X.item(1, 2, 0)).isEqualTo(10);
    assertThat(X.item(-1, -1, -1)).isEqualTo(11);
    assertThat(Tensor.of(new long[] {3_000_000_000L}, 1).item(0)).isEqualTo(3e9);
    assertThat(Tensor.of(new boolean[] {true, false}, 2).item(1)).isEqualTo(0);
    assertThat(Tensor.scalar(2.5).item()).isEqualTo(2.5);
    assertThat(Tensor.ones(1, 1).item()).isEqualTo(1);
  }

  @Test
  void badIndicesNameTheShapeAndTheIndex() {
    assertThatThrownBy(() -> X.get(0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "get: 4 indices [0, 0, 0, 0] for a tensor of shape [2, 3, 2] (expected at most 3)");
    assertThatThrownBy(() -> X.get(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "get: index 3 is out of range for axis 1 of shape [2, 3, 2] (index [0, 3]; expected -3"
                + " to 2)");
    assertThatThrownBy(() -> X.get(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("get: index -3 is out of range for axis 0 of shape [2, 3, 2]");
    assertThatThrownBy(() -> X.item(1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "item: [1, 2] does not index one element of a tensor of shape [2, 3, 2] (expected 3"
                + " indices, one per axis)");
    assertThatThrownBy(() -> X.item(0, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "item: index 2 is out of range for axis 2 of shape [2, 3, 2] (index [0, 0, 2]; expected"
                + " -2 to 1)");
    assertThatThrownBy(() -> Tensor.zeros(0, 2).get(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the axis is empty");
  }
}
