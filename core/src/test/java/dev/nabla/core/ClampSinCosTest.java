package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** clamp, clampMin, clampMax, sin and cos: values, PyTorch's edge cases, gradients, errors. */
class ClampSinCosTest {

  @Test
  void clampPassesOpCheck() {
    // away from the bounds, where the gradient jumps
    OpCheck.unary("clamp(-0.5, 1)", x -> x.clamp(-0.5, 1), v -> Math.min(Math.max(v, -0.5), 1))
        .awayFrom(-0.5)
        .check();
    OpCheck.unary("clampMin(0.3)", x -> x.clampMin(0.3), v -> Math.max(v, 0.3))
        .awayFrom(0.3)
        .check();
    OpCheck.unary("clampMax(-1)", x -> x.clampMax(-1), v -> Math.min(v, -1)).awayFrom(-1).check();
  }

  @Test
  void clampMatchesTorchOnNaNBoundsAndCrossedBounds() {
    // torch.clamp(tensor([nan, 1., 5.]), 0., 2.) -> [nan, 1., 2.]
    Tensor x = Tensor.of(new float[] {Float.NaN, 1, 5}, 3);
    float[] y = x.clamp(0, 2).toFloatArray();
    assertThat(y[0]).isNaN();
    assertThat(y[1]).isEqualTo(1f);
    assertThat(y[2]).isEqualTo(2f);
    // torch.clamp(tensor([1., 3.]), nan, 2.) -> [nan, nan]
    assertThat(Tensor.of(new double[] {1, 3}, 2).clamp(Double.NaN, 2).toDoubleArray())
        .containsOnly(Double.NaN);
    // min > max: every element becomes max, gradient 0 everywhere (torch 1.13)
    Tensor a = Tensor.of(new double[] {0, 1, 2, 3}, 4).requiresGrad(true);
    Tensor c = a.clamp(2, 1);
    assertThat(c.toDoubleArray()).containsExactly(1, 1, 1, 1);
    c.sum().backward();
    assertThat(a.grad().toDoubleArray()).containsExactly(0, 0, 0, 0);
    assertThat(Tensor.scalar(7.0).clamp(0, 2).shape()).isEmpty();
  }

  @Test
  void clampGradientIsOneInsideTheClosedIntervalAsTorch() {
    // torch: clamp(tensor([0., 1., 2., 3.]), 1., 2.).backward(ones) -> grad [0, 1, 1, 0]
    Tensor a = Tensor.of(new double[] {0, 1, 2, 3}, 4).requiresGrad(true);
    a.clamp(1, 2).sum().backward();
    assertThat(a.grad().toDoubleArray()).containsExactly(0, 1, 1, 0);
    // a NaN element gets gradient 0 (torch: [0., 1.])
    Tensor b = Tensor.of(new float[] {Float.NaN, 1}, 2).requiresGrad(true);
    b.clamp(0, 2).sum().backward();
    assertThat(b.grad().toFloatArray()).containsExactly(0f, 1f);
  }

  @Test
  void clampRefusesIntegers() {
    assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}, 2).clamp(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clamp: expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }

  @Test
  void sinAndCosPassOpCheck() {
    OpCheck.unary("sin", Tensor::sin, Math::sin).domain(-7, 7).check();
    OpCheck.unary("cos", Tensor::cos, Math::cos).domain(-7, 7).check();
  }

  @Test
  void sinAndCosKnownValuesAndSpecials() {
    Tensor x =
        Tensor.of(new double[] {0, Math.PI / 2, Math.PI, Double.NaN, Double.POSITIVE_INFINITY}, 5);
    double[] s = x.sin().toDoubleArray();
    double[] c = x.cos().toDoubleArray();
    assertThat(s[0]).isEqualTo(0.0);
    assertThat(s[1]).isEqualTo(1.0);
    assertThat(c[0]).isEqualTo(1.0);
    assertThat(c[2]).isEqualTo(-1.0);
    assertThat(s[3]).isNaN();
    assertThat(s[4]).isNaN();
    assertThat(c[4]).isNaN();
    // a FLOAT32 vector longer than a register, with a tail: the same bits as Math.sin per element
    Tensor f = Tensor.uniform(3, -100, 100, 37);
    float[] in = f.toFloatArray(), out = f.sin().toFloatArray();
    for (int i = 0; i < in.length; i++) {
      assertThat(out[i]).isEqualTo((float) Math.sin(in[i]));
    }
    assertThatThrownBy(() -> Tensor.of(new int[] {1}, 1).cos())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cos: expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }
}
