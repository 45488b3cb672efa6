package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.ops.Conv2d;
import org.junit.jupiter.api.Test;

class Conv2dTest {

  /** A convolution configuration: input [n, c, h, w], weight [o, c, kh, kw], stride, padding. */
  private record Config(
      int n, int c, int h, int w, int o, int kh, int kw, int stride, int padding, boolean bias) {}

  /** Direct cross-correlation with zero padding, one loop per index: the reference. */
  private static double[] naive(Config k, double[] x, double[] w, double[] b) {
    int oh = (k.h + 2 * k.padding - k.kh) / k.stride + 1;
    int ow = (k.w + 2 * k.padding - k.kw) / k.stride + 1;
    double[] y = new double[k.n * k.o * oh * ow];
    for (int n = 0; n < k.n; n++) {
      for (int o = 0; o < k.o; o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b == null ? 0 : b[o];
            for (int c = 0; c < k.c; c++) {
              for (int u = 0; u < k.kh; u++) {
                for (int v = 0; v < k.kw; v++) {
                  int r = i * k.stride - k.padding + u, q = j * k.stride - k.padding + v;
                  if (r >= 0 && r < k.h && q >= 0 && q < k.w) {
                    s +=
                        x[((n * k.c + c) * k.h + r) * k.w + q]
                            * w[((o * k.c + c) * k.kh + u) * k.kw + v];
                  }
                }
              }
            }
            y[((n * k.o + o) * oh + i) * ow + j] = s;
          }
        }
      }
    }
    return y;
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

  @Test
  void tinyConvolutionsComputedByHand() {
    // x = [[1 2 3] [4 5 6] [7 8 9]], w = [[1 0] [0 -1]]: each output is x[i][j] - x[i+1][j+1] = -4.
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    Tensor w = Tensor.of(new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
    Tensor y = x.conv2d(w, null, 1, 0);
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.toDoubleArray()).containsExactly(-4, -4, -4, -4);
    Tensor yb = x.conv2d(w, Tensor.of(new double[] {0.5}, 1), 1, 0);
    assertThat(yb.toDoubleArray()).containsExactly(-3.5, -3.5, -3.5, -3.5);
    // A 2x2 box filter over [[1 2] [3 4]] padded by 1: the sums of each 2x2 window.
    Tensor x2 = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
    Tensor ones = Tensor.ones(1, 1, 2, 2);
    Tensor y2 = x2.conv2d(ones, null, 1, 1);
    assertThat(y2.shape()).containsExactly(1, 1, 3, 3);
    assertThat(y2.toFloatArray()).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
    // Stride 2 over the padded input keeps the corners only.
    assertThat(x2.conv2d(ones, null, 2, 1).toFloatArray()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void forwardMatchesDirectConvolutionAcrossConfigurations() {
    Config[] configs = {
      new Config(1, 1, 5, 5, 1, 3, 3, 1, 0, false),
      new Config(1, 2, 5, 7, 3, 3, 3, 1, 1, true),
      new Config(3, 2, 6, 5, 4, 3, 3, 2, 0, true),
      new Config(3, 3, 7, 6, 2, 3, 2, 2, 1, false),
      new Config(2, 3, 4, 5, 5, 1, 1, 1, 0, true), // 1x1 kernel: the pointwise path
      new Config(2, 3, 4, 5, 2, 1, 1, 2, 1, false), // 1x1 kernel with stride and padding
      new Config(1, 2, 3, 3, 2, 3, 3, 1, 2, true), // padding wider than the image border
      new Config(2, 1, 9, 8, 2, 4, 5, 3, 2, true),
      new Config(0, 2, 4, 4, 3, 3, 3, 1, 1, true), // empty batch
    };
    long seed = 1;
    for (Config k : configs) {
      Tensor x = randn64(seed++, k.n, k.c, k.h, k.w);
      Tensor w = randn64(seed++, k.o, k.c, k.kh, k.kw);
      Tensor b = k.bias ? randn64(seed++, k.o) : null;
      double[] expected =
          naive(k, x.toDoubleArray(), w.toDoubleArray(), b == null ? null : b.toDoubleArray());
      Tensor y = x.conv2d(w, b, k.stride, k.padding);
      int oh = (k.h + 2 * k.padding - k.kh) / k.stride + 1;
      int ow = (k.w + 2 * k.padding - k.kw) / k.stride + 1;
      assertThat(y.shape()).as(k.toString()).containsExactly(k.n, k.o, oh, ow);
      assertClose(y.toDoubleArray(), expected, 1e-12);
      Tensor y32 = f32(x).conv2d(f32(w), b == null ? null : f32(b), k.stride, k.padding);
      assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
      assertClose(y32.toDoubleArray(), expected, 1e-4);
    }
  }

  @Test
  void gradientsPassGradCheckWithPaddingAndStride() {
    Tensor x = randn64(10, 2, 2, 5, 4), w = randn64(11, 3, 2, 3, 3), b = randn64(12, 3);
    assertGradients(in -> in[0].conv2d(in[1], in[2], 1, 1), x, w, b);
    assertGradients(in -> in[0].conv2d(in[1], in[2], 2, 0), x, w, b);
    assertGradients(in -> in[0].conv2d(in[1], null, 2, 1), x, w);
  }

  @Test
  void gradientsPassGradCheckForPointwiseRectangularAndSizeOneShapes() {
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 0),
        randn64(13, 2, 3, 3, 2),
        randn64(14, 2, 3, 1, 1),
        randn64(15, 2));
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 2, 1),
        randn64(16, 1, 2, 4, 5),
        randn64(17, 2, 2, 2, 3),
        randn64(18, 2));
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 0),
        randn64(19, 1, 1, 3, 3),
        randn64(20, 1, 1, 2, 2),
        randn64(21, 1));
    assertGradients(
        in -> in[0].conv2d(in[1], in[2], 1, 0),
        randn64(22, 1, 1, 1, 1),
        randn64(23, 1, 1, 1, 1),
        randn64(24, 1));
  }

  @Test
  void float32GradientsMatchFloat64Gradients() {
    Tensor x = randn64(20, 2, 2, 5, 4), w = randn64(21, 3, 2, 3, 3), b = randn64(22, 3);
    Tensor g = randn64(23, 2, 3, 3, 2);
    Tensor x64 = x.detach().requiresGrad(true), w64 = w.detach().requiresGrad(true);
    Tensor b64 = b.detach().requiresGrad(true);
    x64.conv2d(w64, b64, 2, 1).backward(g);
    Tensor x32 = f32(x).requiresGrad(true), w32 = f32(w).requiresGrad(true);
    Tensor b32 = f32(b).requiresGrad(true);
    x32.conv2d(w32, b32, 2, 1).backward(f32(g));
    assertThat(x32.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertClose(x32.grad().toDoubleArray(), x64.grad().toDoubleArray(), 1e-4);
    assertClose(w32.grad().toDoubleArray(), w64.grad().toDoubleArray(), 1e-4);
    assertClose(b32.grad().toDoubleArray(), b64.grad().toDoubleArray(), 1e-4);
  }

  @Test
  void biasGradientIsTheSumOfTheOutputGradientOverBatchAndPixels() {
    Tensor x = randn64(30, 2, 1, 3, 3);
    Tensor w = randn64(31, 2, 1, 2, 2);
    Tensor b = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
    // Output [2, 2, 2, 2]; seed 1 everywhere: each bias gets 2 images x 4 pixels = 8.
    x.conv2d(w, b, 1, 0).backward(Tensor.ones(DType.FLOAT64, 2, 2, 2, 2));
    assertThat(b.grad().toDoubleArray()).containsExactly(8, 8);
  }

  @Test
  void channelMismatchIsRejectedNamingTheWeight() {
    assertThatThrownBy(() -> Tensor.zeros(1, 3, 5, 5).conv2d(Tensor.zeros(8, 4, 3, 3), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: input has 3 channels but weight [8, 4, 3, 3] expects 4");
  }

  @Test
  void inputsOfTheWrongRankAreRejected() {
    assertThatThrownBy(() -> Tensor.zeros(3, 5, 5).conv2d(Tensor.zeros(8, 3, 3, 3), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: expected input of rank 4 [N, C, H, W], got shape [3, 5, 5]");
    assertThatThrownBy(() -> Tensor.zeros(1, 3, 5, 5).conv2d(Tensor.zeros(3, 3, 3), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: expected weight of rank 4 [O, C/groups, kh, kw], got shape [3, 3, 3]");
  }

  @Test
  void badBiasShapeIsRejected() {
    assertThatThrownBy(
            () -> Tensor.zeros(1, 3, 5, 5).conv2d(Tensor.zeros(8, 3, 3, 3), Tensor.zeros(5), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "conv2d: bias has shape [5], expected [8] (one value per output channel of "
                + "weight [8, 3, 3, 3])");
    Tensor b2 = Tensor.zeros(8, 1);
    assertThatThrownBy(() -> Tensor.zeros(1, 3, 5, 5).conv2d(Tensor.zeros(8, 3, 3, 3), b2, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv2d: bias has shape [8, 1], expected [8]");
  }

  @Test
  void kernelLargerThanThePaddedInputIsRejected() {
    assertThatThrownBy(() -> Tensor.zeros(1, 1, 2, 2).conv2d(Tensor.zeros(1, 1, 5, 5), null, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "conv2d: kernel 5x5 is larger than the padded input 4x4 (input [1, 1, 2, 2], "
                + "padding 1)");
    assertThatThrownBy(() -> Tensor.zeros(1, 1, 2, 8).conv2d(Tensor.zeros(1, 1, 3, 1), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kernel 3x1 is larger than the padded input 2x8");
    assertThatThrownBy(() -> Tensor.zeros(1, 1, 2, 2).conv2d(Tensor.zeros(1, 1, 0, 1), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: weight [1, 1, 0, 1] has an empty kernel; expected kh, kw >= 1");
  }

  @Test
  void strideBelowOneAndNegativePaddingAreRejected() {
    Tensor x = Tensor.zeros(1, 1, 4, 4), w = Tensor.zeros(1, 1, 3, 3);
    assertThatThrownBy(() -> x.conv2d(w, null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> x.conv2d(w, null, 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: padding must be >= 0, got -1");
  }

  @Test
  void dtypeMismatchesAndIntegerInputAreRejected() {
    Tensor x = Tensor.zeros(1, 1, 4, 4), w = Tensor.zeros(1, 1, 3, 3);
    assertThatThrownBy(() -> x.conv2d(Tensor.zeros(DType.FLOAT64, 1, 1, 3, 3), null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: dtype mismatch: input FLOAT32, weight FLOAT64");
    assertThatThrownBy(() -> x.conv2d(w, Tensor.zeros(DType.FLOAT64, 1), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: dtype mismatch: input FLOAT32, bias FLOAT64");
    Tensor xi = Tensor.zeros(DType.INT32, 1, 1, 4, 4), wi = Tensor.zeros(DType.INT32, 1, 1, 3, 3);
    assertThatThrownBy(() -> xi.conv2d(wi, null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: expected a FLOAT32 or FLOAT64 input, got INT32");
  }

  @Test
  void wrongNumberOfInputsIsRejected() {
    assertThatThrownBy(() -> new Conv2d(1, 0).apply(Tensor.zeros(1, 1, 4, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: expected inputs (x, weight) or (x, weight, bias), got 1 inputs");
  }
}
