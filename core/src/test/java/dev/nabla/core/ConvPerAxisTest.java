package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * conv2d with a stride, padding and dilation per axis: values against a direct definition (one loop
 * per index, from torch's formula with tuples), a hand-computed case, GradCheck in FLOAT64, and the
 * errors.
 */
class ConvPerAxisTest {

  /** Direct grouped 2-d cross-correlation with {height, width} stride, padding and dilation. */
  static double[] direct(
      Tensor xt, Tensor wt, Tensor bt, int[] st, int[] pad, int[] dil, int groups) {
    int[] xs = xt.shape(), ws = wt.shape();
    int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
    double[] x = xt.toDoubleArray(), w = wt.toDoubleArray();
    double[] b = bt == null ? null : bt.toDoubleArray();
    int oh = (h + 2 * pad[0] - dil[0] * (kh - 1) - 1) / st[0] + 1;
    int ow = (wd + 2 * pad[1] - dil[1] * (kw - 1) - 1) / st[1] + 1;
    double[] y = new double[n * o * oh * ow];
    int og = o / groups;
    for (int s = 0; s < n; s++) {
      for (int oc = 0; oc < o; oc++) {
        int g = oc / og;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = b == null ? 0 : b[oc];
            for (int ci = 0; ci < cg; ci++) {
              int ch = g * cg + ci;
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  int r = i * st[0] - pad[0] + u * dil[0], q = j * st[1] - pad[1] + v * dil[1];
                  if (r >= 0 && r < h && q >= 0 && q < wd) {
                    acc +=
                        x[((s * c + ch) * h + r) * wd + q] * w[((oc * cg + ci) * kh + u) * kw + v];
                  }
                }
              }
            }
            y[((s * o + oc) * oh + i) * ow + j] = acc;
          }
        }
      }
    }
    return y;
  }

  @Test
  void byHand() {
    // one 3x3 image 1..9, a 1x1 kernel of 1: stride {2, 1} keeps rows 0 and 2, padding {0, 1}
    // adds a zero column on each side
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    Tensor w = Tensor.of(new double[] {1}, 1, 1, 1, 1);
    Tensor y = x.conv2d(w, null, new int[] {2, 1}, new int[] {0, 1}, new int[] {1, 1}, 1);
    assertThat(y.shape()).containsExactly(1, 1, 2, 5);
    assertThat(y.toDoubleArray()).containsExactly(0, 1, 2, 3, 0, 0, 7, 8, 9, 0);
    // a 2x2 kernel of ones with dilation {2, 1}: sums of rows r and r + 2, columns c and c + 1
    Tensor ones = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
    Tensor z = x.conv2d(ones, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {2, 1}, 1);
    assertThat(z.shape()).containsExactly(1, 1, 1, 2);
    assertThat(z.toDoubleArray()).containsExactly(1 + 2 + 7 + 8, 2 + 3 + 8 + 9);
  }

  @Test
  void matchesTheDirectDefinition() {
    int[][] cases = { // n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups
      {2, 4, 7, 6, 6, 3, 3, 1, 2, 1, 0, 1, 1, 2},
      {1, 3, 8, 9, 6, 3, 2, 2, 1, 0, 2, 1, 2, 3},
      {2, 2, 9, 7, 4, 3, 3, 3, 2, 2, 1, 2, 1, 1},
      {1, 4, 5, 10, 8, 1, 3, 1, 3, 0, 1, 1, 3, 4},
      {2, 3, 6, 6, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1}
    };
    for (int[] k : cases) {
      int[] st = {k[7], k[8]}, pad = {k[9], k[10]}, dil = {k[11], k[12]};
      for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Tensor x = Tensor.randn(1, dt, k[0], k[1], k[2], k[3]);
        Tensor w = Tensor.randn(2, dt, k[4], k[1] / k[13], k[5], k[6]);
        Tensor b = Tensor.randn(3, dt, k[4]);
        double[] y = x.conv2d(w, b, st, pad, dil, k[13]).toDoubleArray();
        double[] e = direct(x, w, b, st, pad, dil, k[13]);
        assertThat(y).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
          assertThat(y[i])
              .as("%s %s [%d]", dt, Arrays.toString(k), i)
              .isCloseTo(e[i], within(1e-4));
        }
      }
    }
  }

  @Test
  void gradients() {
    Tensor x = randn64(1, 2, 4, 7, 6);
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], new int[] {2, 1}, new int[] {0, 1}, new int[] {1, 2}, 2),
        x,
        randn64(2, 4, 2, 3, 2),
        randn64(3, 4));
    assertGradients(
        in -> in[0].conv2d(in[1], null, new int[] {1, 3}, new int[] {2, 0}, new int[] {2, 1}, 1),
        x,
        randn64(4, 3, 4, 2, 3));
  }

  @Test
  void errors() {
    Tensor x = Tensor.zeros(1, 4, 5, 5);
    Tensor w = Tensor.zeros(3, 4, 3, 3);
    int[] one = {1, 1}, zero = {0, 0};
    assertThatThrownBy(() -> x.conv2d(w, null, new int[] {1}, zero, one, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: expected {height, width} stride, padding and dilation, got [1]");
    assertThatThrownBy(() -> x.conv2d(w, null, new int[] {1, 0}, zero, one, 1))
        .hasMessage("conv2d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> x.conv2d(w, null, one, zero, new int[] {1, 3}, 1))
        .hasMessage(
            "conv2d: kernel 3x3 with dilation [1, 3] spans 3x7, which is larger than the padded"
                + " input 5x5 (input [1, 4, 5, 5], padding 0)");
    assertThatThrownBy(
            () -> x.conv2d(Tensor.zeros(3, 4, 6, 1), null, one, new int[] {0, 2}, one, 1))
        .hasMessage(
            "conv2d: kernel 6x1 is larger than the padded input 5x9 (input [1, 4, 5, 5], padding"
                + " [0, 2])");
  }
}
