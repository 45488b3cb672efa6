package dev.nabla.onnx.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** The custom ops (MathOp, RowProd) and the integer arithmetic computed directly. */
class MathOpRowProdTest {

  /** Points inside every function's domain: (-1, 1), and above 1 for acosh. */
  static Tensor pointsFor(MathOp.Kind kind) {
    double[] v =
        kind == MathOp.Kind.ACOSH
            ? new double[] {1.1, 1.7, 2.4, 5.0}
            : new double[] {-0.83, -0.41, 0.13, 0.36, 0.71};
    return Tensor.of(v, v.length);
  }

  @Test
  void everyMathOpHasTheGradientOfFiniteDifferences() {
    for (MathOp.Kind kind : MathOp.Kind.values()) {
      GradCheck.Result r =
          GradCheck.check(t -> MathOp.apply(kind, t[0]).mul(t[0].add(2)).sum(), pointsFor(kind));
      assertThat(r.passed()).as(kind + ": " + r).isTrue();
    }
  }

  @Test
  void mathOpValuesMatchIndependentValues() {
    // closed forms: asinh(1) = ln(1 + sqrt 2), acosh(2) = ln(2 + sqrt 3), atanh(1/2) = ln(3) / 2
    assertThat(MathOp.value(MathOp.Kind.ASINH, 1))
        .isCloseTo(Math.log(1 + Math.sqrt(2)), within(1e-15));
    assertThat(MathOp.value(MathOp.Kind.ASINH, -1))
        .isCloseTo(-Math.log(1 + Math.sqrt(2)), within(1e-15));
    assertThat(MathOp.value(MathOp.Kind.ACOSH, 2))
        .isCloseTo(Math.log(2 + Math.sqrt(3)), within(1e-15));
    assertThat(MathOp.value(MathOp.Kind.ATANH, 0.5)).isCloseTo(Math.log(3) / 2, within(1e-15));
    // numpy.arcsinh(-1e5) = -12.206072645555174, arcsinh(1e-10) = 1e-10 (no cancellation)
    assertThat(MathOp.value(MathOp.Kind.ASINH, -1e5)).isCloseTo(-12.206072645555174, within(1e-12));
    assertThat(MathOp.value(MathOp.Kind.ASINH, 1e-10)).isCloseTo(1e-10, within(1e-24));
    assertThat(MathOp.value(MathOp.Kind.ACOSH, 0.5)).isNaN();
    assertThat(MathOp.value(MathOp.Kind.ATANH, 1)).isEqualTo(Double.POSITIVE_INFINITY);
    // softplus: ln 2 at 0, no overflow at 1000, e^-100 far left (numpy.logaddexp(0, -100))
    assertThat(MathOp.value(MathOp.Kind.SOFTPLUS, 0)).isCloseTo(Math.log(2), within(1e-15));
    assertThat(MathOp.value(MathOp.Kind.SOFTPLUS, 1000)).isEqualTo(1000);
    assertThat(MathOp.value(MathOp.Kind.SOFTPLUS, -100))
        .isCloseTo(3.720075976020836e-44, within(1e-57));
    // FLOAT32 in, FLOAT32 out, rounded once from double
    Tensor y = MathOp.apply(MathOp.Kind.TAN, Tensor.of(new float[] {0.5f}, 1));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.toFloatArray()[0]).isEqualTo((float) Math.tan(0.5f));
    assertThatThrownBy(() -> MathOp.apply(MathOp.Kind.ASIN, Tensor.of(new int[] {1}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asin")
        .hasMessageContaining("INT32");
  }

  @Test
  void reduceProdMatchesHandProductsAndItsGradientSurvivesZeros() {
    // [[1, 2, 3], [4, 0, 6]]: row products 6 and 0, column products [4, 0, 18]
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 0, 6}, 2, 3);
    assertThat(ReduceOps.prod(x, new int[] {1}, false).toDoubleArray()).containsExactly(6, 0);
    assertThat(ReduceOps.prod(x, new int[] {0}, true).shape()).containsExactly(1, 3);
    assertThat(ReduceOps.prod(x, new int[] {0}, true).toDoubleArray()).containsExactly(4, 0, 18);
    assertThat(ReduceOps.prod(x, null, false).shape()).isEmpty();
    assertThat(ReduceOps.prod(x, null, true).shape()).containsExactly(1, 1);
    // d prod(4, 0, 6) = (0 * 6, 4 * 6, 4 * 0) = (0, 24, 0): no 0/0 from dividing by the product
    Tensor row = Tensor.of(new double[] {4, 0, 6}, 1, 3).requiresGrad(true);
    ReduceOps.prod(row, new int[] {1}, false).sum().backward();
    assertThat(row.grad().toDoubleArray()).containsExactly(0, 24, 0);
    Tensor t =
        Tensor.of(new double[] {0.5, -1.5, 0, 2, 1.25, -0.75, 3, 0, 0.9, 1.1, -2, 0.3}, 2, 3, 2);
    for (int[] axes : new int[][] {{1}, {0, 2}, {2}, null}) {
      for (boolean keep : new boolean[] {false, true}) {
        GradCheck.Result r = GradCheck.check(in -> ReduceOps.prod(in[0], axes, keep).sum(), t);
        assertThat(r.passed())
            .as(java.util.Arrays.toString(axes) + " keep " + keep + ": " + r)
            .isTrue();
      }
    }
    // integers: exact, in their dtype
    Tensor ints = Tensor.of(new long[] {3, -2, 5, 7}, 2, 2);
    Tensor p = ReduceOps.prod(ints, new int[] {1}, false);
    assertThat(p.dtype()).isEqualTo(DType.INT64);
    assertThat(p.toLongArray()).containsExactly(-6, 35);
  }

