package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The fused {@code layerNorm} against values by hand and against an independent composition of
 * existing ops (mean, sub, mul, sqrt, div), forward and backward, and GradCheck in FLOAT64.
 */
class LayerNormTest {

  /** layer_norm written with existing ops over the last {@code k} axes: the reference. */
  private static Tensor composed(Tensor x, int k, Tensor w, Tensor b, double eps) {
    int[] axes = new int[k];
    for (int i = 0; i < k; i++) {
      axes[i] = x.rank() - k + i;
    }
    Tensor mean = x.mean(axes, true);
    Tensor d = x.sub(mean);
    Tensor var = d.mul(d).mean(axes, true);
    Tensor y = d.div(var.add(eps).sqrt());
    if (w != null) {
      y = y.mul(w);
    }
    return b == null ? y : y.add(b);
  }

  private static void assertClose(Tensor actual, Tensor expected, double tol) {
    assertThat(actual.shape()).containsExactly(expected.shape());
    double[] a = actual.toDoubleArray(), e = expected.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("element " + i).isCloseTo(e[i], within(tol));
    }
  }

  @Test
  void normalisesARowByHand() {
    // row [1, 2, 3, 4]: mean 2.5, biased variance 1.25, so y = (x - 2.5) / sqrt(1.25)
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4);
    double s = Math.sqrt(1.25);
    assertThat(x.layerNorm(new int[] {4}, null, null, 0).toDoubleArray())
        .containsExactly(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, within(1e-12));
    Tensor w = Tensor.of(new double[] {2, 2, 2, 2}, 4), b = Tensor.of(new double[] {1, 1, 1, 1}, 4);
    double[] y = x.layerNorm(new int[] {4}, w, b, 0).toDoubleArray();
    assertThat(y[0]).isCloseTo(1 - 3 / s, within(1e-12));
    // eps enters under the root: a constant row gives 0, not NaN
    Tensor c = Tensor.of(new float[] {3, 3, 3}, 3);
    assertThat(c.layerNorm(new int[] {3}, null, null, 1e-5).toFloatArray()).containsOnly(0f);
  }

  @Test
  void matchesTheComposedReferenceForwardAndBackward() {
    int[][] shapes = {{3, 5}, {2, 3, 4}, {4, 128}, {6, 7, 19}, {1, 33}};
    for (int[] shape : shapes) {
      for (int k = 1; k <= Math.min(2, shape.length); k++) {
        int[] ns = java.util.Arrays.copyOfRange(shape, shape.length - k, shape.length);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
          for (int affine = 0; affine < 3; affine++) {
            double tol = dt == DType.FLOAT32 ? 2e-5 : 1e-11;
            Tensor x = Tensor.randn(1, dt, shape).mul(3).add(1).requiresGrad(true);
            Tensor w = affine == 0 ? null : Tensor.randn(2, dt, ns).requiresGrad(true);
            Tensor b = affine < 2 ? null : Tensor.randn(3, dt, ns).requiresGrad(true);
            Tensor gy = Tensor.randn(4, dt, shape);
            Tensor y = x.layerNorm(ns, w, b, 1e-5);
            y.backward(gy);
            Tensor gx = x.grad(),
                gw = w == null ? null : w.grad(),
                gb = b == null ? null : b.grad();
            Tensor x2 = x.detach().requiresGrad(true);
            Tensor w2 = w == null ? null : w.detach().requiresGrad(true);
            Tensor b2 = b == null ? null : b.detach().requiresGrad(true);
            Tensor ref = composed(x2, k, w2, b2, 1e-5);
            ref.backward(gy);
            assertClose(y, ref, tol);
            assertClose(gx, x2.grad(), tol * 10);
            if (w != null) {
              assertClose(gw, w2.grad(), tol * shape[0] * 10);
            }
            if (b != null) {
              assertClose(gb, b2.grad(), tol * shape[0] * 10);
            }
          }
        }
      }
    }
  }

  @Test
  void passesGradCheckInFloat64() {
    Tensor x = randn64(5, 3, 2, 5), w = randn64(6, 2, 5), b = randn64(7, 2, 5);
    int[] ns = {2, 5};
    assertGradients(in -> in[0].layerNorm(ns, in[1], in[2], 1e-5), x, w, b);
    assertGradients(in -> in[0].layerNorm(new int[] {5}, null, null, 1e-3), x);
    Tensor w5 = randn64(8, 5), b5 = randn64(9, 5);
    assertGradients(in -> in[0].layerNorm(new int[] {5}, in[1], null, 1e-5), x, w5);
    assertGradients(in -> in[0].layerNorm(new int[] {5}, null, in[1], 1e-5), x, b5);
  }

  @Test
  void emptyBatchGivesAnEmptyResult() {
    Tensor x = Tensor.zeros(0, 4).requiresGrad(true);
    Tensor w = Tensor.ones(4).requiresGrad(true);
    Tensor y = x.layerNorm(new int[] {4}, w, null, 1e-5);
    assertThat(y.shape()).containsExactly(0, 4);
    y.sum().backward();
    assertThat(w.grad().toFloatArray()).containsOnly(0f);
  }

  @Test
  void badArgumentsNameTheOp() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.layerNorm(new int[] {4}, null, null, 1e-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layerNorm: input of shape [2, 3] does not end in normalizedShape [4]");
    assertThatThrownBy(() -> x.layerNorm(new int[] {3}, Tensor.ones(2), null, 1e-5))
        .hasMessage("layerNorm: weight has shape [2], expected normalizedShape [3]");
    assertThatThrownBy(() -> x.layerNorm(new int[] {3}, null, Tensor.ones(DType.FLOAT64, 3), 1e-5))
        .hasMessage("layerNorm: dtype mismatch: input FLOAT32, bias FLOAT64");
    assertThatThrownBy(() -> x.layerNorm(new int[] {}, null, null, 1e-5))
        .hasMessage("layerNorm: expected a non-empty normalizedShape, got []");
    assertThatThrownBy(() -> x.layerNorm(new int[] {3}, null, null, -1))
        .hasMessage("layerNorm: eps must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 3).layerNorm(new int[] {3}, null, null, 0))
        .hasMessage("layerNorm: expected a FLOAT32 or FLOAT64 input, got INT32");
  }
}
