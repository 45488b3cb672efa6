package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** min and argmin, which share Max's and Argmax's machinery with the comparison turned round. */
class MinTest {

  /** The reference minimum: minus the naive maximum of minus x (NaN still wins). */
  private static double[] naiveMin(double[] x, int[] shape, int... axes) {
    double[] neg = Arrays.stream(x).map(v -> -v).toArray();
    return Arrays.stream(Naive.max(neg, shape, axes)).map(v -> -v).toArray();
  }

  @Test
  void minOverAxesPassesOpCheck() {
    int[][][] cases = {
      {{5}, {0}},
      {{2, 3}, {1}},
      {{2, 3, 4}, {0, 2}},
      {{3, 1, 4, 1}, {1, 2}},
      {{4, 300}, {1}},
      {{300, 3}, {0}},
      {{2, 3, 4}, {0, 1, 2}}
    };
    for (int[][] c : cases) {
      int[] shape = c[0], axes = c[1];
      for (boolean keep : new boolean[] {false, true}) {
        int[] kept = Naive.keepDims(shape, axes);
        int[] out =
            keep
                ? kept
                : java.util.stream.IntStream.range(0, shape.length)
                    .filter(i -> Arrays.stream(axes).noneMatch(a -> a == i))
                    .map(i -> shape[i])
                    .toArray();
        OpCheck.of(
                "min(" + Arrays.toString(axes) + ", " + keep + ")",
                in -> in[0].min(axes, keep),
                in -> new OpCheck.Array(out, naiveMin(in[0].values(), shape, axes)))
            .shapes(shape)
            .check();
      }
    }
    OpCheck.of("min()", in -> in[0].min(), in -> in[0]).shapes(new int[0]).check();
    OpCheck.of(
            "min(-1, false)", in -> in[0].min(-1, false), in -> in[0].reduce(1, false, Math::min))
        .shapes(new int[] {4, 1})
        .check();
  }

  @Test
  void minOverloadsNaNAndTies() {
    Tensor x = Tensor.of(new float[] {3, -1, 7, 2, 9, -4}, 2, 3);
    assertThat(x.min().item()).isEqualTo(-4.0);
    assertThat(x.min().shape()).isEmpty();
    assertThat(x.min(1).toDoubleArray()).containsExactly(-1, -4);
    assertThat(x.min(-2).toDoubleArray()).containsExactly(2, -1, -4);
    assertThat(x.min(0, true).shape()).containsExactly(1, 3);
    assertThat(x.min(new int[] {0, 1}, true).shape()).containsExactly(1, 1);
    Tensor n = Tensor.of(new double[] {1, Double.NaN, -5}, 3);
    assertThat(n.min().item()).isNaN();
    // ties split the gradient evenly, as max
    Tensor t = Tensor.of(new double[] {2, 1, 1, 3}, 4).requiresGrad(true);
    t.min().backward();
    assertThat(t.grad().toDoubleArray()).containsExactly(0, 0.5, 0.5, 0);
  }

  @Test
  void minErrorsNameMin() {
    assertThatThrownBy(() -> Tensor.zeros(0, 3).min(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min: cannot take the minimum over no elements");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).min(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min: axis 3 is out of range");
  }

  @Test
  void argminReturnsTheFirstMinimumAndTheFirstNaN() {
    Tensor m = Tensor.of(new float[] {4, 1, 1, 0, 5, 0}, 2, 3);
    assertThat(m.argmin(1).toIntArray()).containsExactly(1, 0);
    assertThat(m.argmin(-1).toIntArray()).containsExactly(1, 0);
    assertThat(m.argmin(0).toIntArray()).containsExactly(1, 0, 1);
    assertThat(m.argmin().shape()).isEmpty();
    assertThat(m.argmin().intItem()).isEqualTo(3);
    assertThat(m.argmin().dtype()).isEqualTo(DType.INT32);
    assertThat(Tensor.scalar(4.0).argmin().intItem()).isEqualTo(0);
    // NaN wins, the first one (torch.argmin(tensor([1., nan, -3., nan])) -> 1)
    assertThat(Tensor.of(new double[] {1, Double.NaN, -3, Double.NaN}, 4).argmin().intItem())
        .isEqualTo(1);
    Tensor cols = Tensor.of(new double[] {1, 5, Double.NaN, 2, 0, Double.NaN}, 3, 2);
    assertThat(cols.argmin(0).toIntArray()).containsExactly(1, 2);
    assertThat(Tensor.of(new int[] {5, 2, 5, 2, 7}, 5).argmin(0).intItem()).isEqualTo(1);
    // longer than a vector register: against a naive scan
    Tensor r = Tensor.randn(9, 3, 50);
    float[] v = r.toFloatArray();
    int[] got = r.argmin(1).toIntArray();
    for (int row = 0; row < 3; row++) {
      int best = 0;
      for (int k = 1; k < 50; k++) {
        if (v[row * 50 + k] < v[row * 50 + best]) {
          best = k;
        }
      }
      assertThat(got[row]).isEqualTo(best);
    }
  }

  @Test
  void argminErrors() {
    assertThatThrownBy(() -> Tensor.zeros(0, 3).argmin(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argmin: axis 0 of shape [0, 3] is empty, so it has no minimum");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).argmin(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argmin: axis 2 is out of range");
  }

  @Test
  void minOfLongRowsKeepsNaNAndNegativeZeroOnTheVectorPath() {
    // rows of 300 reduce as contiguous runs, on the Vector API's MIN lanes when present
    double[] v = new double[600];
    for (int i = 0; i < v.length; i++) {
      v[i] = 1 + i % 7;
    }
    v[150] = Double.NaN;
    v[450] = -0.0;
    v[451] = 0.0;
    for (int i = 300; i < 600; i++) {
      v[i] = Math.abs(v[i]) == 0 ? v[i] : v[i] + 1;
    }
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      double[] m = Tensor.of(v, 2, 300).to(dt).min(1).toDoubleArray();
      assertThat(m[0]).isNaN();
      assertThat(Double.doubleToRawLongBits(m[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
  }
}
