package dev.nabla.core.internal.kernels.conv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2×2, 3×3) with the fused ReLU and 2×2 max pool, against the float64 direct convolution
 * (within {@link WinogradConv#errorBound}, relative to Σ|x||w|) and against the implicit GEMM's
 * pooled forward (the same argmax wherever the window's maximum is clear).
 */
class WinogradConvTest {
  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (scale * (2 * r.nextDouble() - 1));
    }
    return a;
  }

  /** {n, c, h, w, o}: the CNN's second layer, odd and even sizes, a batch smaller than a chunk. */
  private static final int[][] SHAPES = {
    {3, 32, 13, 13, 64}, {2, 16, 8, 9, 5}, {5, 17, 6, 7, 3}, {1, 24, 4, 4, 2}, {40, 16, 5, 5, 4},
  };

  @Test
  void pooledOutputIsWithinTheStatedBoundOfTheFloat64DirectConvolution() {
    SplittableRandom r = new SplittableRandom(7);
    double worst = 0;
    for (int[] s : SHAPES) {
      int n = s[0], c = s[1], h = s[2], wd = s[3], o = s[4];
      Conv2dGeometry g = new Conv2dGeometry(n, c, h, wd, o, 3, 3, 1, 0);
      assertThat(WinogradConv.applies(g)).isTrue();
      float[] x = random(r, n * c * h * wd, 3), w = random(r, o * c * 9, 0.5);
      float[] b = random(r, o, 1);
      int oh = g.outH(), ow = g.outW(), ph = oh / 2, pw = ow / 2;
      float[] y = new float[n * o * ph * pw];
      int[] argmax = new int[y.length];
      WinogradConv.forwardReluPool(g, x, w, b, y, argmax);
      float[] yi = new float[y.length];
      int[] ai = new int[y.length];
      ImplicitConv.forward(g, x, w, b, yi, true, ai);
      int agree = 0;
      for (int i = 0; i < y.length; i++) {
        int a = argmax[i];
        int im = a / (o * oh * ow), k = a / (oh * ow) % o, oy = a / ow % oh, ox = a % ow;
        // the window's own maximum: argmax lies in output i's window
        int py = i / pw % ph, px = i % pw;
        assertThat(oy / 2).isEqualTo(py);
        assertThat(ox / 2).isEqualTo(px);
        assertThat(im * o + k).isEqualTo(i / (ph * pw));
        double exact = b[k], abs = Math.abs(b[k]);
        for (int ci = 0; ci < c; ci++) {
          for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
              double xv = x[((im * c + ci) * h + oy + u) * wd + ox + v];
              double wv = w[((k * c + ci) * 3 + u) * 3 + v];
              exact += xv * wv;
              abs += Math.abs(xv * wv);
            }
          }
        }
        double bound = WinogradConv.errorBound(c, abs);
        assertThat(Math.abs(y[i] - Math.max(exact, 0)))
            .as("shape %s output %d", java.util.Arrays.toString(s), i)
            .isLessThanOrEqualTo(bound);
        worst = Math.max(worst, Math.abs(y[i] - Math.max(exact, 0)) / abs);
        // the implicit GEMM's pooled value: the same maximum up to rounding
        assertThat((double) Math.abs(y[i] - yi[i])).isLessThanOrEqualTo(2 * bound);
        if (argmax[i] == ai[i]) {
          agree++;
        }
      }
      // ties at zero (every value of the window negative) and near-ties may pick another max
      assertThat(agree).isGreaterThan(y.length * 9 / 10);
    }
    // the bound is not vacuous: the measured error is far below 1 (and below the bound)
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void appliesOnlyToUnpaddedStrideOneThreeByThreeWithEnoughChannels() {
    assertThat(WinogradConv.applies(new Conv2dGeometry(2, 32, 13, 13, 64, 3, 3, 1, 0))).isTrue();
    assertThat(WinogradConv.applies(new Conv2dGeometry(2, 1, 28, 28, 32, 3, 3, 1, 0))).isFalse();
    assertThat(WinogradConv.applies(new Conv2dGeometry(2, 32, 13, 13, 64, 3, 3, 1, 1))).isFalse();
    assertThat(WinogradConv.applies(new Conv2dGeometry(2, 32, 13, 13, 64, 3, 3, 2, 0))).isFalse();
    assertThat(WinogradConv.applies(new Conv2dGeometry(2, 32, 13, 13, 64, 5, 5, 1, 0))).isFalse();
    assertThat(
            WinogradConv.applies(new Conv2dGeometry(2, 32, 13, 13, 64, 3, 3, 1, 1, 0, 0, 2, 2, 1)))
        .isFalse();
  }
}
