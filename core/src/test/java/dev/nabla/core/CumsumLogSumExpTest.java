package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** cumsum and logsumexp. */
class CumsumLogSumExpTest {

  private static OpCheck.Array cumsum(OpCheck.Array x, int axis) {
    int[] s = x.shape();
    int n = s[axis], inner = OpCheck.Array.strides(s)[axis];
    double[] out = x.values().clone();
    for (int k = 0; k < out.length; k++) {
      if ((k / inner) % n > 0) {
        out[k] += out[k - inner];
      }
    }
    return new OpCheck.Array(s, out);
  }

  @Test
  void cumsumPassesOpCheck() {
    OpCheck.of("cumsum(-1)", in -> in[0].cumsum(-1), in -> cumsum(in[0], 1))
        .shapes(new int[] {4, 19})
        .ulps(4, 8)
        .check();
    OpCheck.of("cumsum(1)", in -> in[0].cumsum(1), in -> cumsum(in[0], 1))
        .shapes(new int[] {2, 5, 3})
        .ulps(4, 8)
        .check();
    OpCheck.of("cumsum(0)", in -> in[0].cumsum(0), in -> cumsum(in[0], 0))
        .shapeCases(new int[][] {{1}}, new int[][] {{6}}, new int[][] {{3, 1}})
        .ulps(4, 8)
        .check();
    OpCheck.of("cumsum(0) 0-d", in -> in[0].cumsum(0), in -> in[0]).shapes(new int[0]).check();
  }

  @Test
  void cumsumValuesGradientAndErrors() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    assertThat(x.cumsum(1).toDoubleArray()).containsExactly(1, 3, 6, 4, 9, 15);
    assertThat(x.cumsum(0).toDoubleArray()).containsExactly(1, 2, 3, 5, 7, 9);
    // d sum(w * cumsum(x)) / dx_j = sum_{k >= j} w_k: the reversed cumulative sum
    x.cumsum(1).mul(Tensor.of(new double[] {1, 10, 100, 1, 2, 3}, 2, 3)).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(111, 110, 100, 6, 5, 3);
    // FLOAT32 accumulates in double: 2^24 + 1 + 1 reaches 2^24 + 2
    Tensor f = Tensor.of(new float[] {16777216f, 1, 1}, 3).cumsum(0);
    assertThat(f.toFloatArray()[2]).isEqualTo(16777218f);
    assertThat(Tensor.of(new double[] {1, Double.NaN, 1}, 3).cumsum(0).toDoubleArray()[2]).isNaN();
    assertThatThrownBy(() -> Tensor.zeros(2, 3).cumsum(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cumsum: axis 2 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> Tensor.scalar(1.0).cumsum(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cumsum: axis 1 is out of range for a tensor of shape []");
    assertThatThrownBy(() -> Tensor.of(new int[] {1}, 1).cumsum(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cumsum: expected FLOAT32 or FLOAT64, got INT32");
    assertThat(Tensor.zeros(0, 3).cumsum(0).shape()).containsExactly(0, 3);
    assertGradients(in -> in[0].cumsum(1), GradAssert.randn64(4, 2, 4, 3));
  }

  private static OpCheck.Array lse(OpCheck.Array x, int axis, boolean keep) {
    OpCheck.Array m = x.reduce(axis, true, Math::max);
    int n = x.shape()[axis], inner = OpCheck.Array.strides(x.shape())[axis];
    double[] out = new double[m.values().length];
    for (int o = 0; o < out.length; o++) {
      int base = (o / inner) * n * inner + o % inner;
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += Math.exp(x.values()[base + k * inner] - m.values()[o]);
      }
      out[o] = m.values()[o] + Math.log(s);
    }
    return new OpCheck.Array(x.reduce(axis, keep, Double::sum).shape(), out);
  }

  @Test
  void logsumexpPassesOpCheck() {
    for (boolean keep : new boolean[] {false, true}) {
      OpCheck.of(
              "logsumexp(-1, " + keep + ")",
              in -> in[0].logsumexp(-1, keep),
              in -> lse(in[0], 1, keep))
          .shapeCases(new int[][] {{4, 19}}, new int[][] {{2, 1}}, new int[][] {{3, 5}})
          .domain(-20, 20)
          .ulps(4, 8)
          .check();
      OpCheck.of(
              "logsumexp(0, " + keep + ")",
              in -> in[0].logsumexp(0, keep),
              in -> lse(in[0], 0, keep))
          .shapes(new int[] {5, 3})
          .ulps(4, 8)
          .check();
    }
  }

  @Test
  void logsumexpIsStableAndMatchesTorchOnInfinities() {
    // no overflow: log(e^1000 + e^1000) = 1000 + log 2
    Tensor big = Tensor.of(new double[] {1000, 1000}, 2);
    assertThat(big.logsumexp(0, false).item()).isCloseTo(1000 + Math.log(2), within(1e-9));
    Tensor fbig = Tensor.of(new float[] {100, 100}, 2);
    assertThat(fbig.logsumexp(0, false).item()).isCloseTo(100 + Math.log(2), within(1e-4));
    // torch.logsumexp(full((2, 3), -inf), 1) -> [-inf, -inf], gradient NaN
    Tensor ninf = Tensor.full(DType.FLOAT64, Double.NEGATIVE_INFINITY, 2, 3).requiresGrad(true);
    Tensor l = ninf.logsumexp(1, false);
    assertThat(l.toDoubleArray()).containsOnly(Double.NEGATIVE_INFINITY);
    l.sum().backward();
    assertThat(ninf.grad().toDoubleArray()).containsOnly(Double.NaN);
    // torch: logsumexp([inf, 1.]) = inf, logsumexp([nan, 1.]) = nan, 0-d -> itself
    assertThat(Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1}, 2).logsumexp(0, false).item())
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Tensor.of(new float[] {Float.NaN, 1}, 2).logsumexp(0, false).item()).isNaN();
    assertThat(Tensor.scalar(3.0).logsumexp(null, false).item()).isEqualTo(3.0);
    // torch.logsumexp(zeros(2, 0), 1) -> [-inf, -inf]
    assertThat(Tensor.zeros(2, 0).logsumexp(1, false).toDoubleArray())
        .containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
    // several axes at once
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3, 4);
    Tensor a = x.logsumexp(new int[] {0, 2}, true);
    assertThat(a.shape()).containsExactly(1, 3, 1);
    assertThat(a.toDoubleArray()).containsOnly(Math.log(8));
  }

  @Test
  void logsumexpGradientIsTheSoftmax() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    x.logsumexp(0, false).backward();
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertThat(x.grad().toDoubleArray())
        .containsExactly(
            new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, within(1e-12));
    assertGradients(in -> in[0].logsumexp(new int[] {0, 2}, false), GradAssert.randn64(5, 2, 3, 4));
    assertThatThrownBy(() -> Tensor.of(new int[] {1}, 1).logsumexp(0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logsumexp: expected a FLOAT32 or FLOAT64 tensor, got INT32");
    assertThatThrownBy(() -> Tensor.zeros(2).logsumexp(1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logsumexp: axis 1 is out of range");
  }
}
