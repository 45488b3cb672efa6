package dev.nabla.onnx.internal.ops;

import static dev.nabla.onnx.internal.runtime.TestNodes.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * NnOps beyond what ONNX's backend cases cover: older opsets' semantics, PyTorch's values for the
 * windows and resizes its exports use (computed with PyTorch 1.13, quoted), direct definitions of
 * ConvTranspose, the load-time refusals, and gradients of the composed kernels.
 */
class NnOpsTest {
  private static Tensor run(OpKernel k, Tensor... in) {
    return k.run(in)[0];
  }

  @Test
  void softmaxBeforeOpset13FlattensAtAxis() {
    // [1, 2, 2] at axis 1 (the default before 13): one softmax over all four values
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
    double[] y = run(compile("Softmax", 11, 1), x).toDoubleArray();
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4);
    for (int i = 0; i < 4; i++) {
      assertThat(y[i]).isCloseTo(Math.exp(i + 1) / z, within(1e-6));
    }
    // opset 13: along the last axis only
    double[] y13 = run(compile("Softmax", 13, 1), x).toDoubleArray();
    double pair = Math.exp(1) / (Math.exp(1) + Math.exp(2));
    assertThat(y13[0]).isCloseTo(pair, within(1e-6));
    assertThat(y13[2]).isCloseTo(pair, within(1e-6));
    // Hardmax: the first maximum wins a tie
    Tensor t = Tensor.of(new float[] {3, 1, 3, 0, 2, 2}, 2, 3);
    assertThat(run(compile("Hardmax", 13, 1), t).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0);
  }

  @Test
  void matMulWithVectors() {
    Tensor v = Tensor.of(new float[] {1, 2, 3}, 3);
    Tensor m = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
    OpKernel k = compile("MatMul", 13, 2);
    Tensor row = run(k, v, m);
    assertThat(row.shape()).containsExactly(2);
    assertThat(row.toFloatArray()).containsExactly(4, 5);
    Tensor col = run(k, m.transpose(), v);
    assertThat(col.shape()).containsExactly(2);
    assertThat(col.toFloatArray()).containsExactly(4, 5);
    Tensor dot = run(k, v, v);
    assertThat(dot.shape()).isEmpty();
    assertThat(dot.item()).isEqualTo(14);
  }

  @Test
  void gemmOldOpsets() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor c = Tensor.of(new float[] {10, 20}, 2);
    // opset 6: C broadcasts only with broadcast=1
    assertThat(run(compile("Gemm", 6, 3, "broadcast", 1L), a, a, c).toFloatArray())
        .containsExactly(17, 30, 25, 42);
    OpKernel strict = compile("Gemm", 6, 3);
    assertThatThrownBy(() -> strict.run(new Tensor[] {a, a, c}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Gemm: C [2] must have the output's shape [2, 2] without broadcast=1");
    // C is required before opset 11
    assertThatThrownBy(() -> compile("Gemm", 9, 2))
        .isInstanceOf(UnsupportedNodeException.class)
        .hasMessageStartingWith("takes 3 inputs");
    assertThat(run(compile("Gemm", 11, 2, "alpha", 2f), a, a).toFloatArray())
        .containsExactly(14, 20, 30, 44);
  }

  @Test
  void poolsAsPyTorchCeilMode() {
    // F.max_pool1d([1, 3, 2, 5, 4], 2, 2, 1, ceil_mode=True): the last window would start in the
    // end padding and is dropped
    Tensor x = Tensor.of(new float[] {1, 3, 2, 5, 4}, 1, 1, 5);
    OpKernel mp =
        compile(
            "MaxPool",
            12,
            1,
            "kernel_shape",
            ints(2),
            "strides",
            ints(2),
            "pads",
            ints(1, 1),
            "ceil_mode",
            1L);
    assertThat(run(mp, x).toFloatArray()).containsExactly(1, 3, 5);
    // F.avg_pool2d(arange(1, 26).reshape(1, 1, 5, 5), 3, 2, 1, ceil_mode=True,
    // count_include_pad=False / True)
    Tensor img = Tensor.arange(DType.FLOAT32, 1, 26, 1).reshape(1, 1, 5, 5);
    Object[] window = {
      "kernel_shape", ints(3, 3), "strides", ints(2, 2), "pads", ints(1, 1, 1, 1), "ceil_mode", 1L
    };
    assertThat(
            run(compile("AveragePool", 11, 1, with(window, "count_include_pad", 0L)), img)
                .toFloatArray())
        .containsExactly(4.0f, 5.5f, 7.0f, 11.5f, 13.0f, 14.5f, 19.0f, 20.5f, 22.0f);
    assertThat(
            run(compile("AveragePool", 11, 1, with(window, "count_include_pad", 1L)), img)
                .toFloatArray())
        .containsExactly(
            new float[] {
              1.7777778f,
              3.6666667f,
              3.1111112f,
              7.6666665f,
              13.0f,
              9.666667f,
              8.444445f,
              13.666667f,
              9.777778f
            },
            within(1e-5f));
  }

  @Test
  void maxPoolIndicesAndLpPoolByHand() {
    // dilation 2: windows {0, 2}, {1, 3}, {2, 4} of [1, 3, 2, 5, 4]
    Tensor x = Tensor.of(new float[] {1, 3, 2, 5, 4}, 1, 1, 5);
    OpKernel mp =
        compile(
            "MaxPool",
            12,
            new String[] {"x"},
            2,
            null,
            "kernel_shape",
            ints(2),
            "dilations",
            ints(2));
    Tensor[] y = mp.run(new Tensor[] {x});
    assertThat(y[0].toFloatArray()).containsExactly(2, 5, 4);
    assertThat(y[1].dtype()).isEqualTo(DType.INT64);
    assertThat(y[1].toLongArray()).containsExactly(2, 3, 4);
    // LpPool p=2 over pairs: |(3, 4)| = 5, |(6, 8)| = 10; GlobalLpPool p=1: the sum of |x|
    Tensor v = Tensor.of(new float[] {3, -4, 6, 8}, 1, 1, 4);
    OpKernel lp = compile("LpPool", 11, 1, "kernel_shape", ints(2), "strides", ints(2), "p", 2L);
    assertThat(run(lp, v).toFloatArray()).containsExactly(new float[] {5, 10}, within(1e-5f));
    assertThat(run(compile("GlobalLpPool", 2, 1, "p", 1L), v).toFloatArray())
        .containsExactly(new float[] {21}, within(1e-5f));
  }

  private static Object[] with(Object[] a, Object... more) {
    Object[] r = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, r, a.length, more.length);
    return r;
  }

  /** Resize (opset 13) of {@code x} to {@code [1, 1, 3, 5]} by sizes. */
  private static float[] resize(Tensor x, Object... attrs) {
    Tensor sizes = Tensor.of(ints(1, 1, 3, 5), 4);
    OpKernel k = compile("Resize", 13, new String[] {"x", "-", "-", "sizes"}, 1, null, attrs);
    return k.run(new Tensor[] {x, null, null, sizes})[0].toFloatArray();
  }

  @Test
  void resizeAsPyTorchInterpolate() {
    Tensor x = Tensor.of(new float[] {1, 2, 4, 3, 7, 5}, 1, 1, 2, 3);
    // F.interpolate(x, size=(3, 5), mode='bilinear', align_corners=False)
    assertThat(resize(x, "mode", "linear"))
        .containsExactly(
            new float[] {1, 1.4f, 2, 3.2f, 4, 2, 3, 4.5f, 4.5f, 4.5f, 3, 4.6f, 7, 5.8f, 5},
            within(1e-5f));
    // mode='bicubic', align_corners=False
    assertThat(resize(x, "mode", "cubic"))
        .containsExactly(
            new float[] {
              0.7553892f, 0.9443481f, 1.5659728f, 3.055723f, 4.1385288f, 1.7600002f, 2.9700005f,
              4.5000005f, 4.6800003f, 4.5000005f, 2.7646115f, 4.9956527f, 7.434028f, 6.3042784f,
              4.8614736f
            },
            within(1e-5f));
    // mode='nearest': asymmetric coordinates, floor
    String transform = "coordinate_transformation_mode";
    assertThat(resize(x, "mode", "nearest", transform, "asymmetric", "nearest_mode", "floor"))
        .containsExactly(1, 1, 2, 2, 4, 1, 1, 2, 2, 4, 3, 3, 7, 7, 5);
    // mode='bilinear', align_corners=True
    assertThat(resize(x, "mode", "linear", transform, "align_corners"))
        .containsExactly(1, 1.5f, 2, 3, 4, 2, 3.25f, 4.5f, 4.5f, 4.5f, 3, 5, 7, 6, 5);
    // Upsample (opset 9): nearest by scales
    Tensor scales = Tensor.of(new float[] {1, 1, 1, 2}, 4);
    assertThat(run(compile("Upsample", 9, 2), x, scales).toFloatArray())
        .containsExactly(1, 1, 2, 2, 4, 4, 3, 3, 7, 7, 5, 5);
  }

  @Test
  void resizeOpset10AsOnnxOpset10Cases() {
    // ONNX 1.5's opset-10 cases (asymmetric coordinates; nearest floors when enlarging, rounds up
    // when shrinking)
    Tensor small = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
    Tensor wide = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
    Tensor up = Tensor.of(new float[] {1, 1, 2, 3}, 4),
        down = Tensor.of(new float[] {1, 1, .6f, .6f}, 4);
    OpKernel nearest = compile("Resize", 10, 2, "mode", "nearest");
    assertThat(run(nearest, small, up).toFloatArray())
        .containsExactly(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4);
    assertThat(run(nearest, wide, down).toFloatArray()).containsExactly(1, 3);
    OpKernel linear = compile("Resize", 10, 2, "mode", "linear");
    Tensor twice = Tensor.of(new float[] {1, 1, 2, 2}, 4);
    assertThat(run(linear, small, twice).toFloatArray())
        .containsExactly(1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4);
    assertThat(run(linear, wide, down).toFloatArray())
        .containsExactly(new float[] {1, 2.6666665f}, within(1e-6f));
  }

  /** ConvTranspose by its definition: each input value scatters weight · value into the output. */
  private static double[] transposedDirect(
      Tensor xt, Tensor wt, int[] s, int[] p, int[] op, int[] d, int groups) {
    int[] xs = xt.shape(), ws = wt.shape();
    int n = xs[0], c = xs[1], h = xs[2], w = xs[3], mg = ws[1], kh = ws[2], kw = ws[3];
    int m = mg * groups, cg = c / groups;
    int oh = s[0] * (h - 1) + op[0] + d[0] * (kh - 1) + 1 - p[0] - p[2];
    int ow = s[1] * (w - 1) + op[1] + d[1] * (kw - 1) + 1 - p[1] - p[3];
    double[] x = xt.toDoubleArray(), wv = wt.toDoubleArray(), y = new double[n * m * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int ci = 0; ci < c; ci++) {
        int g = ci / cg;
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double v = x[((b * c + ci) * h + i) * w + j];
            for (int mo = 0; mo < mg; mo++) {
              for (int u = 0; u < kh; u++) {
                for (int q = 0; q < kw; q++) {
                  int r = i * s[0] - p[0] + u * d[0], col = j * s[1] - p[1] + q * d[1];
                  if (r >= 0 && r < oh && col >= 0 && col < ow) {
                    int oc = g * mg + mo;
                    y[((b * m + oc) * oh + r) * ow + col] +=
                        v * wv[((ci * mg + mo) * kh + u) * kw + q];
                  }
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  @Test
  void convTransposeMatchesItsDefinition() {
    int[][] cases = { // strides(2), pads(4), output_padding(2), dilations(2), group
      {2, 1, 1, 0, 0, 1, 1, 0, 1, 2, 2},
      {1, 3, 0, 1, 2, 0, 0, 2, 2, 1, 1},
      {3, 2, 2, 0, 1, 1, 2, 1, 1, 1, 4}
    };
    for (int[] k : cases) {
      int[] s = {k[0], k[1]}, p = {k[2], k[3], k[4], k[5]}, op = {k[6], k[7]}, d = {k[8], k[9]};
      int groups = k[10];
      Tensor x = Tensor.randn(1, DType.FLOAT64, 2, 4, 3, 4);
      Tensor w = Tensor.randn(2, DType.FLOAT64, 4, 6 / (groups == 4 ? 3 : 1), 3, 2);
      OpKernel kernel =
          compile(
              "ConvTranspose",
              11,
              2,
              "strides",
              longs(s),
              "pads",
              longs(p),
              "output_padding",
              longs(op),
              "dilations",
              longs(d),
              "group",
              (long) groups);
      double[] e = transposedDirect(x, w, s, p, op, d, groups);
      Tensor y = run(kernel, x, w);
      assertThat(y.toDoubleArray()).containsExactly(e, within(1e-9));
    }
  }

  @Test
  void convTransposeOutputShapeSplitsThePadding() {
    // full size [7, 5]; output_shape [6, 4] leaves one cell of padding per axis: at the beginning
    // without auto_pad (ONNX's rule), at the end with SAME_UPPER
    Tensor x = Tensor.randn(1, DType.FLOAT64, 1, 4, 3, 4);
    Tensor w = Tensor.randn(2, DType.FLOAT64, 4, 6, 3, 2);
    int[] s = {2, 1}, op = {0, 0}, d = {1, 1};
    for (String autoPad : new String[] {"NOTSET", "SAME_UPPER"}) {
      OpKernel k =
          compile(
              "ConvTranspose",
              11,
              2,
              "strides",
              ints(2, 1),
              "output_shape",
              ints(6, 4),
              "auto_pad",
              autoPad);
      int[] pads = autoPad.equals("NOTSET") ? new int[] {1, 1, 0, 0} : new int[] {0, 0, 1, 1};
      Tensor y = run(k, x, w);
      assertThat(y.shape()).containsExactly(1, 6, 6, 4);
      assertThat(y.toDoubleArray())
          .as(autoPad)
          .containsExactly(transposedDirect(x, w, s, pads, op, d, 1), within(1e-9));
    }
  }

  @Test
  void batchNormBeforeOpset7TrainsUnlessIsTest() {
    // one channel over a batch of two: mean 2, population variance 1
    Tensor x = Tensor.of(new float[] {1, 3}, 2, 1);
    Tensor one = Tensor.of(new float[] {1}, 1), zero = Tensor.of(new float[] {0}, 1);
    Tensor four = Tensor.of(new float[] {4}, 1);
    Tensor[] in = {x, one, zero, zero, four};
    float scale = (float) (1 / Math.sqrt(1 + 1e-5));
    assertThat(compile("BatchNormalization", 6, 5).run(in)[0].toFloatArray())
        .containsExactly(new float[] {-scale, scale}, within(1e-6f));
    // is_test=1: the given mean 0 and variance 4
    float given = (float) (1 / Math.sqrt(4 + 1e-5));
    assertThat(compile("BatchNormalization", 6, 5, "is_test", 1L).run(in)[0].toFloatArray())
        .containsExactly(new float[] {given, 3 * given}, within(1e-6f));
  }

  private static long[] ints(long... v) {
    return v;
  }

  private static long[] longs(int[] v) {
    return java.util.Arrays.stream(v).asLongStream().toArray();
  }

  @Test
  void composedKernelsAreDifferentiable() {
    Tensor x = Tensor.randn(3, DType.FLOAT64, 1, 2, 5, 6);
    // ConvTranspose with stride, pads and groups; a dilated MaxPool; an average without pads
    OpKernel ct =
        compile(
            "ConvTranspose", 11, 2, "strides", ints(2, 1), "pads", ints(1, 0, 0, 1), "group", 2L);
    gradients(in -> run(ct, in[0], in[1]), x, Tensor.randn(4, DType.FLOAT64, 2, 3, 2, 3));
    OpKernel mp =
        compile(
            "MaxPool",
            12,
            1,
            "kernel_shape",
            ints(2, 2),
            "dilations",
            ints(2, 1),
            "pads",
            ints(0, 1, 1, 0));
    gradients(in -> run(mp, in[0]), x);
    OpKernel ap =
        compile(
            "AveragePool",
            11,
            1,
            "kernel_shape",
            ints(3, 2),
            "pads",
            ints(1, 1, 1, 0),
            "ceil_mode",
            1L,
            "strides",
            ints(2, 2));
    gradients(in -> run(ap, in[0]), x);
    OpKernel conv = compile("Conv", 11, 2, "pads", ints(0, 2, 1, 0), "strides", ints(1, 2));
    gradients(in -> run(conv, in[0], in[1]), x, Tensor.randn(5, DType.FLOAT64, 3, 2, 2, 3));
  }

  private static void gradients(Function<Tensor[], Tensor> f, Tensor... in) {
    GradCheck.Result r = GradCheck.check(f, in);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  @Test
  void refusalsAtLoad() {
    assertThatThrownBy(() -> compile("MaxPool", 12, 1, "kernel_shape", ints(2, 2, 2, 2)))
        .isInstanceOf(UnsupportedNodeException.class)
        .hasMessage("4 spatial axes are not supported (nabla has 1-d, 2-d and 3-d windows)");
    assertThatThrownBy(
            () -> compile("AveragePool", 11, 1, "kernel_shape", ints(2), "auto_pad", "SAME"))
        .hasMessage("auto_pad 'SAME' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    assertThatThrownBy(
            () ->
                compile(
                    "Conv",
                    11,
                    new String[] {"x", "w"},
                    1,
                    new Tensor[] {null, Tensor.zeros(1, 1, 1, 1, 1, 1)}))
        .hasMessage(
            "weight of rank 6 [1, 1, 1, 1, 1, 1] is not supported (nabla has 1-d, 2-d and 3-d"
                + " kernels: rank 3 to 5)");
    assertThatThrownBy(() -> compile("BatchNormalization", 7, 5, "spatial", 0L))
        .hasMessage("spatial=0 is not supported (only spatial=1)");
    assertThatThrownBy(
            () ->
                compile("BatchNormalization", 15, new String[] {"a", "b", "c", "d", "e"}, 3, null))
        .hasMessage("running_mean and running_var are outputs only with training_mode=1");
    // AveragePool has no dilations before opset 19: the attribute is reported, not ignored
    assertThatThrownBy(
            () -> compile("AveragePool", 11, 1, "kernel_shape", ints(2), "dilations", ints(2)))
        .hasMessage("attributes [dilations] are not supported");
    assertThatThrownBy(() -> compile("Resize", 13, 3, "mode", "area"))
        .hasMessage("mode 'area' is not one of nearest, linear, cubic");
  }

  @Test
  void runTimeErrorsNameTheOp() {
    OpKernel mp = compile("MaxPool", 12, 1, "kernel_shape", ints(2, 2));
    assertThatThrownBy(() -> mp.run(new Tensor[] {Tensor.zeros(1, 1, 4)}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MaxPool: the attributes give 2 spatial axes but input [1, 1, 4] has 1");
    OpKernel bn = compile("BatchNormalization", 15, 5);
    Tensor c3 = Tensor.zeros(3);
    assertThatThrownBy(() -> bn.run(new Tensor[] {Tensor.zeros(1, 2, 2), c3, c3, c3, c3}))
        .hasMessage("BatchNormalization: scale has shape [3], expected [2] (one per channel)");
  }
}
