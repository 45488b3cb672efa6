package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.Rng;
import org.junit.jupiter.api.Test;

/**
 * The layer-norm kernels: the plain loops against the textbook formula in double, and the Vector
 * API loops against the plain ones on row lengths around the vector width (with a tail), 1 and 0
 * rows, and enough rows for the parallel split. The vector sums run in float lanes, so FLOAT32
 * agrees within a few float ulps of the values' scale.
 */
class LayerNormOracleTest {
  private final LinalgKernels plain = Kernels.plainLinalg();
  private final LinalgKernels vector = Kernels.vectorLinalg();

  private static float[] random(Rng rng, int n, float scale, float shift) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextGaussian() * scale + shift);
    }
    return a;
  }

  @Test
  void plainForwardAndBackwardMatchTheFormula() {
    Rng rng = new Rng(3);
    int rows = 5, n = 7;
    double[] x = new double[rows * n],
        w = new double[n],
        b = new double[n],
        gy = new double[rows * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian() * 2 + 1;
      gy[i] = rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      w[i] = rng.nextGaussian();
      b[i] = rng.nextGaussian();
    }
    double[] y = new double[x.length], mean = new double[rows], rstd = new double[rows];
    plain.layerNorm(x, w, b, y, mean, rstd, rows, n, 1e-5);
    double[] gx = new double[x.length], gw = new double[n], gb = new double[n];
    plain.layerNormBackward(x, w, mean, rstd, gy, gx, gw, gb, rows, n);
    double[] egw = new double[n], egb = new double[n];
    for (int r = 0; r < rows; r++) {
      double mu = 0, var = 0;
      for (int i = 0; i < n; i++) {
        mu += x[r * n + i] / n;
      }
      for (int i = 0; i < n; i++) {
        var += (x[r * n + i] - mu) * (x[r * n + i] - mu) / n;
      }
      double rs = 1 / Math.sqrt(var + 1e-5);
      assertThat(mean[r]).isCloseTo(mu, within(1e-12));
      assertThat(rstd[r]).isCloseTo(rs, within(1e-12));
      // dx_i = rs/n · (n·g_i·w_i - sum_j g_j·w_j - xhat_i · sum_j g_j·w_j·xhat_j)
      double s1 = 0, s2 = 0;
      for (int j = 0; j < n; j++) {
        double xh = (x[r * n + j] - mu) * rs;
        s1 += gy[r * n + j] * w[j];
        s2 += gy[r * n + j] * w[j] * xh;
        egw[j] += gy[r * n + j] * xh;
        egb[j] += gy[r * n + j];
      }
      for (int i = 0; i < n; i++) {
        double xh = (x[r * n + i] - mu) * rs;
        assertThat(y[r * n + i]).isCloseTo(xh * w[i] + b[i], within(1e-12));
        double e = rs / n * (n * gy[r * n + i] * w[i] - s1 - xh * s2);
        assertThat(gx[r * n + i]).isCloseTo(e, within(1e-12));
      }
    }
    assertThat(gw).containsExactly(egw, within(1e-12));
    assertThat(gb).containsExactly(egb, within(1e-12));
  }

  @Test
  void vectorAgreesWithPlain() {
    Rng rng = new Rng(5);
    int l = Lanes.L;
    int[][] cases = {
      {1, 1}, {3, l - 1}, {2, l}, {4, l + 1}, {5, 2 * l + 3}, {0, 8}, {1, 128}, {512, 128}, {33, 3}
    };
    for (int[] c : cases) {
      int rows = c[0], n = c[1];
      for (int affine = 0; affine < 2; affine++) {
        float[] x = random(rng, rows * n, 3, 2), gy = random(rng, rows * n, 1, 0);
        float[] w = affine == 0 ? null : random(rng, n, 1, 1);
        float[] b = affine == 0 ? null : random(rng, n, 1, 0);
        float[] y1 = new float[rows * n], y2 = new float[rows * n];
        float[] m1 = new float[rows],
            m2 = new float[rows],
            r1 = new float[rows],
            r2 = new float[rows];
        plain.layerNorm(x, w, b, y1, m1, r1, rows, n, 1e-5);
        vector.layerNorm(x, w, b, y2, m2, r2, rows, n, 1e-5);
        float[] gx1 = new float[rows * n], gx2 = new float[rows * n];
        float[] gw1 = affine == 0 ? null : new float[n], gw2 = affine == 0 ? null : new float[n];
        float[] gb1 = new float[n], gb2 = new float[n];
        plain.layerNormBackward(x, w, m1, r1, gy, gx1, gw1, gb1, rows, n);
        vector.layerNormBackward(x, w, m2, r2, gy, gx2, gw2, gb2, rows, n);
        String at = "rows=" + rows + " n=" + n + " affine=" + affine;
        double tol = 2e-5 * Math.sqrt(n + 1);
        assertClose(y2, y1, tol * 4, at + " y");
        assertClose(m2, m1, tol, at + " mean");
        assertClose(r2, r1, tol, at + " rstd");
        assertClose(gx2, gx1, tol * 10, at + " gx");
        assertClose(gb2, gb1, tol * Math.sqrt(rows + 1), at + " gb");
        if (gw1 != null) {
          assertClose(gw2, gw1, tol * 4 * Math.sqrt(rows + 1), at + " gw");
        }
      }
    }
  }

  private static void assertClose(float[] actual, float[] expected, double tol, String what) {
    for (int i = 0; i < actual.length; i++) {
      double scale = Math.max(1, Math.abs(expected[i]));
      assertThat((double) actual[i])
          .as(what + " [" + i + "]")
          .isCloseTo(expected[i], within(tol * scale));
    }
  }
}
