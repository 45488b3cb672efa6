package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static dev.nabla.core.GradAssert.uniform64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of the elementwise ops beyond {@link OpCheck}'s finite differences (which cover same,
 * broadcast, 0-d and size-1 shapes in {@link ElementwiseOpsTest}): scalar operands, inputs used
 * twice, and the conventions at the kinks (ties of maximum and minimum, relu and abs at 0) pinned
 * down by hand.
 */
class ElementwiseGradientTest {

  /** Values uniform in [0.2, 2) with alternating signs: away from 0, where abs and relu kink. */
  private static Tensor awayFromZero(long seed, int... shape) {
    double[] v = uniform64(seed, 0.2, 2, shape).toDoubleArray();
    for (int i = 1; i < v.length; i += 2) {
      v[i] = -v[i];
    }
    return Tensor.of(v, shape);
  }

  // ---------------------------------------------------------------- binary (same-shape and
  // broadcast
  // finite differences are in ElementwiseOpsTest, through OpCheck)

  @Test
  void scalarOperandsOfEveryBinaryOpPassTheGradientThrough() {
    Tensor x = uniform64(15, 0.5, 2, 2, 3);

    assertGradients(in -> in[0].add(3).sub(1).mul(2).div(4), x);
    assertGradients(in -> Tensor.scalar(2.0).sub(in[0]), x);
    assertGradients(in -> Tensor.scalar(2.0).div(in[0]), x);
    assertGradients(in -> Tensor.scalar(2.0).pow(in[0]), x);
    assertGradients(in -> in[0].pow(1.5), x);
    assertGradients(in -> in[0].maximum(1.25).add(in[0].minimum(0.75)), x);
  }

  @Test
  void powByAConstantHasAFiniteGradientAtNegativeBases() {
    assertGradients(in -> in[0].pow(2), randn64(16, 2, 3));
    assertGradients(in -> in[0].pow(3), awayFromZero(17, 4));

    Tensor x = Tensor.of(new double[] {-3, -0.5, 2}, 3).requiresGrad(true);
    x.pow(2).backward(Tensor.ones(DType.FLOAT64, 3));

    assertThat(x.grad().toDoubleArray()).containsExactly(-6, -1, 4);
  }

  @Test
  void powHasAZeroExponentGradientAtAZeroBase() {
    Tensor a = Tensor.of(new double[] {0, 0, 2}, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {2, 0, 3}, 3).requiresGrad(true);

    a.pow(b).backward(Tensor.ones(DType.FLOAT64, 3));

    assertThat(b.grad().toDoubleArray()).containsExactly(0, 0, 8 * Math.log(2));
    assertThat(a.grad().toDoubleArray()).containsExactly(0, 0, 12);
  }

  @Test
  void anInputUsedTwiceAccumulatesBothGradients() {
    assertGradients(in -> in[0].mul(in[0]).add(in[0]), randn64(18, 3));
    assertGradients(in -> in[0].div(in[0].exp()).sub(in[0].tanh()), randn64(19, 2, 2));
  }

  // ---------------------------------------------------------------- unary (finite differences over
  // 0-d, size-1 and larger shapes are in ElementwiseOpsTest, through OpCheck)

  @Test
  void aChainOfElementwiseOpsHasTheGradientOfItsComposition() {
    assertGradients(
        in -> in[0].mul(in[1]).tanh().add(in[2].sigmoid()).exp().sub(in[1].abs().sqrt()),
        randn64(30, 2, 3),
        awayFromZero(31, 3),
        randn64(32, 2, 1));
  }

  // ---------------------------------------------------------------- conventions at kinks

