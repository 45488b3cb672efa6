package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** var and std: against a two-pass double reference, PyTorch's values and edge cases. */
class VarianceTest {

  /** Two-pass variance of each line along {@code axis} of a reference array. */
  private static OpCheck.Array var(OpCheck.Array x, int axis, double correction, boolean sqrt) {
    OpCheck.Array sum = x.reduce(axis, true, Double::sum);
    int n = x.shape()[axis];
    int[] st = OpCheck.Array.strides(x.shape());
    int inner = st[axis];
    double[] out = new double[sum.values().length];
    for (int o = 0; o < out.length; o++) {
      int base = (o / inner) * n * inner + o % inner;
      double mean = sum.values()[o] / n, ss = 0;
      for (int k = 0; k < n; k++) {
        double d = x.values()[base + k * inner] - mean;
        ss += d * d;
      }
      double v = ss / Math.max(0, n - correction);
      out[o] = sqrt ? Math.sqrt(v) : v;
    }
    return new OpCheck.Array(x.reduce(axis, false, Double::sum).shape(), out);
  }

  @Test
  void varAndStdPassOpCheck() {
    // ([3, 1] with correction 1 divides by 0: NaN, checked by value in knownValuesFromTorch)
    for (int[] shape : new int[][] {{5}, {2, 3}, {4, 19}, {3, 1}}) {
      int last = shape.length - 1;
      if (shape[last] > 1) {
        OpCheck.of("var(" + last + ")", in -> in[0].var(last), in -> var(in[0], last, 1, false))
            .shapes(shape)
            .ulps(8, 16)
            .check();
      }
      OpCheck.of(
              "std(-1, c=0)",
              in -> in[0].std(new int[] {-1}, 0, false),
              in -> var(in[0], last, 0, true))
          .shapes(shape)
          .ulps(8, 16)
          .check();
    }
    OpCheck.of("var(0) of [4, 3]", in -> in[0].var(0), in -> var(in[0], 0, 1, false))
        .shapes(new int[] {4, 3})
        .ulps(8, 16)
        .check();
  }

  @Test
  void knownValuesFromTorch() {
    // torch.var(tensor([1., 2., 4.]), 0, correction=c): c=0 1.5556, 1 2.3333, 2 4.6667, 3 and 4 inf
    Tensor x = Tensor.of(new double[] {1, 2, 4}, 3);
    assertThat(x.var(new int[] {0}, 0, false).item()).isCloseTo(14.0 / 9, within(1e-12));
    assertThat(x.var().item()).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(x.var(new int[] {0}, 2, false).item()).isCloseTo(14.0 / 3, within(1e-12));
    assertThat(x.var(new int[] {0}, 3, false).item()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(x.var(new int[] {0}, 4, false).item()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(x.std().item()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
    // torch.var(tensor([3., 3.]), 0, correction=2) -> nan; var of one element -> nan; 0-d -> nan
    assertThat(Tensor.of(new double[] {3, 3}, 2).var(new int[] {0}, 2, false).item()).isNaN();
    assertThat(Tensor.of(new float[] {5}, 1).var(0).item()).isNaN();
    assertThat(Tensor.scalar(5f).var().item()).isNaN();
    Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 6, 8}, 2, 3);
    Tensor k = m.var(new int[] {1}, 1, true);
    assertThat(k.shape()).containsExactly(2, 1);
    assertThat(k.toFloatArray()).containsExactly(1f, 4f);
    assertThat(m.std(new int[] {-1, 0}, 1, false).shape()).isEmpty();
  }

  @Test
  void twoPassKeepsPrecisionUnderALargeOffset() {
    // 1e8 + {0, 1, 2, 3}: variance 5/3 exactly; one pass of E[x^2] - E[x]^2 loses every digit
    Tensor x = Tensor.of(new double[] {1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3}, 4);
    assertThat(x.var().item()).isCloseTo(5.0 / 3, within(1e-9));
    Tensor f = Tensor.of(new float[] {1e4f, 1e4f + 1, 1e4f + 2, 1e4f + 3}, 4);
    assertThat(f.var().item()).isCloseTo(5.0 / 3, within(1e-6));
  }

  @Test
  void gradientsIncludingTorchsEdgeCases() {
    assertGradients(in -> in[0].var(new int[] {0, 2}, 1, true), GradAssert.randn64(1, 2, 3, 4));
    assertGradients(in -> in[0].std(new int[] {1}, 0, false), GradAssert.randn64(2, 3, 5));
    // torch 1.13: var(correction=4) of 3 elements has gradient 2 (x - mean) / (3 - 4)
    Tensor x = Tensor.of(new double[] {1, 2, 4}, 3).requiresGrad(true);
    x.var(new int[] {0}, 4, false).backward();
    assertThat(x.grad().toDoubleArray())
        .containsExactly(new double[] {8.0 / 3, 2.0 / 3, -10.0 / 3}, within(1e-12));
    // torch: std of a constant has gradient 0, not NaN
    Tensor c = Tensor.of(new double[] {2, 2}, 2).requiresGrad(true);
    c.std().backward();
    assertThat(c.grad().toDoubleArray()).containsExactly(0, 0);
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}, 2).var())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("var: expected a FLOAT32 or FLOAT64 tensor, got INT32");
    assertThatThrownBy(() -> Tensor.zeros(2).std(new int[] {0}, Double.NaN, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("std: correction must be a finite number, got NaN");
    assertThatThrownBy(() -> Tensor.zeros(2).var(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("var: axis 1 is out of range");
  }
}
