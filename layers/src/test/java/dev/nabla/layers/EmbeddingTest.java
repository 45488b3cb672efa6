package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

  @Test
  void looksUpRowsOfItsWeightForIdsOfAnyShape() {
    Embedding e =
        new Embedding(
            3, 2, null, (s, in, out, seed) -> Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), 1L);

    Tensor y = e.apply(Tensor.of(new long[] {2, 0, 2, 1}, 2, 2));

    assertThat(y.shape()).containsExactly(2, 2, 2);
    assertThat(y.toFloatArray()).containsExactly(5, 6, 1, 2, 5, 6, 3, 4);
    assertThat(e.apply(Tensor.of(new int[] {1}, 1)).toFloatArray()).containsExactly(3, 4);
    assertThat(e.namedParameters().keySet()).containsExactly("weight");
    assertThat(e.weight().shape()).containsExactly(3, 2);
  }

  @Test
  void weightIsStandardNormalAsPyTorchsAndReproducibleFromTheSeed() {
    Embedding a = new Embedding(200, 50, null, Init.normal(0, 1), 5L);
    Embedding b = new Embedding(200, 50, null, Init.normal(0, 1), 5L);
    double[] w = a.weight().toDoubleArray();
    double mean = 0, sq = 0;
    for (double v : w) {
      mean += v / w.length;
      sq += v * v / w.length;
    }

    assertThat(b.weight().toFloatArray()).containsExactly(a.weight().toFloatArray());
    // 10,000 draws: the mean is within 4 standard errors (0.04) of 0, the variance near 1
    assertThat(mean).isBetween(-0.04, 0.04);
    assertThat(sq - mean * mean).isBetween(0.95, 1.05);
    assertThat(new Embedding(4, 3).weight().toFloatArray())
        .isNotEqualTo(new Embedding(4, 3).weight().toFloatArray());
  }

  @Test
  void thePaddingRowStartsAtZeroAndGetsNoGradient() {
    Embedding e = new Embedding(4, 3, 1, Init.normal(0, 1), 9L);
    Embedding last = new Embedding(4, 3, -1, Init.normal(0, 1), 9L);

    e.apply(Tensor.of(new int[] {1, 0, 1, 3}, 4)).sum().backward();

    assertThat(e.paddingIdx()).isEqualTo(1);
    assertThat(last.paddingIdx()).isEqualTo(3);
    assertThat(e.weight().slice(0, 1, 2).toFloatArray()).containsExactly(0f, 0f, 0f);
    assertThat(last.weight().slice(0, 3, 4).toFloatArray()).containsExactly(0f, 0f, 0f);
    assertThat(e.weight().grad().toFloatArray())
        .containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    assertThat(new Embedding(4, 3).paddingIdx()).isNull();
  }

  @Test
  void gradientsPassGradCheck() {
    assertModuleGradients(
        new Embedding(5, 3, null, Init.normal(0, 1), 3L),
        Tensor.of(new long[] {4, 0, 4, 2, 2, 1}, 2, 3));
    assertModuleGradients(
        new Embedding(5, 3, 2, Init.normal(0, 1), 3L), Tensor.of(new int[] {4, 0, 4, 1}, 4));
  }

  @Test
  void reprAndErrors() {
    assertThat(new Embedding(10, 3, null, Init.normal(0, 1), 1L).toString())
        .isEqualTo("Embedding(10, 3)");
    assertThat(new Embedding(10, 3, 0, Init.normal(0, 1), 1L).toString())
        .isEqualTo("Embedding(10, 3, padding_idx=0)");
    assertThatThrownBy(() -> new Embedding(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Embedding: numEmbeddings must be >= 1, got 0");
    assertThatThrownBy(() -> new Embedding(4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Embedding: embeddingDim must be >= 1, got 0");
    assertThatThrownBy(() -> new Embedding(4, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Embedding: paddingIdx 4 is out of range for 4 embeddings (expected -4 to 3)");
    Embedding e = new Embedding(4, 3, null, Init.normal(0, 1), 1L);
    assertThatThrownBy(() -> e.apply(Tensor.of(new int[] {0, 7}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Embedding(4, 3)")
        .hasMessageContaining(
            "embedding: id 7 at position [1] is out of range for 4 embeddings (expected 0 to 3)");
    assertThatThrownBy(() -> e.apply(Tensor.zeros(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embedding: ids must be INT32 or INT64, got FLOAT32");
    assertThat(e.to(DType.FLOAT64).apply(Tensor.of(new int[] {0}, 1)).dtype())
        .isEqualTo(DType.FLOAT64);
  }
}
