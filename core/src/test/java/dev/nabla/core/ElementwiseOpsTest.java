package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Forward values of the elementwise ops, comparisons and casts, against values worked out by hand,
 * and {@link OpCheck} of the arithmetic and unary ops against {@link Math} (values in both dtypes
 * and kernel sets, gradients). Broadcasting itself is covered by {@link BroadcastingTest},
 * gradients by {@link ElementwiseGradientTest}.
 */
class ElementwiseOpsTest {

  // ---------------------------------------------------------------- binary arithmetic

  @Test
  void addingAFloatScalarAddsItToEveryElementAndKeepsFloat32() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    Tensor y = x.add(1f);

    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.shape()).containsExactly(2, 3);
    assertThat(y.toFloatArray()).containsExactly(2, 3, 4, 5, 6, 7);
    assertThat(x.toFloatArray()).as("the input is unchanged").containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void float64ArithmeticOfSameShapeTensorsMatchesHandComputedValues() {
    Tensor a = Tensor.of(new double[] {1, -2, 3.5, 4}, 2, 2);
    Tensor b = Tensor.of(new double[] {2, 4, -0.5, 8}, 2, 2);

    assertThat(a.add(b).toDoubleArray()).containsExactly(3, 2, 3, 12);
    assertThat(a.sub(b).toDoubleArray()).containsExactly(-1, -6, 4, -4);
    assertThat(a.mul(b).toDoubleArray()).containsExactly(2, -8, -1.75, 32);
    assertThat(a.div(b).toDoubleArray()).containsExactly(0.5, -0.5, -7, 0.5);
    assertThat(a.maximum(b).toDoubleArray()).containsExactly(2, 4, 3.5, 8);
    assertThat(a.minimum(b).toDoubleArray()).containsExactly(1, -2, -0.5, 4);
    assertThat(a.add(b).dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void float32ArithmeticOfSameShapeTensorsMatchesHandComputedValues() {
    Tensor a = Tensor.of(new float[] {1, -2, 3.5f, 4}, 4);
    Tensor b = Tensor.of(new float[] {2, 4, -0.5f, 8}, 4);

    assertThat(a.add(b).toFloatArray()).containsExactly(3, 2, 3, 12);
    assertThat(a.sub(b).toFloatArray()).containsExactly(-1, -6, 4, -4);
    assertThat(a.mul(b).toFloatArray()).containsExactly(2, -8, -1.75f, 32);
    assertThat(a.div(b).toFloatArray()).containsExactly(0.5f, -0.5f, -7, 0.5f);
    assertThat(a.maximum(b).toFloatArray()).containsExactly(2, 4, 3.5f, 8);
    assertThat(a.minimum(b).toFloatArray()).containsExactly(1, -2, -0.5f, 4);
    assertThat(a.add(b).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void powRaisesEachElementToTheMatchingExponent() {
    Tensor a64 = Tensor.of(new double[] {2, 9, 4, 0.25, 0}, 5);
    Tensor b64 = Tensor.of(new double[] {3, 0.5, -1, 2, 0}, 5);
    Tensor a32 = Tensor.of(new float[] {2, 9, 4, 0.25f, 0}, 5);
    Tensor b32 = Tensor.of(new float[] {3, 0.5f, -1, 2, 0}, 5);

    assertThat(a64.pow(b64).toDoubleArray()).containsExactly(8, 3, 0.25, 0.0625, 1);
    assertThat(a32.pow(b32).toFloatArray()).containsExactly(8, 3, 0.25f, 0.0625f, 1);
  }

  @Test
  void powByScalarTwoSquaresNegativeValuesToo() {
    Tensor x64 = Tensor.of(new double[] {-3, -0.5, 0, 1.5}, 4);
    Tensor x32 = Tensor.of(new float[] {-3, -0.5f, 0, 1.5f}, 4);

    assertThat(x64.pow(2).toDoubleArray()).containsExactly(9, 0.25, 0, 2.25);
    assertThat(x32.pow(2).toFloatArray()).containsExactly(9, 0.25f, 0, 2.25f);
    assertThat(x64.pow(3).toDoubleArray()).containsExactly(-27, -0.125, 0, 3.375);
  }

  @Test
  void tensorOpScalarAppliesTheScalarOnTheRight() {
    Tensor x = Tensor.of(new double[] {1, 2, 4}, 3);

    assertThat(x.sub(1).toDoubleArray()).containsExactly(0, 1, 3);
    assertThat(x.mul(-2).toDoubleArray()).containsExactly(-2, -4, -8);
    assertThat(x.div(4).toDoubleArray()).containsExactly(0.25, 0.5, 1);
    assertThat(x.pow(0.5).toDoubleArray()).containsExactly(1, Math.sqrt(2), 2);
    assertThat(x.maximum(2).toDoubleArray()).containsExactly(2, 2, 4);
    assertThat(x.minimum(2).toDoubleArray()).containsExactly(1, 2, 2);
  }

  @Test
  void scalarOpTensorAppliesTheScalarOnTheLeft() {
    Tensor x64 = Tensor.of(new double[] {1, 2, 4}, 3);
    Tensor x32 = Tensor.of(new float[] {1, 2, 4}, 3);

    assertThat(Tensor.scalar(10.0).sub(x64).toDoubleArray()).containsExactly(9, 8, 6);
    assertThat(Tensor.scalar(8.0).div(x64).toDoubleArray()).containsExactly(8, 4, 2);
    assertThat(Tensor.scalar(3.0).pow(x64).toDoubleArray()).containsExactly(3, 9, 81);
    assertThat(Tensor.scalar(2.0).add(x64).toDoubleArray()).containsExactly(3, 4, 6);
    assertThat(Tensor.scalar(2.0).mul(x64).toDoubleArray()).containsExactly(2, 4, 8);
    assertThat(Tensor.scalar(2.0).maximum(x64).toDoubleArray()).containsExactly(2, 2, 4);
    assertThat(Tensor.scalar(2.0).minimum(x64).toDoubleArray()).containsExactly(1, 2, 2);
    assertThat(Tensor.scalar(10f).sub(x32).toFloatArray()).containsExactly(9, 8, 6);
    assertThat(Tensor.scalar(8f).div(x32).toFloatArray()).containsExactly(8, 4, 2);
    assertThat(Tensor.scalar(3f).pow(x32).toFloatArray()).containsExactly(3, 9, 81);
  }

  @Test
  void zeroDimensionalOperandsGiveAZeroDimensionalResult() {
    Tensor y = Tensor.scalar(2.0).mul(Tensor.scalar(3.5));

    assertThat(y.shape()).isEmpty();
    assertThat(y.item()).isEqualTo(7);
  }

  @Test
  void divisionByZeroFollowsIeee() {
    Tensor y = Tensor.of(new double[] {1, -1, 0}, 3).div(0);

    assertThat(y.toDoubleArray())
        .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN);
  }

  @Test
  void maximumAndMinimumPropagateNanFromEitherSideAsNumpy() {
    double nan = Double.NaN;
    Tensor a = Tensor.of(new double[] {1, nan, 3, nan}, 4);
    Tensor b = Tensor.of(new double[] {nan, 2, 1, nan}, 4);
    Tensor a32 = Tensor.of(new float[] {1, Float.NaN, 3}, 3);
    Tensor b32 = Tensor.of(new float[] {Float.NaN, 2, 1}, 3);

    assertThat(a.maximum(b).toDoubleArray()).containsExactly(nan, nan, 3, nan);
    assertThat(b.maximum(a).toDoubleArray()).containsExactly(nan, nan, 3, nan);
    assertThat(a.minimum(b).toDoubleArray()).containsExactly(nan, nan, 1, nan);
    assertThat(a32.maximum(b32).toFloatArray()).containsExactly(Float.NaN, Float.NaN, 3);
    assertThat(a32.minimum(b32).toFloatArray()).containsExactly(Float.NaN, Float.NaN, 1);
    assertThat(a.maximum(0).toDoubleArray()).containsExactly(1, nan, 3, nan);
    assertThat(Tensor.scalar(nan).minimum(b).toDoubleArray()).containsExactly(nan, nan, nan, nan);
  }

  // ---------------------------------------------------------------- OpCheck: values and gradients

  @Test
  void binaryOpsMatchJavaArithmeticWithBroadcastingInBothDtypesAndKernelSets() {
    OpCheck.binary("add", Tensor::add, (a, b) -> a + b).check();
    OpCheck.binary("sub", Tensor::sub, (a, b) -> a - b).check();
    OpCheck.binary("mul", Tensor::mul, (a, b) -> a * b).check();
    OpCheck.binary("div", Tensor::div, (a, b) -> a / b).awayFrom(0).check();
    OpCheck.binary("pow", Tensor::pow, Math::pow).domain(0.5, 2).check();
    OpCheck.binary("maximum", Tensor::maximum, Math::max).check();
    OpCheck.binary("minimum", Tensor::minimum, Math::min).check();
  }

  // The Vector API kernels compute exp and log with VectorMath's single-precision formulas and tanh
  // from its exp and a polynomial (measured within 1 ulp of the rounded value), sigmoid from its
  // e^-|x| with a float add and divide (within 2 ulps): OpCheck's default 2 ulps covers them.
  @Test
  void unaryOpsMatchJavaLangMathInBothDtypesAndKernelSets() {
    OpCheck.unary("neg", Tensor::neg, v -> -v).check();
    OpCheck.unary("exp", Tensor::exp, Math::exp).domain(-4, 4).check();
    OpCheck.unary("log", Tensor::log, Math::log).domain(0.01, 100).check();
    OpCheck.unary("sqrt", Tensor::sqrt, Math::sqrt).domain(0.01, 100).check();
    OpCheck.unary("abs", Tensor::abs, Math::abs).awayFrom(0).check();
    OpCheck.unary("tanh", Tensor::tanh, Math::tanh).domain(-4, 4).check();
    OpCheck.unary("sigmoid", Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v))).domain(-6, 6).check();
    OpCheck.unary("relu", Tensor::relu, v -> v > 0 ? v : 0).awayFrom(0).check();
    OpCheck.unary("leakyRelu", Tensor::leakyRelu, v -> v > 0 ? v : 0.01 * v).awayFrom(0).check();
    OpCheck.unary("leakyRelu(0.2)", t -> t.leakyRelu(0.2), v -> v > 0 ? v : 0.2 * v)
        .awayFrom(0)
        .check();
  }

  @Test
  void unaryOpsOfAZeroDimensionalTensorStayZeroDimensional() {
    Tensor y = Tensor.scalar(0.0).exp();

    assertThat(y.shape()).isEmpty();
    assertThat(y.item()).isEqualTo(1);
  }

  @Test
  void unaryOpsOfAnEmptyTensorGiveAnEmptyTensorOfTheSameShape() {
    Tensor y = Tensor.zeros(DType.FLOAT64, 0, 3).tanh();

    assertThat(y.shape()).containsExactly(0, 3);
    assertThat(y.size()).isZero();
  }

  @Test
  void sigmoidSaturatesWithoutNanAtExtremeInputs() {
    Tensor y64 = Tensor.of(new double[] {-1000, 1000}, 2).sigmoid();
    Tensor y32 = Tensor.of(new float[] {-1000, 1000}, 2).sigmoid();

    assertThat(y64.toDoubleArray()).containsExactly(0, 1);
    assertThat(y32.toFloatArray()).containsExactly(0, 1);
  }

  @Test
  void reluKeepsNanAndMapsNegativeZeroToZero() {
    Tensor y = Tensor.of(new double[] {-1, -0.0, 2, Double.NaN}, 4).relu();

    assertThat(y.toDoubleArray()).containsExactly(0, 0, 2, Double.NaN);
    assertThat(Double.doubleToRawLongBits(y.toDoubleArray()[1])).isZero();
  }

  @Test
  void logAndSqrtOutsideTheirDomainGiveNanOrInfinityAsJava() {
    Tensor x = Tensor.of(new double[] {-1, 0}, 2);

    assertThat(x.log().toDoubleArray()).containsExactly(Double.NaN, Double.NEGATIVE_INFINITY);
    assertThat(x.sqrt().toDoubleArray()).containsExactly(Double.NaN, 0);
  }

  // ---------------------------------------------------------------- INT32

  @Test
  void int32ArithmeticStaysInt32() {
    Tensor a = Tensor.of(new int[] {1, -2, 3, 7}, 4);
    Tensor b = Tensor.of(new int[] {4, 5, -6, 7}, 4);

    assertThat(a.add(b).dtype()).isEqualTo(DType.INT32);
    assertThat(a.add(b).toIntArray()).containsExactly(5, 3, -3, 14);
    assertThat(a.sub(b).toIntArray()).containsExactly(-3, -7, 9, 0);
    assertThat(a.mul(b).toIntArray()).containsExactly(4, -10, -18, 49);
    assertThat(a.maximum(b).toIntArray()).containsExactly(4, 5, 3, 7);
    assertThat(a.minimum(b).toIntArray()).containsExactly(1, -2, -6, 7);
    assertThat(a.neg().toIntArray()).containsExactly(-1, 2, -3, -7);
    assertThat(a.abs().toIntArray()).containsExactly(1, 2, 3, 7);
    assertThat(a.relu().toIntArray()).containsExactly(1, 0, 3, 7);
    assertThat(a.add(10).toIntArray()).containsExactly(11, 8, 13, 17);
    assertThat(Tensor.scalar(DType.INT32, 10).sub(a).toIntArray()).containsExactly(9, 12, 7, 3);
  }

  @Test
  void int32ArithmeticWrapsOnOverflowAsJavaAndNumpy() {
    Tensor x = Tensor.of(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE}, 2);

    assertThat(x.add(1).toIntArray()).containsExactly(Integer.MIN_VALUE, Integer.MIN_VALUE + 1);
    assertThat(x.neg().toIntArray()).containsExactly(-Integer.MAX_VALUE, Integer.MIN_VALUE);
  }

  @Test
  void comparisonResultsCanBeConvertedAndAddedOrSummedToCountMatches() {
    Tensor predicted = Tensor.of(new int[] {0, 2, 1, 1}, 4);
    Tensor labels = Tensor.of(new int[] {0, 1, 1, 2}, 4);
    Tensor other = Tensor.of(new int[] {0, 2, 0, 2}, 4);

    Tensor votes = predicted.eq(labels).to(DType.INT32).add(other.eq(labels).to(DType.INT32));
    Tensor count = predicted.eq(labels).sum();

    assertThat(votes.dtype()).isEqualTo(DType.INT32);
    assertThat(votes.toIntArray()).containsExactly(2, 0, 1, 1);
    // torch.sum of a bool tensor counts the true values, as int64
    assertThat(count.dtype()).isEqualTo(DType.INT64);
    assertThat(count.item()).isEqualTo(2.0);
    assertThatThrownBy(() -> predicted.eq(labels).add(other.eq(labels)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add: expected FLOAT32, FLOAT64, INT32 or INT64 tensors, got BOOL");
  }

  // ---------------------------------------------------------------- comparisons

  @Test
  void comparisonsOfFloat64GiveBooleans() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor b = Tensor.of(new double[] {2, 2, 2}, 3);

    assertThat(a.eq(b).dtype()).isEqualTo(DType.BOOL);
    assertThat(a.eq(b).toBooleanArray()).containsExactly(false, true, false);
    assertThat(a.ne(b).toBooleanArray()).containsExactly(true, false, true);
    assertThat(a.eq(b).toIntArray()).containsExactly(0, 1, 0);
    assertThat(a.gt(b).toIntArray()).containsExactly(0, 0, 1);
    assertThat(a.ge(b).toIntArray()).containsExactly(0, 1, 1);
    assertThat(a.lt(b).toIntArray()).containsExactly(1, 0, 0);
    assertThat(a.le(b).toIntArray()).containsExactly(1, 1, 0);
  }

  @Test
  void comparisonsOfFloat32AndInt32GiveInt32OnesAndZeros() {
    Tensor f = Tensor.of(new float[] {1, 2, 3}, 3);
    Tensor i = Tensor.of(new int[] {1, 2, 3}, 3);

    assertThat(f.gt(2).toIntArray()).containsExactly(0, 0, 1);
    assertThat(f.eq(Tensor.of(new float[] {1, 0, 3}, 3)).toIntArray()).containsExactly(1, 0, 1);
    assertThat(i.lt(2).toIntArray()).containsExactly(1, 0, 0);
    assertThat(i.le(Tensor.of(new int[] {0, 2, 4}, 3)).toIntArray()).containsExactly(0, 1, 1);
    assertThat(i.ge(Tensor.of(new int[] {0, 2, 4}, 3)).toIntArray()).containsExactly(1, 1, 0);
  }

  @Test
  void comparisonWithAScalarOnTheLeftComparesInThatOrder() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor two = Tensor.scalar(2.0);

    assertThat(two.gt(x).toIntArray()).containsExactly(1, 0, 0);
    assertThat(two.ge(x).toIntArray()).containsExactly(1, 1, 0);
    assertThat(two.lt(x).toIntArray()).containsExactly(0, 0, 1);
    assertThat(two.le(x).toIntArray()).containsExactly(0, 1, 1);
    assertThat(two.eq(x).toIntArray()).containsExactly(0, 1, 0);
    assertThat(two.ne(x).toIntArray()).containsExactly(1, 0, 1);
  }

  @Test
  void everyComparisonWithNanIsFalseButNe() {
    Tensor a = Tensor.of(new double[] {Double.NaN, 1}, 2);
    Tensor b = Tensor.of(new double[] {Double.NaN, Double.NaN}, 2);

    assertThat(a.eq(b).toIntArray()).containsExactly(0, 0);
    assertThat(a.gt(b).toIntArray()).containsExactly(0, 0);
    assertThat(a.ge(b).toIntArray()).containsExactly(0, 0);
    assertThat(a.lt(b).toIntArray()).containsExactly(0, 0);
    assertThat(a.le(b).toIntArray()).containsExactly(0, 0);
    assertThat(a.ne(b).toBooleanArray()).containsExactly(true, true);
  }

  @Test
  void comparingTensorsThatRequireGradGivesABoolResultOutsideTheGraph() {
    Tensor x = Tensor.of(new double[] {-1, 1}, 2).requiresGrad(true);

    Tensor positive = x.gt(0);

    assertThat(positive.requiresGrad()).isFalse();
    assertThat(positive.gradFn()).isNull();
    assertThat(positive.toIntArray()).containsExactly(0, 1);
  }

  // ---------------------------------------------------------------- casts

  @Test
  void castBetweenFloat32AndFloat64WidensExactlyAndRoundsToNearest() {
    Tensor f = Tensor.of(new float[] {0.1f, -2.5f}, 2);
    Tensor d = Tensor.of(new double[] {0.1, 1e300}, 2);

    Tensor widened = f.to(DType.FLOAT64);
    Tensor narrowed = d.to(DType.FLOAT32);

    assertThat(widened.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(widened.toDoubleArray()).containsExactly((double) 0.1f, -2.5);
    assertThat(narrowed.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(narrowed.toFloatArray()).containsExactly(0.1f, Float.POSITIVE_INFINITY);
  }

  @Test
  void castFromFloatToInt32TruncatesTowardZeroAsJava() {
    Tensor d = Tensor.of(new double[] {2.7, -2.7, -0.5, Double.NaN, 1e10, -1e10}, 6);
    Tensor f = Tensor.of(new float[] {2.7f, -2.7f, 3e9f}, 3);

    assertThat(d.to(DType.INT32).dtype()).isEqualTo(DType.INT32);
    assertThat(d.to(DType.INT32).toIntArray())
        .containsExactly(2, -2, 0, 0, Integer.MAX_VALUE, Integer.MIN_VALUE);
    assertThat(f.to(DType.INT32).toIntArray()).containsExactly(2, -2, Integer.MAX_VALUE);
  }

  @Test
  void castFromInt32ToFloatConvertsEachValue() {
    Tensor i = Tensor.of(new int[] {-3, 0, 16_777_217}, 3);

    assertThat(i.to(DType.FLOAT64).toDoubleArray()).containsExactly(-3, 0, 16_777_217);
    // 2^24 + 1 is not a float: it rounds to the nearest one, 2^24.
    assertThat(i.to(DType.FLOAT32).toFloatArray()).containsExactly(-3, 0, 16_777_216);
    assertThat(i.to(DType.FLOAT32).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void castKeepsTheShape() {
    Tensor y = Tensor.zeros(DType.INT32, 2, 0, 3).to(DType.FLOAT32);

    assertThat(y.shape()).containsExactly(2, 0, 3);
    assertThat(Tensor.scalar(1.5).to(DType.FLOAT32).shape()).isEmpty();
  }

  @Test
  void castingAFloatTensorThatRequiresGradToInt32LeavesTheGraph() {
    Tensor x = Tensor.of(new double[] {1.5, -1.5}, 2).requiresGrad(true);

    Tensor y = x.to(DType.INT32);

    assertThat(y.requiresGrad()).isFalse();
    assertThat(y.toIntArray()).containsExactly(1, -1);
  }
}
