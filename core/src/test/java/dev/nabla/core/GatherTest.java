package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Gather (torch.gather semantics): values, scatter-add gradients, and every error. */
class GatherTest {

  @Test
  void gatherAlongAxis1PicksPerRowAsTorchDocumentsIt() {
    // The example of torch.gather's documentation.
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor idx = Tensor.of(new int[] {0, 0, 1, 0}, 2, 2);
    Tensor y = t.gather(1, idx);
    assertThat(y.shape()).containsExactly(2, 2);
    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.toFloatArray()).containsExactly(1, 1, 4, 3);
  }

  @Test
  void gatherAlongAxis0PicksPerColumn() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor idx = Tensor.of(new int[] {2, 0, 1, 1}, 2, 2);
    assertThat(t.gather(0, idx).toDoubleArray()).containsExactly(5, 2, 3, 4);
    assertThat(t.gather(-2, idx).toDoubleArray()).containsExactly(5, 2, 3, 4);
  }

  @Test
  void gatherPicksClassScoresLikeACrossEntropyLossDoes() {
    Tensor logits = Tensor.of(new double[] {0.1, 0.7, 0.2, 0.5, 0.3, 0.2}, 2, 3);
    Tensor labels = Tensor.of(new int[] {1, 0}, 2, 1);
    Tensor picked = logits.gather(1, labels);
    assertThat(picked.shape()).containsExactly(2, 1);
    assertThat(picked.toDoubleArray()).containsExactly(0.7, 0.5);
  }

  @Test
  void gatherWithASmallerIndexOnEveryAxisMatchesNaiveLoop() {
    int[] xs = {4, 5, 3};
    int[] is = {3, 7, 2};
    Tensor x = Naive.iota(xs);
    for (int axis = 0; axis < 3; axis++) {
      int[] shape = is.clone();
      for (int d = 0; d < 3; d++) {
        if (d != axis) {
          shape[d] = Math.min(is[d], xs[d]);
        }
      }
      int[] index = new int[Naive.size(shape)];
      for (int p = 0; p < index.length; p++) {
        index[p] = (p * 7 + 3) % xs[axis];
      }
      double[] expected = new double[index.length];
      for (int p = 0; p < index.length; p++) {
        int[] pos = Naive.unravel(p, shape);
        pos[axis] = index[p];
        expected[p] = Naive.ravel(pos, xs);
      }
      Tensor idx = Tensor.of(index, shape);
      assertThat(x.gather(axis, idx).shape()).isEqualTo(shape);
      assertThat(x.gather(axis, idx).toDoubleArray()).as("axis %d", axis).containsExactly(expected);
      assertThat(Naive.f32(x).gather(axis, idx).toDoubleArray()).containsExactly(expected);
      assertThat(Tensor.of(x.toIntArray(), xs).gather(axis, idx).toDoubleArray())
          .containsExactly(expected);
    }
  }

  @Test
  void gatherWithAnEmptyIndexGivesAnEmptyTensor() {
    Tensor y = Naive.iota(2, 3).gather(1, Tensor.zeros(DType.INT32, 2, 0));
    assertThat(y.shape()).containsExactly(2, 0);
  }

  @Test
  void gatherGradientAccumulatesRepeatedIndices() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    Tensor idx = Tensor.of(new int[] {2, 2, 0, 1, 1, 1}, 2, 3);
    x.gather(1, idx).backward(Tensor.of(new double[] {1, 10, 100, 1, 2, 4}, 2, 3));
    assertThat(x.grad().toDoubleArray()).containsExactly(100, 0, 11, 0, 7, 0);
  }

  @Test
  void gatherGradientsMatchFiniteDifferences() {
    Tensor dup = Tensor.of(new int[] {0, 0, 2, 1, 1, 1, 3, 0}, 2, 4);
    assertGradients(in -> in[0].gather(1, in[1]), randn64(1, 2, 4), dup);
    Tensor col = Tensor.of(new int[] {1, 1, 0, 2, 2, 2}, 3, 2);
    assertGradients(in -> in[0].gather(0, in[1]), randn64(2, 3, 3), col);
    Tensor deep = Tensor.of(new int[] {1, 0, 1, 1}, 2, 1, 2);
    assertGradients(in -> in[0].gather(-1, in[1]), randn64(3, 2, 2, 3), deep);
  }

  @Test
  void gatherRejectsOutOfRangeIndicesNamingValuePositionAndRange() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.gather(1, Tensor.of(new int[] {0, 1, 2, 2, 3, 0}, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gather: index value 3 at position [1, 1] is out of range for axis 1")
        .hasMessageContaining("input shape [2, 3]")
        .hasMessageContaining("(expected 0 to 2)");
    assertThatThrownBy(() -> x.gather(0, Tensor.of(new int[] {0, -1}, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "gather: index value -1 at position [0, 1] is out of range for axis 0")
        .hasMessageContaining("(expected 0 to 1)");
    assertThatThrownBy(() -> Tensor.zeros(2, 0).gather(1, Tensor.zeros(DType.INT32, 2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gather: index value 0 at position [0, 0] is out of range for axis 1")
        .hasMessageContaining("the axis is empty: no index is valid");
  }

  @Test
  void gatherRejectsBadIndexTensorsAndAxes() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.gather(1, Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gather: index must be INT32 or INT64, got FLOAT32");
    assertThatThrownBy(() -> x.gather(1, Tensor.zeros(DType.INT32, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "gather: index has shape [3] of rank 1, input has shape [2, 3] of rank 2 (expected the same rank)");
    assertThatThrownBy(() -> x.gather(1, Tensor.zeros(DType.INT32, 3, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "gather: index shape [3, 1] is larger than input shape [2, 3] on axis 0");
    assertThatThrownBy(() -> x.gather(2, Tensor.zeros(DType.INT32, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "gather: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> new dev.nabla.core.internal.ops.Gather(0).apply(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gather: expected two tensors (input, index), got 1");
  }

  @Test
  void gatherAllowsALargerIndexAlongTheGatherAxis() {
    Tensor x = Tensor.of(new int[] {10, 20}, 1, 2);
    Tensor y = x.gather(1, Tensor.of(new int[] {1, 1, 0, 1, 0}, 1, 5));
    assertThat(y.toIntArray()).containsExactly(20, 20, 10, 20, 10);
  }
}
