package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.TestRng;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API linear-algebra kernels against the plain ones (the oracle), and the batch-parallel
 * convolution against a direct convolution. FLOAT32 results may differ in summation order, so they
 * agree within {@code 1e-5 · (number of terms)} for inputs in [-1, 1).
 */
class LinalgOracleTest {
  private final LinalgKernels plain = Kernels.plainLinalg();
  private final LinalgKernels vector = Kernels.vectorLinalg();

  @Test
  void gemmAgreesOnRandomShapesAndLayouts() {
    Rng rng = new Rng(11);
    for (int trial = 0; trial < 60; trial++) {
      int m = TestRng.nextInt(rng, 70), n = TestRng.nextInt(rng, 70), k = TestRng.nextInt(rng, 300);
      if (trial % 10 == 0) {
        m = 1; // the per-sample shape family
      }
      boolean ta = TestRng.nextInt(rng, 2) == 1,
          tb = TestRng.nextInt(rng, 2) == 1,
          acc = TestRng.nextInt(rng, 2) == 1;
      int lda = Math.max(1, ta ? m : k), ldb = Math.max(1, tb ? k : n), ldc = Math.max(1, n);
      float[] a = random(rng, (ta ? k : m) * lda), b = random(rng, (tb ? n : k) * ldb);
      float[] c1 = random(rng, m * ldc), c2 = c1.clone();
      plain.gemm(new Gemm(ta, tb, m, n, k, lda, ldb, ldc, acc), a, 0, b, 0, c1, 0);
      vector.gemm(new Gemm(ta, tb, m, n, k, lda, ldb, ldc, acc), a, 0, b, 0, c2, 0);
      for (int i = 0; i < c1.length; i++) {
        assertThat((double) c2[i])
            .as("m=%d n=%d k=%d ta=%s tb=%s acc=%s [%d]", m, n, k, ta, tb, acc, i)
            .isCloseTo(c1[i], within(1e-5 * (k + 1)));
      }
    }
  }

