package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#indexSelect} and {@link Tensor#embedding}: values and gradients from PyTorch 1.13,
 * GradCheck, and the error messages.
 */
class IndexSelectTest {

  private static double[] range(int n, double from) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + i;
    }
    return v;
  }

  @Test
  void indexSelectPicksSlicesAndAccumulatesTheGradientOfRepeatsAsPyTorch() {
    Tensor x = Tensor.of(range(12, 0), 3, 4).requiresGrad(true);

    Tensor y = x.indexSelect(1, Tensor.of(new int[] {2, 0, 2}, 3));
    y.mul(Tensor.of(range(9, 1), 3, 3)).sum().backward();

    assertThat(y.shape()).containsExactly(3, 3);
    assertThat(y.toDoubleArray()).containsExactly(2, 0, 2, 6, 4, 6, 10, 8, 10);
    assertThat(x.grad().toDoubleArray()).containsExactly(2, 0, 4, 0, 5, 0, 10, 0, 8, 0, 16, 0);
  }

  @Test
  void indexSelectTakesInt64AndNegativeAxesAndWorksOnEveryDType() {
    Tensor x = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 3, 2);

    assertThat(x.indexSelect(0, Tensor.of(new long[] {2, 2, 0}, 3)).toLongArray())
        .containsExactly(5, 6, 5, 6, 1, 2);
    assertThat(x.indexSelect(-1, Tensor.of(new int[] {1}, 1)).toLongArray())
        .containsExactly(2, 4, 6);
    assertThat(x.indexSelect(0, Tensor.zeros(DType.INT64, 0)).shape()).containsExactly(0, 2);
    assertThat(
            Tensor.of(new boolean[] {true, false}, 2)
                .indexSelect(0, Tensor.of(new int[] {1, 0, 1}, 3))
                .toBooleanArray())
        .containsExactly(false, true, false);
  }

  @Test
  void indexSelectPassesGradCheckOnEveryAxis() {
    Tensor x = Tensor.randn(5L, DType.FLOAT64, 3, 4, 2);
    Tensor index = Tensor.of(new long[] {1, 1, 0, 2}, 4);
    for (int axis = 0; axis < 3; axis++) {
      int a = axis;
      Tensor idx = a == 2 ? Tensor.of(new int[] {1, 0, 1}, 3) : index;
      GradCheck.Result r = GradCheck.check(in -> in[0].indexSelect(a, in[1]), x, idx);
      assertThat(r.passed()).as("axis %d: %s", a, r).isTrue();
    }
  }

  @Test
  void indexSelectNamesBadIndices() {
    Tensor x = Tensor.zeros(3, 4);

    assertThatThrownBy(() -> x.indexSelect(1, Tensor.of(new int[] {0, 4}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "indexSelect: index value 4 at position 1 is out of range for axis 1 of input shape"
                + " [3, 4] (expected 0 to 3)");
    assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(new long[] {-1}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("indexSelect: index value -1 at position 0 is out of range");
    assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(new long[] {1L << 33}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("indexSelect: index value 8589934592 at position 0");
    assertThatThrownBy(() -> x.indexSelect(0, Tensor.zeros(DType.INT32, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indexSelect: index must be 1-d, got shape [1, 1]");
    assertThatThrownBy(() -> x.indexSelect(0, Tensor.zeros(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indexSelect: index must be INT32 or INT64, got FLOAT32");
    assertThatThrownBy(() -> x.indexSelect(2, Tensor.zeros(DType.INT32, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("indexSelect: axis 2");
  }

  // ---------------------------------------------------------------- embedding

  @Test
  void embeddingLooksUpRowsAndSkipsThePaddingRowsGradientAsPyTorch() {
    Tensor w = Tensor.of(range(8, 0), 4, 2).requiresGrad(true);
    Tensor ids = Tensor.of(new long[] {1, 3, 1, 0, 0, 3}, 2, 3);

    Tensor e = Tensor.embedding(ids, w, 3);
    e.mul(Tensor.of(range(12, 0), 2, 3, 2)).sum().backward();

    assertThat(e.shape()).containsExactly(2, 3, 2);
    assertThat(e.toDoubleArray()).containsExactly(2, 3, 6, 7, 2, 3, 0, 1, 0, 1, 6, 7);
    assertThat(w.grad().toDoubleArray()).containsExactly(14, 16, 4, 6, 0, 0, 0, 0);
  }

  @Test
  void embeddingWithoutPaddingAccumulatesIntoEveryRowAndTakesNegativePaddingFromTheEnd() {
    Tensor ids = Tensor.of(new int[] {1, 3, 1, 0, 0, 3}, 2, 3);
    Tensor w = Tensor.of(range(8, 0), 4, 2).requiresGrad(true);
    Tensor.embedding(ids, w).sum().backward();
    assertThat(w.grad().toDoubleArray()).containsExactly(2, 2, 2, 2, 0, 0, 2, 2);

    Tensor w2 = Tensor.of(range(8, 0), 4, 2).requiresGrad(true);
    Tensor.embedding(ids, w2, -1).sum().backward(); // -1 is row 3, as in PyTorch
    assertThat(w2.grad().toDoubleArray()).containsExactly(2, 2, 2, 2, 0, 0, 0, 0);

    assertThat(Tensor.embedding(Tensor.scalar(DType.INT64, 2), w).toDoubleArray())
        .containsExactly(4, 5);
  }

  @Test
  void embeddingPassesGradCheck() {
    Tensor w = Tensor.randn(7L, DType.FLOAT64, 5, 3);
    Tensor ids = Tensor.of(new long[] {4, 0, 4, 2, 2, 2}, 3, 2);
    GradCheck.Result plain = GradCheck.check(in -> Tensor.embedding(in[0], in[1]), ids, w);
    GradCheck.Result padded = GradCheck.check(in -> Tensor.embedding(in[0], in[1], 2), ids, w);
    GradCheck.Result unusedPadding =
        GradCheck.check(in -> Tensor.embedding(in[0], in[1], 1), ids, w);
    assertThat(plain.passed()).as("%s", plain).isTrue();
    assertThat(unusedPadding.passed()).as("%s", unusedPadding).isTrue();
    // the padding row gets no gradient, which finite differences do see: only its rows differ
    assertThat(padded.passed()).as("padding rows differ from finite differences").isFalse();
  }

  @Test
  void embeddingNamesAnOutOfRangeIdItsPositionAndV() {
    Tensor w = Tensor.zeros(10, 4);

    assertThatThrownBy(() -> Tensor.embedding(Tensor.of(new int[] {1, 2, 3, 12}, 2, 2), w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "embedding: id 12 at position [1, 1] is out of range for 10 embeddings (expected 0 to"
                + " 9)");
    assertThatThrownBy(() -> Tensor.embedding(Tensor.of(new long[] {-1}, 1), w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("embedding: id -1 at position [0] is out of range");
    assertThatThrownBy(() -> Tensor.embedding(Tensor.zeros(2), w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("embedding: ids must be INT32 or INT64, got FLOAT32");
    assertThatThrownBy(() -> Tensor.embedding(Tensor.zeros(DType.INT32, 2), Tensor.zeros(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("embedding: weight must be 2-d [numEmbeddings, embeddingDim], got shape [10]");
    assertThatThrownBy(() -> Tensor.embedding(Tensor.zeros(DType.INT32, 2), w, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "embedding: paddingIdx 10 is out of range for 10 embeddings (expected -10 to 9)");
  }
}
