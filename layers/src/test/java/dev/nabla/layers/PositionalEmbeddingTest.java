package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class PositionalEmbeddingTest {

  @Test
  void sinusoidalValuesByHand() {
    SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(3, 4);
    // dim 4: columns sin(pos), cos(pos), sin(pos / 100), cos(pos / 100); 10000^(2/4) = 100
    float[] expected = {
      0,
      1,
      0,
      1,
      0.84147098f,
      0.54030231f,
      0.00999983f,
      0.99995000f,
      0.90929743f,
      -0.41614684f,
      0.01999867f,
      0.99980001f,
    };
    assertThat(pe.namedBuffers().get("pe").toFloatArray()).containsExactly(expected, within(1e-7f));
    assertThat(pe.namedParameters()).isEmpty();
    // forward adds rows 0..T-1 to every batch element
    Tensor x = Tensor.ones(2, 2, 4);
    float[] y = pe.apply(x).toFloatArray();
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 8; i++) {
        assertThat(y[b * 8 + i]).isCloseTo(1 + expected[i], within(1e-6f));
      }
    }
    // odd dim: the last column is a sine, 10000^(2/3) = 464.1588834
    SinusoidalPositionalEncoding odd = new SinusoidalPositionalEncoding(2, 3);
    assertThat(odd.namedBuffers().get("pe").toFloatArray())
        .containsExactly(
            new float[] {0, 1, 0, 0.84147098f, 0.54030231f, 0.00215443f}, within(1e-7f));
  }

  @Test
  void learnedAddsItsFirstRowsAndTrainsThem() {
    LearnedPositionalEmbedding pe = new LearnedPositionalEmbedding(5, 2, Init.normal(0, 1), 3L);
    assertThat(pe.namedParameters().get("weight").shape()).containsExactly(5, 2);
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
    pe.setParameter("weight", w);
    Tensor x = Tensor.of(new float[] {0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 10}, 2, 3, 2);
    assertThat(pe.apply(x).toFloatArray())
        .containsExactly(1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16);
    LayerAssert.assertModuleGradients(pe, LayerAssert.randn64(4, 2, 3, 2));
  }

  @Test
  void tooLongOrWrongShapedInputFailsClearly() {
    LearnedPositionalEmbedding learned = new LearnedPositionalEmbedding(4, 2, Init.zeros(), 1L);
    assertThatThrownBy(() -> learned.apply(Tensor.zeros(1, 5, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LearnedPositionalEmbedding(4, 2): sequence length 5 exceeds maxLength 4 (input [1, 5,"
                + " 2])");
    assertThatThrownBy(() -> new SinusoidalPositionalEncoding(4, 2).apply(Tensor.zeros(1, 3, 3)))
        .hasMessage(
            "SinusoidalPositionalEncoding(4, 2): input must have shape [B, T, 2], got [1, 3, 3]");
    assertThatThrownBy(() -> new SinusoidalPositionalEncoding(0, 2))
        .hasMessageContaining("maxLength");
    assertThatThrownBy(() -> new LearnedPositionalEmbedding(3, 0)).hasMessageContaining("dim");
  }
}
