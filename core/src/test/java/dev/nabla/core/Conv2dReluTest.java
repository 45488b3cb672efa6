package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#conv2dRelu}: the convolution with its ReLU fused into the kernel's epilogue (the
 * Vector API implicit GEMM applies it as it writes the output and masks the gradient as it reads
 * it; other kernels take a ReLU pass). Checked against the separate ops and by finite differences.
 */
class Conv2dReluTest {
  private static Tensor f32(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  /** {n, c, h, w, o, k, stride, padding, dilation}: thin and wide patches, odd sizes, fallbacks. */
  private static final int[][] CONFIGS = {
    {3, 1, 9, 11, 5, 3, 1, 0, 1},
    {2, 5, 7, 6, 4, 3, 1, 1, 1},
    {2, 8, 13, 13, 6, 3, 1, 0, 1},
    {1, 4, 9, 8, 3, 3, 1, 2, 2},
    {2, 3, 8, 9, 4, 3, 2, 1, 1},
    {2, 3, 5, 5, 4, 1, 1, 0, 1},
  };

  @Test
  void float32ValuesAndGradientsAreThoseOfConvThenRelu() {
    long seed = 100;
    for (int[] k : CONFIGS) {
      for (boolean bias : new boolean[] {true, false}) {
        Tensor x = f32(randn64(seed++, k[0], k[1], k[2], k[3]));
        Tensor w = f32(randn64(seed++, k[4], k[1], k[5], k[5]));
        Tensor b = bias ? f32(randn64(seed++, k[4])) : null;
        Tensor[] fused = run(x, w, b, k, true, seed);
        Tensor[] separate = run(x, w, b, k, false, seed);
        String what = java.util.Arrays.toString(k) + (bias ? " with bias" : "");
        // the forward values and the masked gradient are the same floats; only the bias
        // gradient is summed in another order
        assertThat(fused[0].toFloatArray()).as(what).containsExactly(separate[0].toFloatArray());
        assertThat(fused[1].toFloatArray()).as(what).containsExactly(separate[1].toFloatArray());
        assertThat(fused[2].toFloatArray()).as(what).containsExactly(separate[2].toFloatArray());
        if (bias) {
          assertThat(fused[3].toDoubleArray())
              .as(what)
              .containsExactly(separate[3].toDoubleArray(), within(1e-4));
        }
        assertThat(fused[0].toFloatArray()).as(what).contains(0f);
      }
    }
  }

  /** {output, dx, dw, db} of the fused op or of conv2d then relu, from a random output gradient. */
  private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, int[] k, boolean fused, long seed) {
    Tensor x = x0.detach().requiresGrad(true), w = w0.detach().requiresGrad(true);
    Tensor b = b0 == null ? null : b0.detach().requiresGrad(true);
    Tensor y =
        fused
            ? x.conv2dRelu(w, b, k[6], k[7], k[8], 1)
            : x.conv2d(w, b, k[6], k[7], k[8], 1).relu();
    y.backward(f32(randn64(seed, y.shape())));
    return new Tensor[] {y, x.grad(), w.grad(), b == null ? null : b.grad()};
  }

  @Test
  void float32PooledValuesAndGradientsAreThoseOfConvReluThenMaxPool() {
    long seed = 300;
    for (int[] k : CONFIGS) {
      for (boolean bias : new boolean[] {true, false}) {
        Tensor x = f32(randn64(seed++, k[0], k[1], k[2], k[3]));
        Tensor w = f32(randn64(seed++, k[4], k[1], k[5], k[5]));
        Tensor b = bias ? f32(randn64(seed++, k[4])) : null;
        Tensor[] fused = runPooled(x, w, b, k, true, seed);
        Tensor[] separate = runPooled(x, w, b, k, false, seed);
        String what = java.util.Arrays.toString(k) + (bias ? " with bias" : "");
        assertThat(fused[0].shape()).as(what).containsExactly(separate[0].shape());
        assertThat(fused[0].toFloatArray()).as(what).containsExactly(separate[0].toFloatArray());
        // the gradient reaching the convolution is the same floats (zero off the windows' maxima)
        assertThat(fused[1].toFloatArray()).as(what).containsExactly(separate[1].toFloatArray());
        assertThat(fused[2].toFloatArray()).as(what).containsExactly(separate[2].toFloatArray());
        if (bias) {
          assertThat(fused[3].toDoubleArray())
              .as(what)
              .containsExactly(separate[3].toDoubleArray(), within(1e-4));
        }
      }
    }
  }

