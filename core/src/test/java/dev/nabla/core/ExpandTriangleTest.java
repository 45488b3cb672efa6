package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** expand, triu and tril. */
class ExpandTriangleTest {

  @Test
  void expandKeepsMinusOneAndAddsLeadingDims() {
    // torch.ones(2, 3).expand(4, -1, -1).shape == [4, 2, 3]; torch.ones(3, 1).expand(-1, 4) [3, 4]
    assertThat(Tensor.ones(2, 3).expand(4, -1, -1).shape()).containsExactly(4, 2, 3);
    Tensor c = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(-1, 4);
    assertThat(c.shape()).containsExactly(3, 4);
    assertThat(c.toFloatArray()).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    assertThat(Tensor.scalar(2.0).expand(2, 2).toDoubleArray()).containsExactly(2, 2, 2, 2);
    assertThat(Tensor.ones(1).expand(0).shape()).containsExactly(0);
    OpCheck.of("expand(2, -1, 3)", in -> in[0].expand(2, -1, 3), in -> broadcast(in[0], 2, 4, 3))
        .shapes(new int[] {4, 1})
        .check();
  }

  private static OpCheck.Array broadcast(OpCheck.Array x, int... shape) {
    double[] out = new double[Naive.size(shape)];
    int off = shape.length - x.shape().length;
    for (int i = 0; i < out.length; i++) {
      int[] idx = Naive.unravel(i, shape);
      int[] src = new int[x.shape().length];
      for (int d = 0; d < src.length; d++) {
        src[d] = x.shape()[d] == 1 ? 0 : idx[d + off];
      }
      out[i] = x.shape().length == 0 ? x.values()[0] : x.at(src);
    }
    return new OpCheck.Array(shape, out);
  }

  @Test
  void expandGradientSumsBack() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad(true);
    x.expand(3, 2, 4).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(12, 12);
    assertGradients(in -> in[0].expand(2, 3, -1), GradAssert.randn64(3, 1, 5));
  }

  @Test
  void expandErrors() {
    assertThatThrownBy(() -> Tensor.ones(2, 3).expand(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expand: got 1 sizes [3] for a tensor of shape [2, 3] (expected at least its rank, 2)");
    assertThatThrownBy(() -> Tensor.ones(2, 3).expand(2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expand: cannot expand shape [2, 3] to [2, 4]: dimension 1 has size 3 (only size-1"
                + " dimensions can be expanded, to 4 here)");
    assertThatThrownBy(() -> Tensor.ones(2).expand(-1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expand: size -1 at position 0 of [-1, -1] is not allowed");
    assertThatThrownBy(() -> Tensor.ones(2).expand(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expand: size -2 at position 0 of [-2] is not allowed");
  }

  @Test
  void triuAndTrilMatchTorch() {
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4);
    // torch.triu(torch.arange(1., 13.).reshape(3, 4))
    assertThat(m.triu(0).toDoubleArray()).containsExactly(1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12);
    assertThat(m.triu(1).toDoubleArray()).containsExactly(0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12);
    assertThat(m.triu(-1).toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12);
    assertThat(m.tril(0).toDoubleArray()).containsExactly(1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0);
    assertThat(m.tril(-1).toDoubleArray()).containsExactly(0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0);
    assertThat(m.tril(2).toDoubleArray()).containsExactly(1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12);
    // far-off diagonals, no overflow
    assertThat(m.triu(Integer.MAX_VALUE).toDoubleArray()).containsOnly(0);
    assertThat(m.tril(Integer.MIN_VALUE).toDoubleArray()).containsOnly(0);
    assertThat(m.tril(Integer.MAX_VALUE).toDoubleArray()).containsExactly(m.toDoubleArray());
    // torch.triu(tensor([[nan, 1.], [nan, 2.]])) -> [[nan, 1.], [0., 2.]]: NaN is zeroed too
    float[] t = Tensor.of(new float[] {Float.NaN, 1, Float.NaN, 2}, 2, 2).triu(0).toFloatArray();
    assertThat(t[0]).isNaN();
    assertThat(t[2]).isEqualTo(0f);
    // batched over leading dims, and INT32
    Tensor b = Tensor.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2).tril(0);
    assertThat(b.toIntArray()).containsExactly(1, 0, 3, 4, 5, 0, 7, 8);
    OpCheck.of("triu(1) batched", in -> in[0].triu(1), in -> mask(in[0], true, 1))
        .shapes(new int[] {2, 3, 4, 5})
        .check();
    OpCheck.of("tril(-1)", in -> in[0].tril(-1), in -> mask(in[0], false, -1))
        .shapes(new int[] {4, 19})
        .check();
  }

  private static OpCheck.Array mask(OpCheck.Array x, boolean upper, int d) {
    int[] s = x.shape();
    int rows = s[s.length - 2], cols = s[s.length - 1];
    double[] out = x.values().clone();
    for (int k = 0; k < out.length; k++) {
      int i = (k / cols) % rows, j = k % cols;
      if (upper ? j - i < d : j - i > d) {
        out[k] = 0;
      }
    }
    return new OpCheck.Array(s, out);
  }

  @Test
  void triangleErrors() {
    assertThatThrownBy(() -> Tensor.ones(3).triu(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "triu: expected a tensor of rank >= 2 (a matrix or a batch of them), got shape [3]");
    assertThatThrownBy(() -> Tensor.scalar(1.0).tril(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tril: expected a tensor of rank >= 2");
    assertThat(Tensor.zeros(0, 3).triu(0).shape()).containsExactly(0, 3);
  }
}
