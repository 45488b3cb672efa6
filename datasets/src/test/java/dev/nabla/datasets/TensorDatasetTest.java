package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
  /** Inputs [5, 2, 3] with value 100*i + j at row i, flat position j; targets 10*i. */
  private static TensorDataset fiveRows() {
    float[] in = new float[5 * 6];
    int[] tg = new int[5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 6; j++) {
        in[i * 6 + j] = 100 * i + j;
      }
      tg[i] = 10 * i;
    }
    return new TensorDataset(Tensor.of(in, 5, 2, 3), Tensor.of(tg, 5));
  }

  @Test
  void getReturnsOneRowWithoutTheBatchDimension() {
    Example e = fiveRows().get(3);
    assertThat(e.input().shape()).containsExactly(2, 3);
    assertThat(e.input().toFloatArray()).containsExactly(300, 301, 302, 303, 304, 305);
    assertThat(e.target().shape()).isEmpty();
    assertThat(e.target().dtype()).isEqualTo(DType.INT32);
    assertThat(e.target().intItem()).isEqualTo(30);
  }

  @Test
  void batchCopiesTheRowsInTheGivenOrder() {
    Example b = fiveRows().batch(new int[] {4, 0, 4});
    assertThat(b.input().shape()).containsExactly(3, 2, 3);
    assertThat(b.input().toFloatArray())
        .containsExactly(
            400, 401, 402, 403, 404, 405, 0, 1, 2, 3, 4, 5, 400, 401, 402, 403, 404, 405);
    assertThat(b.target().shape()).containsExactly(3);
    assertThat(b.target().toIntArray()).containsExactly(40, 0, 40);
  }

  @Test
  void fastBatchEqualsTheDefaultStackingBatch() {
    TensorDataset data = fiveRows();
    Dataset viaStack =
        new Dataset() {
          @Override
          public int size() {
            return data.size();
          }

          @Override
          public Example get(int i) {
            return data.get(i);
          }
        };
    int[] idx = {2, 1, 4};
    Example fast = data.batch(idx);
    Example stacked = viaStack.batch(idx);
    assertThat(stacked.input().shape()).containsExactly(fast.input().shape());
    assertThat(stacked.input().toFloatArray()).containsExactly(fast.input().toFloatArray());
    assertThat(stacked.target().toIntArray()).containsExactly(fast.target().toIntArray());
  }

  @Test
  void float64TargetsAreCopiedToo() {
    var data =
        new TensorDataset(
            Tensor.of(new float[] {1, 2, 3}, 3, 1), Tensor.of(new double[] {0.5, 1.5, 2.5}, 3));
    assertThat(data.batch(new int[] {2, 0}).target().toDoubleArray()).containsExactly(2.5, 0.5);
  }

  @Test
  void mismatchedExampleCountsAreRejected() {
    assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TensorDataset: inputs hold 4 examples but targets hold 3")
        .hasMessageContaining("[4, 2]");
    assertThatThrownBy(() -> new TensorDataset(Tensor.scalar(1f), Tensor.zeros(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leading example dimension");
    assertThatThrownBy(() -> new TensorDataset(null, Tensor.zeros(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
  }

  @Test
  void indicesOutOfRangeAreNamed() {
    TensorDataset data = fiveRows();
    assertThatThrownBy(() -> data.get(5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("TensorDataset.get: index 5 is out of range [0, 5)");
    assertThatThrownBy(() -> data.batch(new int[] {0, -1}))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("index -1 at position 1");
    assertThatThrownBy(() -> data.batch(new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TensorDataset.batch: expected at least one index");
  }

  @Test
  void subsetMapsIndicesAndKeepsTheParentsBatchPath() {
    Dataset first = fiveRows().subset(1, 4);
    assertThat(first.size()).isEqualTo(3);
    assertThat(first.get(0).target().intItem()).isEqualTo(10);
    assertThat(first.batch(new int[] {2, 0}).target().toIntArray()).containsExactly(30, 10);
    assertThatThrownBy(() -> first.get(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("Subset.get: index 3 is out of range [0, 3)");
    assertThatThrownBy(() -> fiveRows().subset(2, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dataset.subset: expected 0 <= from <= to <= 5, got from=2, to=6");
    assertThatThrownBy(() -> new Subset(fiveRows(), new int[] {0, 9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Subset: index 9 at position 1 is out of range [0, 5)");
  }

  @Test
  void xorHoldsTheTutorialsFourSamples() {
    Xor xor = new Xor();
    assertThat(xor.size()).isEqualTo(4);
    assertThat(xor.inputs().shape()).containsExactly(4, 2);
    assertThat(xor.inputs().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(xor.inputs().toFloatArray()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1);
    assertThat(xor.targets().shape()).containsExactly(4, 1);
    assertThat(xor.targets().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(xor.targets().toFloatArray()).containsExactly(0, 1, 1, 0);
    Example third = xor.get(2);
    assertThat(third.input().toFloatArray()).containsExactly(1, 0);
    assertThat(third.target().toFloatArray()).containsExactly(1);
    assertThat(xor.batch(new int[] {3, 1}).target().toFloatArray()).containsExactly(0, 1);
  }

  @Test
  void exampleRejectsNulls() {
    assertThatThrownBy(() -> new Example(Tensor.zeros(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Example: input and target must not be null");
  }
}