  @Test
  void winogradShapesPoolCloseToTheSeparateOps() {
    // 16 input channels, 3x3, no padding: the vector kernels' Winograd F(2x2, 3x3) forward
    int[] k = {3, 16, 9, 8, 6, 3, 1, 0, 1};
    Tensor x = f32(randn64(500, k[0], k[1], k[2], k[3]));
    Tensor w = f32(randn64(501, k[4], k[1], k[5], k[5]));
    Tensor b = f32(randn64(502, k[4]));
    Tensor[] fused = runPooled(x, w, b, k, true, 503);
    Tensor[] separate = runPooled(x, w, b, k, false, 503);
    for (int i = 0; i < 4; i++) {
      assertThat(fused[i].toDoubleArray())
          .as("output %d", i)
          .containsExactly(separate[i].toDoubleArray(), within(1e-4));
    }
  }

  @Test
  void aPooledWindowOfTiesAndNegativesPoolsAsTheSeparateOps() {
    // a 1x1 identity kernel: the convolution is the input, so the windows hold chosen values
    float[] v = {-1, -2, 3, 3, -0f, 0, 5, Float.NaN, 2, 1, 1, 2, -3, -4, 0, 7};
    Tensor x = Tensor.of(v, 1, 1, 4, 4), w = Tensor.of(new float[] {1}, 1, 1, 1, 1);
    Tensor fused = x.conv2dReluMaxPool2x2(w, null, 1, 0, 1, 1);
    Tensor separate = x.conv2d(w, null, 1, 0, 1, 1).relu().maxPool2d(2, 2, 0);
    assertThat(fused.toFloatArray()).containsExactly(separate.toFloatArray());
    assertThat(fused.toFloatArray()).containsExactly(0f, Float.NaN, 2f, 7f);
    // the same through the implicit GEMM: a 3x3 kernel (zero but its centre) with padding 1
    float[] centre = new float[9];
    centre[4] = 1;
    Tensor w3 = Tensor.of(centre, 1, 1, 3, 3);
    Tensor x3 =
        Tensor.of(new float[] {-1, -2, 3, 3, -0f, 0, 5, 4, 2, 1, 1, 2, -3, -4, 0, 7}, 1, 1, 4, 4);
    assertThat(x3.conv2dReluMaxPool2x2(w3, null, 1, 1, 1, 1).toFloatArray())
        .containsExactly(x3.conv2d(w3, null, 1, 1, 1, 1).relu().maxPool2d(2, 2, 0).toFloatArray())
        .containsExactly(0f, 5f, 2f, 7f);
    Tensor fusedNaN = x.conv2dReluMaxPool2x2(w3, null, 1, 1, 1, 1);
    assertThat(fusedNaN.toFloatArray())
        .containsExactly(x.conv2d(w3, null, 1, 1, 1, 1).relu().maxPool2d(2, 2, 0).toFloatArray());
  }

  @Test
  void gradientsPassGradCheckInFloat64() {
    assertGradients(
        in -> in[0].conv2dReluMaxPool2x2(in[1], in[2], 1, 1, 1, 1),
        randn64(8, 2, 3, 5, 6),
        randn64(9, 4, 3, 3, 3),
        randn64(10, 4));
    assertGradients(
        in -> in[0].conv2dRelu(in[1], in[2], 1, 1, 1, 1),
        randn64(1, 2, 3, 5, 4),
        randn64(2, 4, 3, 3, 3),
        randn64(3, 4));
    assertGradients(
        in -> in[0].conv2dRelu(in[1], null, 2, 0, 1, 1),
        randn64(4, 2, 2, 6, 5),
        randn64(5, 3, 2, 3, 3));
  }

  /** {pooled output, dx, dw, db} of the fused op or of conv2d, relu and maxPool2d. */
  private static Tensor[] runPooled(
      Tensor x0, Tensor w0, Tensor b0, int[] k, boolean fused, long seed) {
    Tensor x = x0.detach().requiresGrad(true), w = w0.detach().requiresGrad(true);
    Tensor b = b0 == null ? null : b0.detach().requiresGrad(true);
    Tensor y =
        fused
            ? x.conv2dReluMaxPool2x2(w, b, k[6], k[7], k[8], 1)
            : x.conv2d(w, b, k[6], k[7], k[8], 1).relu().maxPool2d(2, 2, 0);
    y.backward(f32(randn64(seed, y.shape())));
    return new Tensor[] {y, x.grad(), w.grad(), b == null ? null : b.grad()};
  }

  @Test
  void anOutputUnderTwoByTwoIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                randn64(11, 1, 1, 3, 5)
                    .conv2dReluMaxPool2x2(randn64(12, 1, 1, 3, 3), null, 1, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2x2, got 1x3");
  }

  @Test
  void theFusedOpIsOneNodeNamedConv2dRelu() {
    Tensor y =
        randn64(6, 1, 1, 4, 4)
            .conv2dRelu(randn64(7, 2, 1, 3, 3).requiresGrad(true), null, 1, 0, 1, 1);
    assertThat(Graph.of(y).nodes().stream().map(n -> n.opName()).toList())
        .containsExactly("Conv2dRelu");
  }
}
