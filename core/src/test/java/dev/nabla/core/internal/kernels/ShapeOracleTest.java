package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.TestRng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API reductions against the plain ones on random shapes and axes (the vector path takes
 * trailing-axis reductions, the rest falls through): max agrees exactly, NaN and signed zeros
 * included; a float sum agrees within 1e-6 of the magnitude summed (both accumulate in double, in
 * different orders).
 */
class ShapeOracleTest {
  private final ShapeKernels plain = Kernels.plainShape();
  private final ShapeKernels vector = Kernels.vectorShape();

  @Test
  void sumAndMaxAgreeOnRandomShapesAndAxes() {
    Rng rng = new Rng(5);
    for (int trial = 0; trial < 300; trial++) {
      int rank = 1 + TestRng.nextInt(rng, 4);
      int[] shape = new int[rank];
      long count = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] =
            TestRng.nextInt(rng, 10) == 0
                ? 1
                : 1 + TestRng.nextInt(rng, trial % 50 == 0 ? 3000 : 40);
        count *= shape[d];
      }
      if (count > 2_000_000) {
        continue;
      }
      int n = (int) count;
      List<Integer> ax = new ArrayList<>();
      boolean trailing = TestRng.nextInt(rng, 2) == 0;
      int from = TestRng.nextInt(rng, rank);
      for (int d = 0; d < rank; d++) {
        if (trailing ? d >= from : TestRng.nextInt(rng, 2) == 0) {
          ax.add(d);
        }
      }
      int[] axes = ax.stream().mapToInt(Integer::intValue).toArray();
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        int r = TestRng.nextInt(rng, 1000);
        x[i] =
            r == 0
                ? Float.NaN
                : r == 1 ? -0.0f : r == 2 ? 0.0f : (float) (rng.nextGaussian() * 100);
      }
      int outN = 1;
      for (int d = 0; d < rank; d++) {
        outN *= ax.contains(d) ? 1 : shape[d];
      }
      float[] m1 = new float[outN], m2 = new float[outN];
      plain.max(x, shape, axes, m1);
      vector.max(x, shape, axes, m2);
      for (int i = 0; i < outN; i++) {
        assertThat(Float.floatToIntBits(m2[i]))
            .as("max %s axes %s [%d]", java.util.Arrays.toString(shape), ax, i)
            .isEqualTo(Float.floatToIntBits(m1[i]));
      }
      for (int i = 0; i < n; i++) {
        if (Float.isNaN(x[i])) {
          x[i] = 1;
        }
      }
      float[] s1 = new float[outN], s2 = new float[outN];
      plain.sum(x, shape, axes, s1);
      vector.sum(x, shape, axes, s2);
      double magnitude = 0;
      for (float v : x) {
        magnitude += Math.abs(v);
      }
      for (int i = 0; i < outN; i++) {
        assertThat((double) s2[i])
            .as("sum %s axes %s [%d]", java.util.Arrays.toString(shape), ax, i)
            .isCloseTo(s1[i], within(1e-6 * magnitude + 1e-3));
      }
    }
  }

  @Test
  void floatSumOfTenMillionOnesIsExact() {
    float[] ones = new float[10_000_000];
    java.util.Arrays.fill(ones, 1f);
    float[] out = new float[1];
    vector.sum(ones, new int[] {ones.length}, new int[] {0}, out);
    assertThat(out[0]).isEqualTo(1e7f);
  }
}
