package dev.nabla.core;

import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sum, Max and Argmax: values against naive loops (floats through {@link OpCheck}), gradients, and
 * every error.
 */
class ReductionOpsTest {

  /** Shapes with the (non-negative) axes to reduce, covering size-1 dims and merged runs. */
  static Stream<Arguments> reductions() {
    return Stream.of(
        Arguments.of(new int[] {5}, new int[] {0}),
        Arguments.of(new int[] {2, 3}, new int[] {0}),
        Arguments.of(new int[] {2, 3}, new int[] {1}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 1, 2}),
        Arguments.of(new int[] {3, 1, 4, 1}, new int[] {1, 2}),
        Arguments.of(new int[] {3, 1, 4, 1}, new int[] {1}),
        Arguments.of(new int[] {2, 3, 2, 5, 3}, new int[] {0, 2, 4}),
        Arguments.of(new int[] {4, 300}, new int[] {1}),
        Arguments.of(new int[] {300, 3}, new int[] {0}));
  }

  private static int[] outShape(int[] shape, int[] axes, boolean keepDims) {
    if (keepDims) {
      return Naive.keepDims(shape, axes);
    }
    return java.util.stream.IntStream.range(0, shape.length)
        .filter(i -> Arrays.stream(axes).noneMatch(a -> a == i))
        .map(i -> shape[i])
        .toArray();
  }

  // ---------------------------------------------------------------- sum

  @Test
  void sumAndMaxOverAxesMatchNaiveLoopsInBothFloatDtypesAndKernelSetsWithGradients() {
    reductions()
        .forEach(
            args -> {
              int[] shape = (int[]) args.get()[0];
              int[] axes = (int[]) args.get()[1];
              for (boolean keep : new boolean[] {false, true}) {
                int[] out = outShape(shape, axes, keep);
                String how = Arrays.toString(axes) + ", keepDim=" + keep + ")";
                OpCheck.of(
                        "sum(" + how,
                        in -> in[0].sum(axes, keep),
                        in -> new OpCheck.Array(out, Naive.sum(in[0].values(), shape, axes)))
                    .shapes(shape)
                    .ulps(8, 64)
                    .check(); // the kernels add in another order than the naive loop
                OpCheck.of(
                        "max(" + how,
                        in -> in[0].max(axes, keep),
                        in -> new OpCheck.Array(out, Naive.max(in[0].values(), shape, axes)))
                    .shapes(shape)
                    .check();
              }
            });
    // 0-d, a negative axis, no axes at all
    OpCheck.of(
            "sum()",
            in -> in[0].sum(),
            in -> new OpCheck.Array(new int[0], new double[] {Arrays.stream(in[0].values()).sum()}))
        .shapeCases(new int[][] {{}}, new int[][] {{2, 3}})
        .check();
    OpCheck.of("sum(-1)", in -> in[0].sum(-1), in -> in[0].reduce(2, false, Double::sum))
        .shapes(new int[] {3, 1, 2})
        .check();
    OpCheck.of("sum([], false)", in -> in[0].sum(new int[0], false), in -> in[0])
        .shapes(new int[] {2, 2})
        .check();
    OpCheck.of(
            "max(-1, false)", in -> in[0].max(-1, false), in -> in[0].reduce(1, false, Math::max))
        .shapes(new int[] {4, 1})
        .check();
    OpCheck.of("max()", in -> in[0].max(), in -> in[0]).shapes(new int[0]).check();
  }

  @ParameterizedTest
  @MethodSource("reductions")
  void int32SumOverAxesMatchesNaiveLoop(int[] shape, int[] axes) {
    Tensor xi = Tensor.of(Naive.iota(shape).toIntArray(), shape);
    double[] expectedInt = Naive.sum(xi.toDoubleArray(), shape, axes);
    Tensor yi = xi.sum(axes, false);
    assertThat(yi.dtype()).isEqualTo(DType.INT32);
    assertThat(yi.toDoubleArray()).containsExactly(expectedInt, within(0.0));
  }

  @Test
  void sumWithNoAxesSumsEverythingToA0dTensor() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor s = x.sum();
    assertThat(s.shape()).isEmpty();
    assertThat(s.item()).isEqualTo(21.0);
    Tensor kept = new dev.nabla.core.internal.ops.Sum(null, true).apply(x);
    assertThat(kept.shape()).containsExactly(1, 1);
    assertThat(kept.item()).isEqualTo(21.0);
  }

  @Test
  void sumAcceptsNegativeAxesAndTheIntAxisOverload() {
    Tensor x = Naive.iota(2, 3, 4);
    assertThat(x.sum(-1).toDoubleArray()).containsExactly(x.sum(2).toDoubleArray());
    assertThat(x.sum(new int[] {-3, -1}, false).toDoubleArray())
        .containsExactly(Naive.sum(x.toDoubleArray(), new int[] {2, 3, 4}, 0, 2));
    Tensor k = x.sum(1, true);
    assertThat(k.shape()).containsExactly(2, 1, 4);
    assertThat(k.toDoubleArray())
        .containsExactly(Naive.sum(x.toDoubleArray(), new int[] {2, 3, 4}, 1));
  }

  @Test
  void sumOfA0dTensorIsItself() {
    Tensor s = Tensor.scalar(2.5).sum();
    assertThat(s.shape()).isEmpty();
    assertThat(s.item()).isEqualTo(2.5);
  }

  @Test
  void sumOverAnEmptyAxesArrayReducesNothingAsNumPy() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor y = x.sum(new int[0], false);
    assertThat(y.shape()).containsExactly(2, 2);
    assertThat(y.toDoubleArray()).containsExactly(1, 2, 3, 4);
    assertThat(y).isNotSameAs(x);
  }

  @Test
  void sumOverAnEmptyDimensionIsZero() {
    Tensor x = Tensor.zeros(0, 3);
    assertThat(x.sum(0).shape()).containsExactly(3);
    assertThat(x.sum(0).toDoubleArray()).containsExactly(0, 0, 0);
    assertThat(x.sum(1).shape()).containsExactly(0);
    assertThat(x.sum().item()).isEqualTo(0.0);
    assertThat(Tensor.zeros(DType.INT32, 2, 0).sum(1).toIntArray()).containsExactly(0, 0);
  }

  @Test
  void float32SumOfTenMillionOnesIsExact() {
    assertThat(Tensor.ones(10_000_000).sum().item()).isEqualTo(1e7);
    // Reduced over a non-contiguous axis and over two separate axes (two passes).
    assertThat(Tensor.ones(10_000_000, 1).sum(0).item()).isEqualTo(1e7);
    Tensor twoPass = Tensor.ones(2000, 2, 2500).sum(0, 2);
    assertThat(twoPass.toDoubleArray()).containsExactly(5e6, 5e6);
  }

  @Test
  void float32SumAccumulatesBeyondFloatPrecision() {
    // In float, 2^24 + 1 rounds back to 2^24, so a float accumulator would never move.
    float[] v = new float[1001];
    Arrays.fill(v, 1f);
    v[0] = 16_777_216f;
    assertThat(Tensor.of(v, 1001).sum().item()).isEqualTo(16_778_216.0);
    assertThat(Tensor.of(v, 1001, 1).sum(0).item()).isEqualTo(16_778_216.0);
  }

  @Test
  void float64SumOfManySmallValuesStaysAccurate() {
    // 0.1 is inexact in binary; a naive running sum of a million of them is off by ~1e-6,
    // pairwise summation by ~1e-10.
    double[] v = new double[1_000_000];
    Arrays.fill(v, 0.1);
    double exact =
        new java.math.BigDecimal(0.1)
            .multiply(java.math.BigDecimal.valueOf(1_000_000))
            .doubleValue();
    assertThat(Tensor.of(v, v.length).sum().item()).isCloseTo(exact, within(1e-8));
  }

  @Test
  void int32SumThatDoesNotFitFailsInsteadOfWrapping() {
    Tensor x = Tensor.of(new int[] {Integer.MAX_VALUE, 1}, 2);
    assertThatThrownBy(x::sum)
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("the sum at output index 0 is 2147483648, outside INT32's range");
  }

  @Test
  void sumRejectsBadAxes() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.sum(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "sum: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> x.sum(0, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum: axis -2 is repeated in [0, -2]");
    assertThatThrownBy(() -> Tensor.scalar(1f).sum(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "sum: axis 0 is out of range for a tensor of shape [] (expected no axis: it is 0-d)");
  }

  // ---------------------------------------------------------------- max

  @ParameterizedTest
  @MethodSource("reductions")
  void int32MaxOverAxesMatchesNaiveLoop(int[] shape, int[] axes) {
    Tensor xi = Tensor.of(Naive.scaledInts(randn64(11, shape), 100), shape);
    Tensor yi = xi.max(axes, false);
    assertThat(yi.dtype()).isEqualTo(DType.INT32);
    assertThat(yi.toDoubleArray()).containsExactly(Naive.max(xi.toDoubleArray(), shape, axes));
  }

  @Test
  void maxOfAll0dAndOverloads() {
    Tensor x = Tensor.of(new float[] {3, -1, 7, 2, 9, -4}, 2, 3);
    assertThat(x.max().shape()).isEmpty();
    assertThat(x.max().item()).isEqualTo(9.0);
    assertThat(x.max(1).toDoubleArray()).containsExactly(7, 9);
    assertThat(x.max(-2).toDoubleArray()).containsExactly(3, 9, 7);
    assertThat(x.max(0, true).shape()).containsExactly(1, 3);
    assertThat(Tensor.scalar(-2.0).max().item()).isEqualTo(-2.0);
    assertThat(x.max(new int[0], false).toDoubleArray()).containsExactly(3, -1, 7, 2, 9, -4);
  }

  @Test
  void maxPropagatesNaNLikeNumpy() {
    Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, 4, 5, 6}, 2, 3);
    assertThat(x.max().item()).isNaN();
    double[] rows = x.max(1).toDoubleArray();
    assertThat(rows[0]).isNaN();
    assertThat(rows[1]).isEqualTo(6.0);
    double[] cols = x.max(0).toDoubleArray();
    assertThat(cols[0]).isEqualTo(4.0);
    assertThat(cols[1]).isNaN();
    assertThat(cols[2]).isEqualTo(6.0);
    Tensor f = Tensor.of(new float[] {Float.NaN, 1, 2}, 3);
    assertThat(f.max().item()).isNaN();
  }

  @Test
  void maxOfAllNegativeInfinityIsNegativeInfinity() {
    Tensor x = Tensor.full(DType.FLOAT64, Double.NEGATIVE_INFINITY, 3);
    assertThat(x.max().item()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void maxOverEmptyReductionIsAnErrorButAnEmptyOutputIsNot() {
    assertThatThrownBy(() -> Tensor.zeros(0, 3).max(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max: cannot take the maximum over no elements")
        .hasMessageContaining("[0, 3]");
    assertThatThrownBy(() -> Tensor.zeros(0).max())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max: cannot take the maximum over no elements");
    assertThat(Tensor.zeros(0, 3).max(1).shape()).containsExactly(0);
    assertThatThrownBy(() -> Tensor.zeros(2, 3).max(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max: axis 3 is out of range");
  }

  @Test
  void maxGradientIsSplitEvenlyAmongTies() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 2}, 4).requiresGrad(true);
    x.max().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 0.5, 0.5, 0);

    Tensor m = Tensor.of(new float[] {1, 5, 5, 2, 2, 0, 7, 7, 7}, 3, 3).requiresGrad(true);
    m.max(1).backward(Tensor.of(new float[] {1, 4, 3}, 3));
    assertThat(m.grad().toFloatArray()).containsExactly(0, 0.5f, 0.5f, 2, 2, 0, 1, 1, 1);
  }

  @Test
  void maxGradientOfANaNMaximumGoesToTheNaN() {
    Tensor x = Tensor.of(new double[] {1, Double.NaN, 3}, 3).requiresGrad(true);
    x.max().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 1, 0);
  }

  // ---------------------------------------------------------------- argmax

  @Test
  void argmaxReturnsTheFirstMaximumAlongAnAxis() {
    Tensor v = Tensor.of(new float[] {1, 3, 3, 2}, 4);
    Tensor a = v.argmax(0);
    assertThat(a.dtype()).isEqualTo(DType.INT32);
    assertThat(a.shape()).isEmpty();
    assertThat(a.intItem()).isEqualTo(1);

    Tensor m = Tensor.of(new double[] {1, 9, 9, 4, 2, 6}, 2, 3);
    assertThat(m.argmax(1).toIntArray()).containsExactly(1, 2);
    assertThat(m.argmax(-1).toIntArray()).containsExactly(1, 2);
    assertThat(m.argmax(0).toIntArray()).containsExactly(1, 0, 0);
    assertThat(Tensor.of(new int[] {5, 2, 5, 7, 7}, 5).argmax(0).intItem()).isEqualTo(3);
    // Columns [4, 7, 7] and [9, 9, 2]: ties go to the first.
    assertThat(Tensor.of(new int[] {4, 9, 7, 9, 7, 2}, 3, 2).argmax(0).toIntArray())
        .containsExactly(1, 0);
  }

  @Test
  void argmaxOverTheMiddleAxisMatchesNaiveLoop() {
    int[] shape = {3, 5, 4};
    Tensor x = randn64(31, shape);
    double[] v = x.toDoubleArray();
    int[] got = x.argmax(1).toIntArray();
    int[] got32 = Naive.f32(x).argmax(1).toIntArray();
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 4; k++) {
        int best = 0;
        for (int j = 1; j < 5; j++) {
          if (v[(i * 5 + j) * 4 + k] > v[(i * 5 + best) * 4 + k]) {
            best = j;
          }
        }
        assertThat(got[i * 4 + k]).isEqualTo(best);
        assertThat(got32[i * 4 + k]).isEqualTo(best);
      }
    }
  }

  @Test
  void argmaxPicksTheFirstNaNAsNumpy() {
    Tensor x = Tensor.of(new double[] {1, Double.NaN, 5, Double.NaN}, 4);
    assertThat(x.argmax(0).intItem()).isEqualTo(1);
    Tensor cols = Tensor.of(new float[] {1, 2, Float.NaN, 0, 3, Float.NaN}, 3, 2);
    assertThat(cols.argmax(0).toIntArray()).containsExactly(1, 2);
  }

  @Test
  void argmaxWithoutAxisIsTheFlatIndex() {
    Tensor m = Tensor.of(new double[] {1, 9, 3, 11, 2, 6}, 2, 3);
    Tensor a = m.argmax();
    assertThat(a.shape()).isEmpty();
    assertThat(a.intItem()).isEqualTo(3);
    assertThat(Tensor.scalar(4.0).argmax().intItem()).isEqualTo(0);
  }

  @Test
  void argmaxIsNotRecordedInTheGraph() {
    Tensor x = randn64(3, 2, 3).requiresGrad(true);
    Tensor a = x.argmax(1);
    assertThat(a.requiresGrad()).isFalse();
    assertThat(a.gradFn()).isNull();
  }

  @Test
  void argmaxRejectsEmptyAxesAndBadAxes() {
    assertThat(Tensor.zeros(3, 0).argmax(0).shape()).containsExactly(0);
    assertThatThrownBy(() -> Tensor.zeros(0, 3).argmax(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argmax: axis 0 of shape [0, 3] is empty");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).argmax(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "argmax: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> Tensor.scalar(1.0).argmax(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "argmax: axis 0 is out of range for a tensor of shape [] (expected no axis: it is 0-d)");
  }
}
