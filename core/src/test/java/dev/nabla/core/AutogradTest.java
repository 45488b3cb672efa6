package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AutogradTest {

  @Test
  void issueExampleGradientMatchesHandDerivedFormula() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.randn(42L, 3, 2).requiresGrad(true);
    Tensor loss = x.matmul(w).tanh().sum();
    loss.backward();
    float[] g = w.grad().toFloatArray();

    // d/dw[k][j] sum_i tanh(z[i][j]) = sum_i x[i][k] * (1 - tanh(z[i][j])^2), z = x w
    float[] xv = x.toFloatArray();
    float[] wv = w.toFloatArray();
    double expectedLoss = 0;
    double[] expected = new double[6];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double z = 0;
        for (int k = 0; k < 3; k++) {
          z += xv[i * 3 + k] * wv[k * 2 + j];
        }
        double t = Math.tanh(z);
        expectedLoss += t;
        for (int k = 0; k < 3; k++) {
          expected[k * 2 + j] += xv[i * 3 + k] * (1 - t * t);
        }
      }
    }
    assertThat(loss.item()).isCloseTo(expectedLoss, within(1e-5));
    assertThat(w.grad().shape()).containsExactly(3, 2);
    for (int i = 0; i < 6; i++) {
      assertThat((double) g[i]).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void tensorUsedTwiceAccumulatesBothContributions() {
    Tensor x = Tensor.of(new double[] {1.5, -2}, 2).requiresGrad(true);
    x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
    assertThat(x.grad().toDoubleArray()).containsExactly(4.0, -3.0);
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
    Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
    x.mul(2).sum().backward();
    x.mul(2).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(4.0);
    x.zeroGrad();
    assertThat(x.grad()).isNull();
    x.mul(5).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(5.0);
  }

  @Test
  void broadcastInputReceivesGradientReducedToItsShape() {
    Tensor a = Tensor.ones(DType.FLOAT64, 4, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor s = Tensor.scalar(2.0).requiresGrad(true);
    a.mul(b).mul(s).sum().backward();
    assertThat(b.grad().shape()).containsExactly(3);
    assertThat(b.grad().toDoubleArray()).containsExactly(8.0, 8.0, 8.0); // 4 rows * s=2
    assertThat(s.grad().shape()).isEmpty();
    assertThat(s.grad().item()).isEqualTo(4 * (1 + 2 + 3));
    assertThat(a.grad().toDoubleArray()).containsExactly(2, 4, 6, 2, 4, 6, 2, 4, 6, 2, 4, 6);
  }

  @Test
  void backwardWithSeedWorksFromAnyShape() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor y = x.mul(x);
    y.backward(Tensor.of(new double[] {1, 10, 100}, 3));
    assertThat(x.grad().toDoubleArray()).containsExactly(2.0, 40.0, 600.0);
  }

  @Test
  void secondBackwardThroughReleasedGraphFailsClearly() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor loss = x.tanh().sum();
    loss.backward();
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already freed")
        .hasMessageContaining("retainGraph");
  }

  @Test
  void retainedGraphCanBeWalkedBackTwice() {
    Tensor x = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
    Tensor loss = x.tanh().sum();
    Tensor seed = Tensor.scalar(1.0);
    loss.backward(seed, true);
    loss.backward(seed, true);
    double d = 1 - Math.tanh(0.5) * Math.tanh(0.5);
    assertThat(x.grad().item()).isCloseTo(2 * d, within(1e-12));
  }

  @Test
  void noGradScopeRecordsNothingAndRestoresOnClose() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    try (var _ = Grad.disabled()) {
      assertThat(Grad.isEnabled()).isFalse();
      Tensor y = x.mul(3);
      assertThat(y.requiresGrad()).isFalse();
      assertThat(y.gradFn()).isNull();
      try (var _ = Grad.enabled()) {
        assertThat(x.mul(3).gradFn()).isNotNull();
      }
      assertThat(Grad.isEnabled()).isFalse();
    }
    assertThat(Grad.isEnabled()).isTrue();
    assertThat(x.mul(3).requiresGrad()).isTrue();
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor d = y.detach();
    assertThat(d.requiresGrad()).isFalse();
    assertThat(d.gradFn()).isNull();
    assertThat(d.toDoubleArray()).containsExactly(4.0);
    d.mul(x).sum().backward(); // d is a constant: d/dx (4 x) = 4
    assertThat(x.grad().toDoubleArray()).containsExactly(4.0);
  }

  @Test
  void onlyLeavesRequiringGradGetGradients() {
    Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor c = Tensor.of(new double[] {3, 4}, 2);
    Tensor mid = a.mul(c);
    mid.sum().backward();
    assertThat(c.grad()).isNull();
    assertThat(mid.grad()).isNull();
    assertThat(a.grad().toDoubleArray()).containsExactly(3.0, 4.0);
  }

  @Test
  void deepChainDoesNotOverflowTheStack() {
    Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.add(1);
    }
    y.sum().backward();
    assertThat(x.grad().item()).isEqualTo(1.0);
  }

  @Test
  void backwardErrorsSayWhatWasExpected() {
    Tensor x = Tensor.ones(2, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[2, 2]")
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> y.backward(Tensor.ones(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3]")
        .hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> Tensor.ones(1).backward())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not require grad");
    assertThatThrownBy(() -> y.requiresGrad(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("detach()");
    assertThatThrownBy(() -> Tensor.of(new int[] {1}, 1).requiresGrad(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT32");
  }

  @Test
  void leafBackwardSeedsItsOwnGradient() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    x.backward();
    assertThat(x.grad().item()).isEqualTo(1.0);
  }

  @Test
  void float32GradientsStayFloat32() {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    w.mul(w).sum().backward();
    assertThat(w.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(w.grad().toFloatArray()).containsExactly(2f, 2f, 2f);
  }
}
