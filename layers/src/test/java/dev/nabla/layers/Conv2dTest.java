package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Conv2dTest {

  /** Cross-correlation by definition, with zero padding. */
  private static double[] naiveConv(
      double[] x,
      int n,
      int c,
      int h,
      int w,
      double[] wt,
      int o,
      int k,
      double[] b,
      int stride,
      int pad) {
    int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
    double[] out = new double[n * o * oh * ow];
    for (int ni = 0; ni < n; ni++) {
      for (int oc = 0; oc < o; oc++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b == null ? 0 : b[oc];
            for (int ci = 0; ci < c; ci++) {
              for (int di = 0; di < k; di++) {
                for (int dj = 0; dj < k; dj++) {
                  int y = i * stride + di - pad, z = j * stride + dj - pad;
                  if (y >= 0 && y < h && z >= 0 && z < w) {
                    s += x[((ni * c + ci) * h + y) * w + z] * wt[((oc * c + ci) * k + di) * k + dj];
                  }
                }
              }
            }
            out[((ni * o + oc) * oh + i) * ow + j] = s;
          }
        }
      }
    }
    return out;
  }

  @Test
  void forwardByHandOnATinyImage() {
    Conv2d conv = new Conv2d(1, 1, 2, 1, 0);
    conv.loadStateDict(
        Map.of(
            "weight", Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2),
            "bias", Tensor.of(new float[] {10}, 1)));
    // [[1 2 3] [4 5 6] [7 8 9]]: each output is top-left minus bottom-right, plus 10.
    Tensor y = conv.apply(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3));
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.toFloatArray()).containsExactly(6, 6, 6, 6);
  }

  @Test
  void forwardMatchesNaiveLoopsWithStrideAndPadding() {
    Conv2d conv = new Conv2d(2, 3, 3, 2, 1);
    Tensor x = Tensor.randn(9L, 2, 2, 5, 4);
    Tensor y = conv.apply(x);
    assertThat(y.shape()).containsExactly(2, 3, 3, 2);
    double[] expected =
        naiveConv(
            x.toDoubleArray(),
            2,
            2,
            5,
            4,
            conv.weight().toDoubleArray(),
            3,
            3,
            conv.bias().toDoubleArray(),
            2,
            1);
    assertClose(y.toDoubleArray(), expected, 1e-5);
  }

  @Test
  void withoutBias() {
    Conv2d conv = new Conv2d(1, 2, 1, 1, 0, false);
    assertThat(conv.bias()).isNull();
    assertThat(conv.namedParameters().keySet()).containsExactly("weight");
    assertThat(conv).hasToString("Conv2d(1 -> 2, kernel=1, stride=1, padding=0, bias=false)");
    Tensor x = Tensor.randn(1L, 1, 1, 2, 2);
    double[] expected =
        naiveConv(x.toDoubleArray(), 1, 1, 2, 2, conv.weight().toDoubleArray(), 2, 1, null, 1, 0);
    assertClose(conv.apply(x).toDoubleArray(), expected, 1e-6);
  }

  @Test
  void defaultInitIsUniformOverOneOverSqrtOfChannelsTimesKernelArea() {
    Conv2d conv = new Conv2d(3, 8, 3);
    assertThat(conv.weight().shape()).containsExactly(8, 3, 3, 3);
    double bound = 1 / Math.sqrt(3 * 3 * 3);
    for (Tensor p : conv.parameters()) {
      double max = 0;
      for (double v : p.toDoubleArray()) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        max = Math.max(max, Math.abs(v));
      }
      assertThat(max).isGreaterThan(0.8 * bound);
    }
  }

  @Test
  void kaimingNormalUsesChannelsTimesKernelAreaAsFanIn() {
    Conv2d conv =
        new Conv2d(16, 64, 3, 1, 1, true, Init.kaimingNormal(Nonlinearity.RELU), Init.zeros(), 5L);
    double[] w = conv.weight().toDoubleArray();
    double sumSq = 0;
    for (double v : w) {
      sumSq += v * v;
    }
    double std = Math.sqrt(sumSq / w.length);
    double expected = Math.sqrt(2) / Math.sqrt(16 * 9);
    assertThat(std).isBetween(0.97 * expected, 1.03 * expected);
    assertThat(conv.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void gradCheckWithRespectToInputWeightAndBias() {
    assertModuleGradients(new Conv2d(2, 2, 2, 1, 0), randn64(1L, 1, 2, 3, 3));
    assertModuleGradients(new Conv2d(1, 2, 3, 2, 1), randn64(2L, 2, 1, 4, 4));
    assertModuleGradients(new Conv2d(2, 1, 1, 1, 0, false), randn64(3L, 1, 2, 2, 2));
  }

  @Test
  void worksInFloat64() {
    Conv2d conv = new Conv2d(1, 1, 1, 1, 0, true, Init.constant(2), Init.constant(1), 0L);
    conv.to(DType.FLOAT64);
    Tensor y = conv.apply(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2));
    assertThat(y.toDoubleArray()).containsExactly(3, 5, 7, 9);
  }

  @Test
  void rejectsWrongRankChannelsAndTooSmallInputWithTheOpsMessageNamingTheLayer() {
    // conv2d checks its input; the layer adds only its name (and its model path, below)
    Conv2d conv = new Conv2d(1, 32, 3, 1, 0);
    assertThatThrownBy(() -> conv.apply(Tensor.zeros(8, 3, 28, 28)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Conv2d(1 -> 32, kernel=3, stride=1, padding=0): conv2d: input has 3 channels but "
                + "weight [32, 1, 3, 3] expects 1");
    assertThatThrownBy(() -> conv.apply(Tensor.zeros(28, 28)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Conv2d(1 -> 32, kernel=3, stride=1, padding=0): conv2d: expected input of rank 4 "
                + "[N, C, H, W], got shape [28, 28]");
    assertThatThrownBy(() -> conv.apply(Tensor.zeros(1, 1, 2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Conv2d(1 -> 32, kernel=3, stride=1, padding=0): conv2d: kernel 3x3 is larger than "
                + "the padded input 2x5 (input [1, 1, 2, 5], padding 0)");
  }

  @Test
  void anOpErrorInsideAModelNamesTheLayerAndItsPathOnce() {
    Sequential model = new Sequential(new ReLU(), new Sequential(new Conv2d(1, 2, 3, 1, 0)));
    assertThatThrownBy(() -> model.apply(Tensor.zeros(1, 3, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Conv2d(1 -> 2, kernel=3, stride=1, padding=0) at model path '1.0': conv2d: input "
                + "has 3 channels but weight [2, 1, 3, 3] expects 1");
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new Conv2d(0, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Conv2d: inChannels must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv2d(1, 0, 3))
        .hasMessage("Conv2d: outChannels must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv2d(1, 1, 0)).hasMessage("Conv2d: kernel must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv2d(1, 1, 3, 0, 0))
        .hasMessage("Conv2d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv2d(1, 1, 3, 1, -1))
        .hasMessage("Conv2d: padding must be >= 0, got -1");
  }

  @Test
  void reprIsPytorchLike() {
    assertThat(new Conv2d(1, 32, 3, 1, 0))
        .hasToString("Conv2d(1 -> 32, kernel=3, stride=1, padding=0)");
    assertThat(new Conv2d(3, 8, 5)).hasToString("Conv2d(3 -> 8, kernel=5, stride=1, padding=0)");
  }
}
