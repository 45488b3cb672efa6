package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.ops.MaxPool2d;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolTest {

  /**
   * Pooling straight from the definition: every window position of the padded input, padding being
   * -infinity (max) or 0 counted in the k² divisor (avg).
   */
  private static double[] naive(
      double[] x, int planes, int h, int w, int k, int s, int p, boolean max) {
    int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
    double[] y = new double[planes * oh * ow];
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
              int r = i * s - p + u, c = j * s - p + v;
              double value =
                  r >= 0 && r < h && c >= 0 && c < w
                      ? x[(pl * h + r) * w + c]
                      : max ? Double.NEGATIVE_INFINITY : 0;
              acc = max ? Math.max(acc, value) : acc + value;
            }
          }
          y[(pl * oh + i) * ow + j] = max ? acc : acc / (k * k);
        }
      }
    }
    return y;
  }

  /** The values 0.1, 0.2, ... in a seeded random order: distinct, so max pooling has no ties. */
  private static Tensor distinct(long seed, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.1 * (i + 1) - 0.05 * n;
    }
    Random rnd = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return Tensor.of(v, shape);
  }

  private static Tensor f32(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  private static void assertClose(double[] actual, double[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], within(tol));
    }
  }

  private static final Tensor ONE_TO_SIXTEEN =
      Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);

  @Test
  void maxPoolComputedByHand() {
    Tensor y = ONE_TO_SIXTEEN.maxPool2d(2, 2, 0);
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.toDoubleArray()).containsExactly(6, 8, 14, 16);
    // 3x3 windows, stride 2, padding 1 over the 4x4 grid: rows/cols {-1..1} and {1..3}.
    assertThat(ONE_TO_SIXTEEN.maxPool2d(3, 2, 1).toDoubleArray()).containsExactly(6, 8, 14, 16);
    // Stride 1, kernel 2: 3x3 output, each the bottom-right entry of its window.
    assertThat(ONE_TO_SIXTEEN.maxPool2d(2, 1, 0).toDoubleArray())
        .containsExactly(6, 7, 8, 10, 11, 12, 14, 15, 16);
  }

  @Test
  void maxPoolPaddingCountsAsMinusInfinity() {
    // All negative: a zero padding would win; -infinity padding never does.
    Tensor x = Tensor.of(new float[] {-1, -2, -3, -4}, 1, 1, 2, 2);
    Tensor y = x.maxPool2d(2, 1, 1);
    assertThat(y.shape()).containsExactly(1, 1, 3, 3);
    assertThat(y.toFloatArray()).containsExactly(-1, -1, -2, -1, -1, -2, -3, -3, -4);
  }

  @Test
  void avgPoolComputedByHandCountsPaddingInTheDivisor() {
    assertThat(ONE_TO_SIXTEEN.avgPool2d(2, 2, 0).toDoubleArray())
        .containsExactly(3.5, 5.5, 11.5, 13.5);
    // Padding 1: corner windows hold one real value and three padded zeros, all divided by 4.
    assertThat(ONE_TO_SIXTEEN.avgPool2d(2, 2, 1).toDoubleArray())
        .containsExactly(0.25, 1.25, 1, 3.5, 8.5, 5, 3.25, 7.25, 4);
  }

  @Test
  void forwardMatchesNaiveReferenceAcrossConfigurations() {
    int[][] configs = {
      // n, c, h, w, kernel, stride, padding
      {1, 1, 5, 5, 2, 2, 0},
      {2, 3, 7, 6, 3, 2, 1},
      {1, 2, 6, 9, 3, 1, 1},
      {3, 1, 5, 4, 1, 1, 0},
      {1, 2, 8, 8, 4, 3, 2},
      {2, 2, 5, 7, 2, 3, 1},
      {0, 2, 4, 4, 2, 2, 0},
    };
    long seed = 1;
    for (int[] c : configs) {
      Tensor x = randn64(seed++, c[0], c[1], c[2], c[3]);
      int k = c[4], s = c[5], p = c[6];
      int oh = (c[2] + 2 * p - k) / s + 1, ow = (c[3] + 2 * p - k) / s + 1;
      double[] xv = x.toDoubleArray();
      double[] max = naive(xv, c[0] * c[1], c[2], c[3], k, s, p, true);
      double[] avg = naive(xv, c[0] * c[1], c[2], c[3], k, s, p, false);
      Tensor ym = x.maxPool2d(k, s, p), ya = x.avgPool2d(k, s, p);
      assertThat(ym.shape()).containsExactly(c[0], c[1], oh, ow);
      assertThat(ya.shape()).containsExactly(c[0], c[1], oh, ow);
      assertClose(ym.toDoubleArray(), max, 0);
      assertClose(ya.toDoubleArray(), avg, 1e-14);
      Tensor ym32 = f32(x).maxPool2d(k, s, p), ya32 = f32(x).avgPool2d(k, s, p);
      assertThat(ym32.dtype()).isEqualTo(DType.FLOAT32);
      assertClose(ym32.toDoubleArray(), max, 1e-6);
      assertClose(ya32.toDoubleArray(), avg, 1e-6);
    }
  }

  @Test
  void maxPoolGradientGoesToTheFirstOfTiedMaxima() {
    Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 2, 4).requiresGrad(true);
    x.maxPool2d(2, 2, 0).backward(Tensor.of(new double[] {3, 5}, 1, 1, 1, 2));
    assertThat(x.grad().toDoubleArray()).containsExactly(3, 0, 5, 0, 0, 0, 0, 0);
  }

  @Test
  void maxPoolGradientAccumulatesWhereOverlappingWindowsShareAMaximum() {
    // Stride 1: the 9 sits in all four 2x2 windows of this 3x3 input.
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 9, 5, 6, 7, 8}, 1, 1, 3, 3).requiresGrad(true);
    x.maxPool2d(2, 1, 0).backward(Tensor.ones(1, 1, 2, 2));
    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(x.grad().toFloatArray()).containsExactly(0, 0, 0, 0, 4, 0, 0, 0, 0);
  }

  @Test
  void avgPoolGradientSpreadsOverEachWindowDividedByTheWindowArea() {
    Tensor x = Tensor.zeros(1, 1, 2, 2).requiresGrad(true);
    // Padding 1, kernel 2, stride 1: 3x3 windows; pixel (0,0) lies in 4 of them, each giving 1/4.
    x.avgPool2d(2, 1, 1).backward(Tensor.ones(1, 1, 3, 3));
    assertThat(x.grad().toFloatArray()).containsExactly(1, 1, 1, 1);
    Tensor z = Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2).requiresGrad(true);
    z.avgPool2d(2, 2, 0).backward(Tensor.of(new double[] {8}, 1, 1, 1, 1));
    assertThat(z.grad().toDoubleArray()).containsExactly(2, 2, 2, 2);
  }

  @Test
  void gradientsPassGradCheck() {
    Tensor x = distinct(1, 2, 2, 5, 4);
    assertGradients(in -> in[0].maxPool2d(2, 2, 0), x);
    assertGradients(in -> in[0].maxPool2d(3, 1, 1), x);
    assertGradients(in -> in[0].maxPool2d(3, 2, 1), distinct(2, 1, 2, 6, 7));
    assertGradients(in -> in[0].maxPool2d(2, 1, 0), distinct(3, 1, 1, 3, 3));
    assertGradients(in -> in[0].maxPool2d(1, 1, 0), distinct(4, 1, 1, 1, 1));
    assertGradients(in -> in[0].avgPool2d(2, 2, 0), randn64(3, 2, 2, 5, 4));
    assertGradients(in -> in[0].avgPool2d(3, 1, 1), randn64(4, 2, 2, 5, 4));
    assertGradients(in -> in[0].avgPool2d(3, 2, 1), randn64(5, 1, 2, 6, 7));
    assertGradients(in -> in[0].avgPool2d(1, 1, 0), randn64(6, 1, 1, 1, 1));
  }

  @Test
  void paddingOverHalfTheKernelIsRejected() {
    Tensor x = Tensor.zeros(1, 1, 4, 4);
    assertThatThrownBy(() -> x.maxPool2d(3, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxPool2d: padding 2 must be at most half the kernel size 3 "
                + "(expected padding <= 1)");
    assertThatThrownBy(() -> x.avgPool2d(2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "avgPool2d: padding 2 must be at most half the kernel size 2 "
                + "(expected padding <= 1)");
  }

  @Test
  void nonPositiveKernelOrStrideAndNegativePaddingAreRejected() {
    Tensor x = Tensor.zeros(1, 1, 4, 4);
    assertThatThrownBy(() -> x.maxPool2d(0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: kernel size must be >= 1, got 0");
    assertThatThrownBy(() -> x.avgPool2d(2, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("avgPool2d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> x.maxPool2d(2, 2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: padding must be >= 0, got -1");
  }

  @Test
  void badInputsAreRejected() {
    assertThatThrownBy(() -> Tensor.zeros(1, 4, 4).maxPool2d(2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: expected input of rank 4 [N, C, H, W], got shape [1, 4, 4]");
    assertThatThrownBy(() -> Tensor.zeros(1, 1, 2, 5).avgPool2d(3, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "avgPool2d: kernel 3x3 is larger than the padded input 2x5 "
                + "(input [1, 1, 2, 5], padding 0)");
    assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 1, 1, 4, 4).maxPool2d(2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: expected FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(() -> Tensor.zeros(1, 1, 0, 4).maxPool2d(2, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxPool2d: input [1, 1, 0, 4] has an empty spatial dimension; "
                + "expected H, W >= 1");
    Tensor x = Tensor.zeros(1, 1, 4, 4);
    assertThatThrownBy(() -> new MaxPool2d(2, 2, 0).apply(x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: expected 1 input, got 2");
  }
}