  /**
   * A batch of small products large enough in all (64 x 40·40·40 multiply-adds, over the threshold
   * of a second thread) for the vector set to split it over threads by product: the same bits as
   * each product computed on its own, with transposed operands and a broadcast (repeated) B.
   */
  @Test
  void batchSplitOverThreadsGivesTheBitsOfOneProductAtATime() {
    Rng rng = new Rng(5);
    int count = 64, m = 40, n = 40, k = 40;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Gemm g = new Gemm(ta, tb, m, n, k, ta ? m : k, tb ? k : n, n, false);
        float[] a = random(rng, count * m * k), b = random(rng, 2 * k * n);
        int[] aOffs = new int[count], bOffs = new int[count], cOffs = new int[count];
        for (int i = 0; i < count; i++) {
          aOffs[i] = i * m * k;
          bOffs[i] = (i % 2) * k * n;
          cOffs[i] = i * m * n;
        }
        float[] batched = new float[count * m * n], single = new float[count * m * n];
        vector.gemmBatched(g, count, a, aOffs, b, bOffs, batched, cOffs);
        for (int i = 0; i < count; i++) {
          vector.gemm(g, a, aOffs[i], b, bOffs[i], single, cOffs[i]);
        }
        assertThat(batched).as("ta=%s tb=%s", ta, tb).containsExactly(single);
      }
    }
  }

  static List<Conv2dGeometry> geometries() {
    List<Conv2dGeometry> g = new ArrayList<>();
    g.add(new Conv2dGeometry(1, 1, 5, 5, 1, 3, 3, 1, 0));
    g.add(new Conv2dGeometry(3, 2, 7, 6, 4, 3, 3, 2, 1));
    g.add(new Conv2dGeometry(2, 3, 4, 4, 5, 1, 1, 1, 0)); // pointwise
    g.add(new Conv2dGeometry(16, 8, 16, 16, 16, 3, 3, 1, 1)); // large enough for the parallel split
    g.add(new Conv2dGeometry(9, 32, 13, 13, 64, 3, 3, 1, 0)); // the CNN's second layer, odd batch
    // stride 1 runs as implicit GEMMs on the vector kernels: cover their orientations and edges
    g.add(new Conv2dGeometry(5, 1, 28, 28, 32, 3, 3, 1, 0)); // the CNN's first layer
    g.add(new Conv2dGeometry(2, 3, 9, 11, 2, 5, 3, 1, 2)); // non-square kernel, padding, 2 outputs
    g.add(new Conv2dGeometry(2, 4, 6, 6, 3, 1, 1, 1, 1)); // 1x1 kernel with padding
    g.add(new Conv2dGeometry(3, 2, 5, 7, 6, 5, 7, 1, 0)); // kernel as large as the image
    g.add(new Conv2dGeometry(4, 20, 10, 10, 9, 3, 3, 1, 1)); // patch wider than the outputs
    // dilation (implicit GEMM on the vector kernels at stride 1), groups, per-axis settings
    g.add(new Conv2dGeometry(2, 3, 9, 8, 4, 3, 3, 1, 1, 1, 1, 2, 2, 1)); // dilation 2
    g.add(new Conv2dGeometry(2, 3, 11, 10, 4, 3, 2, 2, 2, 2, 2, 3, 2, 1)); // dilated and strided
    g.add(new Conv2dGeometry(3, 4, 7, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2)); // 2 groups
    g.add(new Conv2dGeometry(2, 6, 8, 8, 6, 3, 3, 1, 1, 1, 1, 1, 1, 6)); // depthwise
    g.add(new Conv2dGeometry(2, 4, 6, 6, 8, 3, 3, 2, 2, 1, 1, 2, 2, 4)); // depthwise x2, all
    g.add(new Conv2dGeometry(3, 4, 5, 5, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2)); // grouped pointwise
    g.add(new Conv2dGeometry(3, 4, 1, 13, 6, 1, 3, 1, 2, 0, 1, 1, 2, 2)); // a conv1d's geometry
    g.add(new Conv2dGeometry(2, 2, 1, 9, 3, 1, 3, 1, 1, 0, 2, 1, 1, 1)); // 1-d, stride 1, padded
    // dilated implicit GEMMs past the thin patch: dW transposed (patch > O), then not, then 1-d
    g.add(new Conv2dGeometry(2, 8, 9, 9, 4, 3, 3, 1, 1, 2, 2, 2, 2, 1));
    g.add(new Conv2dGeometry(1, 4, 8, 8, 40, 3, 3, 1, 1, 1, 1, 2, 2, 1));
    g.add(new Conv2dGeometry(2, 16, 1, 20, 8, 1, 3, 1, 1, 0, 2, 1, 2, 1));
    return g;
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void convolutionForwardAndBackwardAgreeWithTheDirectDefinition(Conv2dGeometry g) {
    Rng rng = new Rng(g.hashCode());
    int oh = g.outH(), ow = g.outW();
    float[] x = random(rng, g.batch() * g.inChannels() * g.height() * g.width());
    float[] w = random(rng, g.outChannels() * g.patchSize());
    float[] bias = random(rng, g.outChannels());
    float[] gy = random(rng, g.batch() * g.outChannels() * oh * ow);

    double[] yRef = new double[gy.length];
    double[] gxRef = new double[x.length],
        gwRef = new double[w.length],
        gbRef = new double[bias.length];
    for (int n = 0; n < g.batch(); n++) {
      for (int o = 0; o < g.outChannels(); o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int yi = ((n * g.outChannels() + o) * oh + i) * ow + j;
            double s = bias[o];
            gbRef[o] += gy[yi];
            int cg = g.inChannels() / g.groups(), group = o / (g.outChannels() / g.groups());
            for (int c = group * cg; c < (group + 1) * cg; c++) {
              for (int p = 0; p < g.kernelH(); p++) {
                for (int q = 0; q < g.kernelW(); q++) {
                  int iy = i * g.strideH() - g.padH() + p * g.dilationH();
                  int ix = j * g.strideW() - g.padW() + q * g.dilationW();
                  if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) {
                    continue;
                  }
                  int xi = ((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix;
                  int wi = ((o * cg + c - group * cg) * g.kernelH() + p) * g.kernelW() + q;
                  s += (double) x[xi] * w[wi];
                  gxRef[xi] += (double) gy[yi] * w[wi];
                  gwRef[wi] += (double) gy[yi] * x[xi];
                }
              }
            }
            yRef[yi] = s;
          }
        }
      }
    }
    for (LinalgKernels k : List.of(plain, vector)) {
      float[] y = new float[gy.length];
      k.conv2d(g, x, w, bias, y);
      float[] gx = new float[x.length], gw = new float[w.length], gb = new float[bias.length];
      k.conv2dBackward(g, x, w, gy, gx, gw, gb);
      double tol = 1e-5 * (g.patchSize() + g.batch() * oh * ow);
      String name = k.getClass().getSimpleName();
      assertClose(name + " y", y, yRef, tol);
      assertClose(name + " gx", gx, gxRef, tol);
      assertClose(name + " gw", gw, gwRef, tol);
      assertClose(name + " gb", gb, gbRef, tol);
    }
  }

  private static void assertClose(String what, float[] actual, double[] expected, double tol) {
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(tol));
    }
  }

  private static float[] random(Rng rng, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextFloat() * 2 - 1;
    }
    return v;
  }
}
