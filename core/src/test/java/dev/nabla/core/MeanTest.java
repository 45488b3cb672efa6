package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** mean() is composed from sum and div; pinned here against hand-computed values. */
class MeanTest {
  private final Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void meanOfAllElements() {
    assertThat(x.mean().shape()).isEmpty();
    assertThat(x.mean().item()).isEqualTo(3.5);
  }

  @Test
  void meanOverAxesWithAndWithoutKeepDims() {
    assertThat(x.mean(0).toDoubleArray()).containsExactly(2.5, 3.5, 4.5);
    assertThat(x.mean(1).toDoubleArray()).containsExactly(2.0, 5.0);
    assertThat(x.mean(-1, true).shape()).containsExactly(2, 1);
    assertThat(x.mean(new int[] {0, 1}, true).shape()).containsExactly(1, 1);
    assertThat(x.mean(new int[] {0, 1}, true).item()).isEqualTo(3.5);
  }

  @Test
  void float32MeanOfManyValuesIsAccurate() {
    Tensor ones = Tensor.full(0.1f, 1_000_000);
    assertThat(ones.mean().item()).isCloseTo(0.1, within(1e-7));
  }

  @Test
  void meanGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].mean(), randn64(1, 2, 3));
    assertGradients(in -> in[0].mean(1), randn64(2, 2, 3, 4));
    assertGradients(in -> in[0].mean(new int[] {0, 2}, true), randn64(3, 2, 3, 4));
    assertGradients(in -> in[0].mean(), Tensor.scalar(1.5));
    assertGradients(in -> in[0].mean(0), randn64(4, 1, 5));
  }

  @Test
  void meanGradientIsOneOverCount() {
    Tensor p = Tensor.ones(DType.FLOAT64, 4, 5).requiresGrad(true);
    p.mean().backward();
    for (double g : p.grad().toDoubleArray()) {
      assertThat(g).isEqualTo(1.0 / 20);
    }
  }
}