  @Test
  void maximumSplitsTheGradientEvenlyBetweenTiedInputs() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, 0, 5}, 3).requiresGrad(true);

    a.maximum(b).backward(Tensor.of(new double[] {2, 2, 2}, 3));

    assertThat(a.grad().toDoubleArray()).containsExactly(1, 2, 0);
    assertThat(b.grad().toDoubleArray()).containsExactly(1, 0, 2);
  }

  @Test
  void minimumSplitsTheGradientEvenlyBetweenTiedInputs() {
    Tensor a = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {1, 0, 5}, 3).requiresGrad(true);

    a.minimum(b).backward(Tensor.ones(3));

    assertThat(a.grad().toFloatArray()).containsExactly(0.5f, 0, 1);
    assertThat(b.grad().toFloatArray()).containsExactly(0.5f, 1, 0);
  }

  @Test
  void maximumWithABroadcastScalarSumsItsShareOfEveryElement() {
    Tensor x = Tensor.of(new double[] {2, 2, 1, 3}, 4).requiresGrad(true);
    Tensor s = Tensor.scalar(2.0).requiresGrad(true);

    x.maximum(s).backward(Tensor.ones(DType.FLOAT64, 4));

    assertThat(x.grad().toDoubleArray()).containsExactly(0.5, 0.5, 0, 1);
    assertThat(s.grad().shape()).isEmpty();
    assertThat(s.grad().item()).isEqualTo(2);
  }

  @Test
  void maximumSendsTheGradientToANanInputAsTheForwardPicksIt() {
    Tensor a = Tensor.of(new double[] {Double.NaN, 1}, 2).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, Double.NaN}, 2).requiresGrad(true);

    a.maximum(b).backward(Tensor.ones(DType.FLOAT64, 2));

    assertThat(a.grad().toDoubleArray()).containsExactly(1, 0);
    assertThat(b.grad().toDoubleArray()).containsExactly(0, 1);
  }

  @Test
  void reluAndAbsHaveZeroGradientAtExactlyZero() {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor x = Tensor.of(new double[] {-1, 0, 2}, 3).to(dtype).requiresGrad(true);
      x.relu().backward(Tensor.ones(dtype, 3));
      assertThat(x.grad().toDoubleArray()).as("relu %s", dtype).containsExactly(0, 0, 1);

      x.zeroGrad();
      x.abs().backward(Tensor.ones(dtype, 3));
      assertThat(x.grad().toDoubleArray()).as("abs %s", dtype).containsExactly(-1, 0, 1);
    }
  }

  @Test
  void leakyReluHasTheSlopeAsGradientAtZeroAndBelow() {
    Tensor x = Tensor.of(new double[] {-1, 0, 2}, 3).requiresGrad(true);

    x.leakyRelu(0.25).backward(Tensor.ones(DType.FLOAT64, 3));

    assertThat(x.grad().toDoubleArray()).containsExactly(0.25, 0.25, 1);
  }

  // ---------------------------------------------------------------- FLOAT32 backward kernels

  private static Arguments derivative(
      String name, UnaryOperator<Tensor> op, DoubleUnaryOperator dfdx, double[] values) {
    return Arguments.of(name, op, dfdx, values);
  }

  static Stream<Arguments> derivatives() {
    double[] any = {-2.5, -0.75, 0.3, 1.25, 3};
    double[] positive = {0.1, 0.5, 1, 2.5, 9};
    return Stream.of(
        derivative("neg", Tensor::neg, v -> -1, any),
        derivative("exp", Tensor::exp, Math::exp, any),
        derivative("log", Tensor::log, v -> 1 / v, positive),
        derivative("sqrt", Tensor::sqrt, v -> 0.5 / Math.sqrt(v), positive),
        derivative("abs", Tensor::abs, Math::signum, any),
        derivative("tanh", Tensor::tanh, v -> 1 - Math.tanh(v) * Math.tanh(v), any),
        derivative(
            "sigmoid", Tensor::sigmoid, v -> Math.exp(-v) / Math.pow(1 + Math.exp(-v), 2), any),
        derivative("relu", Tensor::relu, v -> v > 0 ? 1 : 0, any),
        derivative("leakyRelu(0.1)", t -> t.leakyRelu(0.1), v -> v > 0 ? 1 : 0.1, any),
        derivative("square", t -> t.pow(2), v -> 2 * v, any),
        derivative(
            "reciprocal", t -> Tensor.scalar(DType.FLOAT32, 1).div(t), v -> -1 / (v * v), any),
        derivative("maximum(x, 0.5)", t -> t.maximum(0.5), v -> v > 0.5 ? 1 : 0, any),
        derivative("minimum(x, 0.5)", t -> t.minimum(0.5), v -> v < 0.5 ? 1 : 0, any));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivatives")
  void float32GradientMatchesTheDerivativeWorkedOutByHand(
      String name, UnaryOperator<Tensor> op, DoubleUnaryOperator dfdx, double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    Tensor x = Tensor.of(f, f.length).requiresGrad(true);

    op.apply(x).backward(Tensor.ones(f.length));

    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
    float[] g = x.grad().toFloatArray();
    for (int i = 0; i < f.length; i++) {
      double expected = dfdx.applyAsDouble(f[i]);
      double tolerance = 1e-5 * Math.max(1, Math.abs(expected));
      assertThat((double) g[i]).as("%s'(%s)", name, f[i]).isCloseTo(expected, within(tolerance));
    }
  }

  // ---------------------------------------------------------------- casts

  @Test
  void castFromFloat32ToFloat64PassesTheGradientBackAsFloat32() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);

    Tensor y = x.to(DType.FLOAT64).mul(Tensor.of(new double[] {0.5, -2, 4}, 3));
    y.backward(Tensor.ones(DType.FLOAT64, 3));

    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(x.grad().toFloatArray()).containsExactly(0.5f, -2, 4);
  }

  @Test
  void castFromFloat64ToFloat32PassesTheGradientBackAsFloat64() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);

    x.to(DType.FLOAT32).mul(3f).backward(Tensor.ones(2));

    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(x.grad().toDoubleArray()).containsExactly(3, 3);
  }

  @Test
  void castRoundTripThroughFloat32MatchesFiniteDifferencesAtFloat32Precision() {
    // The FLOAT32 leg rounds the function to ~1e-7, so the central difference needs a step far
    // larger than the default 1e-6 and tolerances at float precision.
    GradCheck.Result r =
        GradCheck.check(
            in -> in[0].to(DType.FLOAT32).tanh().mul(2f).to(DType.FLOAT64).mul(in[0]),
            1e-3,
            1e-3,
            1e-3,
            randn64(33, 2, 3));

    assertThat(r.passed()).as(r.toString()).isTrue();
  }
}
