package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * conv2d with dilation and groups, and conv1d: values against a direct definition (one loop per
 * index, written from torch's formula), GradCheck in FLOAT64 over combinations, and the errors.
 */
class ConvGroupsDilationTest {

  /** Direct grouped, dilated 2-d cross-correlation of [N, C, H, W] with [O, C/g, kh, kw]. */
  private static double[] direct(
      Tensor xt, Tensor wt, Tensor bt, int stride, int padding, int dilation, int groups) {
    return ConvPerAxisTest.direct(
        xt,
        wt,
        bt,
        new int[] {stride, stride},
        new int[] {padding, padding},
        new int[] {dilation, dilation},
        groups);
  }

  @Test
  void depthwiseByHand() {
    // two channels, each convolved with its own 1x2 kernel: [1, 1] sums pairs, [1, -1] differences
    Tensor x = Tensor.of(new double[] {1, 2, 4, 10, 20, 40}, 1, 2, 1, 3);
    Tensor w = Tensor.of(new double[] {1, 1, 1, -1}, 2, 1, 1, 2);
    Tensor y = x.conv2d(w, null, 1, 0, 1, 2);
    assertThat(y.shape()).containsExactly(1, 2, 1, 2);
    assertThat(y.toDoubleArray()).containsExactly(3, 6, -10, -20);
    // dilation 2 skips the middle element: [1 + 4] and [10 - 40]
    assertThat(x.conv2d(w, null, 1, 0, 2, 2).toDoubleArray()).containsExactly(5, -30);
  }

  @Test
  void conv2dMatchesTheDirectDefinition() {
    int[][] cases = { // n, c, h, w, o, kh, kw, stride, padding, dilation, groups
      {2, 4, 7, 6, 6, 3, 3, 1, 1, 1, 2},
      {2, 3, 6, 6, 6, 3, 3, 1, 1, 1, 3},
      {1, 2, 9, 9, 4, 3, 3, 1, 2, 2, 1},
      {2, 4, 9, 8, 8, 3, 2, 2, 1, 2, 4},
      {3, 6, 5, 5, 4, 1, 1, 1, 0, 1, 2}
    };
    for (int[] k : cases) {
      for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Tensor x = Tensor.randn(1, dt, k[0], k[1], k[2], k[3]);
        Tensor w = Tensor.randn(2, dt, k[4], k[1] / k[10], k[5], k[6]);
        Tensor b = Tensor.randn(3, dt, k[4]);
        double[] y = x.conv2d(w, b, k[7], k[8], k[9], k[10]).toDoubleArray();
        double[] e = direct(x, w, b, k[7], k[8], k[9], k[10]);
        assertThat(y).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
          assertThat(y[i])
              .as("%s %s [%d]", dt, java.util.Arrays.toString(k), i)
              .isCloseTo(e[i], within(1e-4));
        }
      }
    }
  }

  @Test
  void conv2dGradientsOverGroupsAndDilation() {
    // groups 2, dilation 2, stride 2 with padding, depthwise, depthwise with a multiplier
    Tensor x = randn64(1, 2, 4, 6, 5);
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 1, 1, 2), x, randn64(2, 6, 2, 3, 3), randn64(3, 6));
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 2, 2, 1), x, randn64(4, 3, 4, 3, 2), randn64(5, 3));
    assertGradients(in -> in[0].conv2d(in[1], null, 2, 1, 2, 2), x, randn64(6, 4, 2, 2, 2));
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 1, 1, 4), x, randn64(7, 4, 1, 3, 3), randn64(8, 4));
    assertGradients(in -> in[0].conv2d(in[1], null, 1, 0, 1, 4), x, randn64(9, 8, 1, 2, 2));
  }

  @Test
  void conv1dIsConv2dOverHeightOne() {
    for (int[] k : new int[][] {{1, 0, 1, 1}, {2, 1, 1, 1}, {1, 2, 2, 2}, {2, 3, 2, 4}}) {
      int stride = k[0], padding = k[1], dilation = k[2], groups = k[3];
      Tensor x = randn64(1, 2, 4, 11), w = randn64(2, 8, 4 / groups, 3), b = randn64(3, 8);
      Tensor y = x.conv1d(w, b, stride, padding, dilation, groups);
      int len = (11 + 2 * padding - dilation * 2 - 1) / stride + 1;
      assertThat(y.shape()).containsExactly(2, 8, len);
      // padding only along L: the reference pads a [N, C, 1, L] image, then keeps its one row
      Tensor x4 = x.reshape(2, 4, 1, 11), w4 = w.reshape(8, 4 / groups, 1, 3);
      double[] e = directRow(x4, w4, b, stride, padding, dilation, groups);
      assertThat(y.toDoubleArray()).containsExactly(e, within(1e-12));
    }
    Tensor x = randn64(4, 2, 4, 9);
    assertGradients(
        in -> in[0].conv1d(in[1], in[2], 2, 1, 2, 2), x, randn64(5, 6, 2, 3), randn64(6, 6));
    assertGradients(in -> in[0].conv1d(in[1], null, 1, 2, 1, 4), x, randn64(7, 4, 1, 3));
  }

  /** The direct definition with padding along W only. */
  private static double[] directRow(
      Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
    int[] xs = x.shape();
    // pad W by hand, then convolve without padding
    int l = xs[3], lp = l + 2 * padding;
    double[] src = x.toDoubleArray(), padded = new double[xs[0] * xs[1] * lp];
    for (int r = 0; r < xs[0] * xs[1]; r++) {
      System.arraycopy(src, r * l, padded, r * lp + padding, l);
    }
    return direct(Tensor.of(padded, xs[0], xs[1], 1, lp), w, b, stride, 0, dilation, groups);
  }

  @Test
  void errorsNameTheOpAndWhatWasExpected() {
    Tensor x = Tensor.zeros(1, 4, 5, 5);
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(6, 4, 3, 3), null, 1, 0, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "conv2d: input has 4 channels but weight [6, 4, 3, 3] expects 8 (4 per group,"
                + " groups=2)");
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(3, 2, 3, 3), null, 1, 0, 1, 2))
        .hasMessage("conv2d: weight [3, 2, 3, 3] has 3 output channels, not divisible by groups=2");
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(3, 4, 3, 3), null, 1, 0, 0, 1))
        .hasMessage("conv2d: dilation must be >= 1, got 0");
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(3, 4, 3, 3), null, 1, 0, 1, 0))
        .hasMessage("conv2d: groups must be >= 1, got 0");
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(3, 4, 3, 3), null, 1, 0, 3, 1))
        .hasMessage(
            "conv2d: kernel 3x3 with dilation 3 spans 7x7, which is larger than the padded input "
                + "5x5 (input [1, 4, 5, 5], padding 0)");
    Tensor s = Tensor.zeros(2, 4, 6);
    assertThatThrownBy(() -> s.conv1d(Tensor.zeros(3, 4, 3, 3), null, 1, 0, 1, 1))
        .hasMessage("conv1d: expected weight of rank 3 [O, C/groups, k], got shape [3, 4, 3, 3]");
    assertThatThrownBy(() -> x.conv1d(Tensor.zeros(3, 4, 3), null, 1, 0, 1, 1))
        .hasMessage("conv1d: expected input of rank 3 [N, C, L], got shape [1, 4, 5, 5]");
    assertThatThrownBy(() -> s.conv1d(Tensor.zeros(3, 4, 7), null, 1, 0, 1, 1))
        .hasMessage(
            "conv1d: kernel 7 is larger than the padded input 6 (input [2, 4, 6], padding 0)");
    assertThatThrownBy(() -> s.conv1d(Tensor.zeros(3, 3, 3), null, 1, 0, 1, 1))
        .hasMessage("conv1d: input has 4 channels but weight [3, 3, 3] expects 3");
    assertThatThrownBy(() -> s.conv1d(Tensor.zeros(3, 4, 3), null, 0, 0, 1, 1))
        .hasMessage("conv1d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> s.conv1d(Tensor.zeros(3, 4, 3), Tensor.zeros(4), 1, 0, 1, 1))
        .hasMessage(
            "conv1d: bias has shape [4], expected [3] (one value per output channel of weight "
                + "[3, 4, 3])");
  }
}
