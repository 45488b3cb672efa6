package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.TestRng;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Max pooling's unrolled 2x2 path and its parallel split against a direct definition, on inputs
 * with ties (small integers, and -0.0 beside 0.0) and NaNs: the first maximum wins, and the first
 * NaN beats everything.
 */
class PoolLoopsTest {

  @ParameterizedTest
  @CsvSource({
    "3, 6, 6, 2, 2, 0",
    "256, 26, 26, 2, 2, 0",
    "130, 11, 11, 2, 2, 0",
    "4, 7, 5, 3, 2, 1",
    "200, 9, 9, 3, 3, 1"
  })
  void maxPoolMatchesDefinitionWithTiesAndNaNs(int planes, int h, int w, int k, int s, int p) {
    Pool2dGeometry g = new Pool2dGeometry(planes, h, w, k, s, p);
    Rng rng = new Rng(planes * 31L + h);
    float[] x = new float[planes * h * w];
    for (int i = 0; i < x.length; i++) {
      int r = TestRng.nextInt(rng, 100);
      x[i] = r == 0 ? Float.NaN : r < 15 ? -0.0f : TestRng.nextInt(rng, 5);
    }
    int n = planes * g.outH() * g.outW();
    float[] y = new float[n];
    int[] arg = new int[n];
    new PlainLinalgKernels().maxPool2d(g, x, y, arg);
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int oy = 0; oy < g.outH(); oy++) {
        for (int ox = 0; ox < g.outW(); ox++, out++) {
          int best = -1;
          for (int dy = 0; dy < k; dy++) {
            for (int dx = 0; dx < k; dx++) {
              int iy = oy * s - p + dy, ix = ox * s - p + dx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                continue;
              }
              int i = (pl * h + iy) * w + ix;
              if (best < 0) {
                best = i;
              } else if (!Float.isNaN(x[best]) && (Float.isNaN(x[i]) || x[i] > x[best])) {
                best = i;
              }
            }
          }
          assertThat(arg[out]).as("argmax at plane %d (%d, %d)", pl, oy, ox).isEqualTo(best);
          assertThat(Float.floatToIntBits(y[out])).isEqualTo(Float.floatToIntBits(x[best]));
        }
      }
    }
  }
}
