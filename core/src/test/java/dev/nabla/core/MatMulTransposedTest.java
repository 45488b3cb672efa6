package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * matmul(other, transposeThis, transposeOther) at attention shapes, against explicit transposes.
 */
class MatMulTransposedTest {

  @Test
  void attentionShapesMatchTheExplicitTranspose() {
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor q = Tensor.randn(1, dt, 2, 4, 16, 8);
      Tensor k = Tensor.randn(2, dt, 2, 4, 16, 8);
      Tensor v = Tensor.randn(3, dt, 2, 4, 16, 8);
      // scores = Q·Kᵀ: [2, 4, 16, 8] x [2, 4, 8, 16]
      Tensor s = q.matmul(k, false, true);
      assertThat(s.shape()).containsExactly(2, 4, 16, 16);
      assertThat(s.allClose(q.matmul(k.transpose(-2, -1)), 1e-5, 1e-5)).isTrue();
      // Qᵀ·K: [2, 4, 8, 16] x [2, 4, 16, 8] -> [2, 4, 8, 8]
      assertThat(q.matmul(k, true, false).allClose(q.transpose(-2, -1).matmul(k), 1e-5, 1e-5))
          .isTrue();
      // both transposed: Sᵀ·Vᵀ... (Vᵀ is [8, 16], S is [16, 16])
      Tensor vt = v.transpose(-2, -1);
      assertThat(vt.matmul(s, false, true).allClose(vt.matmul(s.transpose(-2, -1)), 1e-5, 1e-5))
          .isTrue();
      assertThat(
              v.matmul(s, true, true)
                  .allClose(v.transpose(-2, -1).matmul(s.transpose(-2, -1)), 1e-4, 1e-4))
          .isTrue();
    }
    // by hand: [[1, 2], [3, 4]]ᵀ · [[1, 0], [0, 1]] = [[1, 3], [2, 4]]
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertThat(a.matmul(Tensor.of(new float[] {1, 0, 0, 1}, 2, 2), true, false).toFloatArray())
        .containsExactly(1, 3, 2, 4);
  }

  @Test
  void gradientsAtAttentionShapesMatchTheExplicitTranspose() {
    Tensor q = GradAssert.randn64(4, 2, 4, 16, 8).requiresGrad(true);
    Tensor k = GradAssert.randn64(5, 2, 4, 16, 8).requiresGrad(true);
    Tensor w = GradAssert.randn64(6, 2, 4, 16, 16);
    q.matmul(k, false, true).mul(w).sum().backward();
    Tensor gq = q.grad(), gk = k.grad();
    Tensor q2 = q.detach().requiresGrad(true), k2 = k.detach().requiresGrad(true);
    q2.matmul(k2.transpose(-2, -1)).mul(w).sum().backward();
    assertThat(gq.allClose(q2.grad(), 1e-12, 1e-12)).isTrue();
    assertThat(gk.allClose(k2.grad(), 1e-12, 1e-12)).isTrue();
    // GradCheck at a smaller attention shape (finite differences cost two passes per element)
    assertGradients(
        in -> in[0].matmul(in[1], false, true),
        GradAssert.randn64(7, 2, 2, 4, 3),
        GradAssert.randn64(8, 2, 2, 4, 3));
    assertGradients(
        in -> in[0].matmul(in[1], true, true),
        GradAssert.randn64(9, 2, 3, 4),
        GradAssert.randn64(10, 2, 5, 3));
  }
}