  @Test
  void integerDivTruncatesAndPowKeepsTheBasesDType() {
    Tensor a = Tensor.of(new int[] {7, -7, 7, -7}, 4), b = Tensor.of(new int[] {2, 2, -2, -2}, 4);
    // C's and ONNX's integer division: toward zero
    assertThat(ElementwiseOps.div(a, b).toIntArray()).containsExactly(3, -3, -3, 3);
    assertThatThrownBy(() -> ElementwiseOps.div(a, Tensor.of(new int[] {0}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Div")
        .hasMessageContaining("zero");
    // int64 ^ int64 exactly (3^39 needs more than a double's 53 bits)
    Tensor p =
        ElementwiseOps.pow(
            Tensor.of(new long[] {3, -2, 5}, 3), Tensor.of(new long[] {39, 3, 0}, 3));
    assertThat(p.dtype()).isEqualTo(DType.INT64);
    assertThat(p.toLongArray()).containsExactly(4052555153018976267L, -8, 1);
    // int32 ^ float32 is int32, truncated: 2^0.5 = 1.41 -> 1, 3^2.5 = 15.59 -> 15
    Tensor q =
        ElementwiseOps.pow(Tensor.of(new int[] {2, 3}, 2), Tensor.of(new float[] {0.5f, 2.5f}, 2));
    assertThat(q.dtype()).isEqualTo(DType.INT32);
    assertThat(q.toIntArray()).containsExactly(1, 15);
    // float32 ^ int64 stays float32 and differentiable in the base
    Tensor x = Tensor.of(new float[] {1.5f, -2f}, 2).requiresGrad(true);
    Tensor y = ElementwiseOps.pow(x, Tensor.of(new long[] {3}, 1));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(y.toFloatArray()).containsExactly(3.375f, -8f);
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(6.75f, 12f);
    assertThatThrownBy(
            () -> ElementwiseOps.pow(Tensor.of(new int[] {2}, 1), Tensor.of(new int[] {-1}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative power");
  }

  @Test
  void floatModIsExactAndHasPyTorchsGradients() {
    Tensor a = Tensor.of(new double[] {5.3, -5.3, 2.2, -7.9}, 4);
    Tensor b = Tensor.of(new double[] {2, 2, -1.5, -3}, 4);
    // Python: math.fmod(5.3, 2) = 1.2999999999999998, 5.3 % 2 the same; -5.3 % 2 =
    // 0.7000000000000002
    assertThat(new ModOp(true).apply(a, b).toDoubleArray())
        .containsExactly(
            1.2999999999999998, -1.2999999999999998, 0.7000000000000002, -1.9000000000000004);
    assertThat(new ModOp(false).apply(a, b).toDoubleArray())
        .containsExactly(
            1.2999999999999998, 0.7000000000000002, -0.7999999999999998, -1.9000000000000004);
    for (boolean fmod : new boolean[] {false, true}) {
      GradCheck.Result r =
          GradCheck.check(t -> new ModOp(fmod).apply(t[0], t[1]).mul(t[0]).sum(), a, b);
      assertThat(r.passed()).as("fmod " + fmod + ": " + r).isTrue();
      // b broadcast: its gradient is summed over the rows
      GradCheck.Result s =
          GradCheck.check(
              t -> new ModOp(fmod).apply(t[0], t[1]).sum(),
              Tensor.of(new double[] {5.3, -5.3, 2.2, -7.9}, 2, 2),
              Tensor.of(new double[] {2.5}, 1));
      assertThat(s.passed()).as("fmod " + fmod + " broadcast: " + s).isTrue();
    }
  }
}
