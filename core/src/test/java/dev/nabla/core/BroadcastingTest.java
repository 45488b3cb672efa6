package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy's broadcasting rules, from the table in the NumPy docs ("General broadcasting rules"):
 * result shapes, values against a naive reference that maps every output index back to each operand
 * by index arithmetic, gradients reduced to the inputs' shapes, and the errors.
 */
class BroadcastingTest {

  // ---------------------------------------------------------------- naive reference

  /** {@code f(a[...], b[...])} for every output element, mapping its index back to each operand. */
  private static double[] naive(
      double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape, DoubleBinaryOperator f) {
    int n = 1;
    for (int d : outShape) {
      n *= d;
    }
    double[] out = new double[n];
    int[] index = new int[outShape.length];
    for (int flat = 0; flat < n; flat++) {
      int rest = flat;
      for (int d = outShape.length - 1; d >= 0; d--) {
        index[d] = rest % outShape[d];
        rest /= outShape[d];
      }
      out[flat] = f.applyAsDouble(a[flatIndex(index, aShape)], b[flatIndex(index, bShape)]);
    }
    return out;
  }

  /** The row-major position in an operand, right-aligned with the output, of an output index. */
  private static int flatIndex(int[] outIndex, int[] shape) {
    int lead = outIndex.length - shape.length;
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIndex[lead + d]);
    }
    return flat;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Distinct-looking seeded values; rounded to integers when {@code integral}, for ties. */
  private static double[] values(
      long seed, int[] shape, double low, double high, boolean integral) {
    double[] v = Tensor.uniform(seed, DType.FLOAT64, low, high, shape).toDoubleArray();
    if (integral) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.floor(v[i]);
      }
    }
    return v;
  }

  private static Tensor tensor(DType dtype, double[] v, int[] shape) {
    return switch (dtype) {
      case FLOAT64 -> Tensor.of(v, shape);
      case FLOAT32 -> {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          f[i] = (float) v[i];
        }
        yield Tensor.of(f, shape);
      }
      case INT32 -> {
        int[] k = new int[v.length];
        for (int i = 0; i < v.length; i++) {
          k[i] = (int) v[i];
        }
        yield Tensor.of(k, shape);
      }
      case INT64, BOOL -> Tensor.of(v, shape).to(dtype);
    };
  }

  // ---------------------------------------------------------------- the NumPy table

  static Stream<Arguments> numpyTable() {
    return Stream.of(
        Arguments.of(new int[] {256, 256, 3}, new int[] {3}, new int[] {256, 256, 3}),
        Arguments.of(new int[] {8, 1, 6, 1}, new int[] {7, 1, 5}, new int[] {8, 7, 6, 5}),
        Arguments.of(new int[] {5, 4}, new int[] {1}, new int[] {5, 4}),
        Arguments.of(new int[] {5, 4}, new int[] {4}, new int[] {5, 4}),
        Arguments.of(new int[] {15, 3, 5}, new int[] {15, 1, 5}, new int[] {15, 3, 5}),
        Arguments.of(new int[] {15, 3, 5}, new int[] {3, 5}, new int[] {15, 3, 5}),
        Arguments.of(new int[] {15, 3, 5}, new int[] {3, 1}, new int[] {15, 3, 5}),
        Arguments.of(new int[0], new int[] {2, 3, 4}, new int[] {2, 3, 4}),
        Arguments.of(new int[0], new int[] {7}, new int[] {7}),
        Arguments.of(new int[0], new int[0], new int[0]),
        Arguments.of(new int[] {0, 3}, new int[] {3}, new int[] {0, 3}),
        Arguments.of(new int[] {2, 0}, new int[] {1}, new int[] {2, 0}),
        Arguments.of(new int[] {1, 0, 4}, new int[] {3, 1, 1}, new int[] {3, 0, 4}));
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("numpyTable")
  void addBroadcastsAsTheNumpyTableInBothOrdersWithNaiveValues(int[] a, int[] b, int[] out) {
    double[] av = values(1, a, -10, 10, false);
    double[] bv = values(2, b, -10, 10, false);
    Tensor ta = Tensor.of(av, a);
    Tensor tb = Tensor.of(bv, b);

    Tensor ab = ta.add(tb);
    Tensor ba = tb.add(ta);

    assertThat(ab.shape()).containsExactly(out);
    assertThat(ba.shape()).containsExactly(out);
    assertThat(ab.toDoubleArray()).containsExactly(naive(av, a, bv, b, out, Double::sum));
    assertThat(ba.toDoubleArray()).containsExactly(naive(bv, b, av, a, out, Double::sum));
  }

  @ParameterizedTest(name = "{0} - {1} -> {2}")
  @MethodSource("numpyTable")
  void float32SubBroadcastsAsTheNumpyTableWithNaiveValues(int[] a, int[] b, int[] out) {
    double[] av = values(3, a, -10, 10, true);
    double[] bv = values(4, b, -10, 10, true);

    Tensor r = tensor(DType.FLOAT32, av, a).sub(tensor(DType.FLOAT32, bv, b));

    assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(r.shape()).containsExactly(out);
    assertThat(r.toDoubleArray()).containsExactly(naive(av, a, bv, b, out, (x, y) -> x - y));
  }

  static Stream<Arguments> incompatible() {
    return Stream.of(
        Arguments.of(new int[] {3}, new int[] {4}, "add: shapes [3] and [4] cannot be broadcast"),
        Arguments.of(
            new int[] {2, 1},
            new int[] {8, 4, 3},
            "add: shapes [2, 1] and [8, 4, 3] cannot be broadcast"),
        Arguments.of(
            new int[] {0, 3},
            new int[] {2, 3},
            "add: shapes [0, 3] and [2, 3] cannot be broadcast"));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("incompatible")
  void incompatibleShapesAreRejectedNamingTheOpAndBothShapes(int[] a, int[] b, String message) {
    Tensor ta = Tensor.zeros(DType.FLOAT64, a);
    Tensor tb = Tensor.zeros(DType.FLOAT64, b);

    assertThatThrownBy(() -> ta.add(tb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void everyBinaryOpNamesItselfWhenShapesDoNotBroadcast() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 3);
    Tensor b = Tensor.zeros(DType.FLOAT64, 4);

    for (BinaryCase op : OPS) {
      assertThatThrownBy(() -> op.op().apply(a, b))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(op.name() + ": shapes [3] and [4] cannot be broadcast");
    }
  }

  // ---------------------------------------------------------------- every op, every loop

  /**
   * Small pairs that reach each path of the kernels: same shape (also up to leading 1s), a single
   * element on either side, and the general path where the first, the second or both operands
   * advance along the last dimension.
   */
  static final int[][][] PAIRS = {
    {{2, 3}, {2, 3}, {2, 3}},
    {{1, 2, 3}, {2, 3}, {1, 2, 3}},
    {{2, 3}, {}, {2, 3}},
    {{}, {2, 3}, {2, 3}},
    {{2, 3}, {1, 1}, {2, 3}},
    {{2, 3}, {3}, {2, 3}},
    {{3}, {2, 3}, {2, 3}},
    {{2, 1}, {2, 3}, {2, 3}},
    {{2, 3}, {2, 1}, {2, 3}},
    {{2, 1}, {1, 3}, {2, 3}},
    {{4, 1, 3}, {2, 1}, {4, 2, 3}},
    {{1, 3, 1}, {2, 1, 4}, {2, 3, 4}},
    {{2, 3, 1, 1}, {3, 1, 1}, {2, 3, 1, 1}},
    {{2, 1, 3, 1}, {4, 1, 2}, {2, 4, 3, 2}},
    {{0, 3}, {3}, {0, 3}},
  };

  /** A binary op, its reference, and the ranges its operands are drawn from. */
  record BinaryCase(
      String name,
      BinaryOperator<Tensor> op,
      DoubleBinaryOperator ref,
      double aLow,
      double aHigh,
      double bLow,
      double bHigh,
      boolean integral,
      boolean comparison) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<BinaryCase> OPS =
      List.of(
          new BinaryCase("add", Tensor::add, (x, y) -> x + y, -4, 4, -4, 4, true, false),
          new BinaryCase("sub", Tensor::sub, (x, y) -> x - y, -4, 4, -4, 4, true, false),
          new BinaryCase("mul", Tensor::mul, (x, y) -> x * y, -4, 4, -4, 4, true, false),
          new BinaryCase("div", Tensor::div, (x, y) -> x / y, -4, 4, 1, 5, true, false),
          new BinaryCase("pow", Tensor::pow, Math::pow, 0.5, 3, -2, 3, false, false),
          new BinaryCase("maximum", Tensor::maximum, Math::max, -3, 3, -3, 3, true, false),
          new BinaryCase("minimum", Tensor::minimum, Math::min, -3, 3, -3, 3, true, false),
          new BinaryCase("eq", Tensor::eq, (x, y) -> x == y ? 1 : 0, -2, 2, -2, 2, true, true),
          new BinaryCase("ne", Tensor::ne, (x, y) -> x != y ? 1 : 0, -2, 2, -2, 2, true, true),
          new BinaryCase("gt", Tensor::gt, (x, y) -> x > y ? 1 : 0, -2, 2, -2, 2, true, true),
          new BinaryCase("ge", Tensor::ge, (x, y) -> x >= y ? 1 : 0, -2, 2, -2, 2, true, true),
          new BinaryCase("lt", Tensor::lt, (x, y) -> x < y ? 1 : 0, -2, 2, -2, 2, true, true),
          new BinaryCase("le", Tensor::le, (x, y) -> x <= y ? 1 : 0, -2, 2, -2, 2, true, true));

  static Stream<Arguments> everyOpEveryPair() {
    List<Arguments> all = new ArrayList<>();
    for (BinaryCase op : OPS) {
      for (DType dtype : DType.values()) {
        boolean intOk = op.integral() && !op.name().equals("div");
        if (dtype == DType.BOOL || dtype.isInteger() && !intOk) {
          continue;
        }
        for (int[][] p : PAIRS) {
          all.add(Arguments.of(op, dtype, p[0], p[1], p[2]));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("everyOpEveryPair")
  void everyBinaryOpMatchesTheNaiveReferenceOnEveryKernelPath(
      BinaryCase op, DType dtype, int[] a, int[] b, int[] out) {
    double[] av = values(5, a, op.aLow(), op.aHigh(), op.integral());
    double[] bv = values(6, b, op.bLow(), op.bHigh(), op.integral());
    if (dtype == DType.FLOAT32 && !op.integral()) {
      // The reference then sees exactly the float values the kernel sees.
      av = tensor(DType.FLOAT32, av, a).toDoubleArray();
      bv = tensor(DType.FLOAT32, bv, b).toDoubleArray();
    }

    Tensor r = op.op().apply(tensor(dtype, av, a), tensor(dtype, bv, b));

    assertThat(r.dtype()).isEqualTo(op.comparison() ? DType.BOOL : dtype);
    assertThat(r.shape()).containsExactly(out);
    double[] expected = naive(av, a, bv, b, out, op.ref());
    if (dtype == DType.FLOAT32 && !op.comparison()) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) expected[i];
      }
    }
    if (r.dtype() != DType.FLOAT32 && r.dtype() != DType.FLOAT64) {
      // Compared as ints: the double reference may produce -0.0 where an int is just 0.
      int[] exact = new int[expected.length];
      for (int i = 0; i < exact.length; i++) {
        exact[i] = (int) expected[i];
      }
      assertThat(r.toIntArray()).containsExactly(exact);
    } else {
      assertThat(r.toDoubleArray()).containsExactly(expected);
    }
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gradientsOfBroadcastInputsAreSummedBackToTheirShapes() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 1, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 4, 1).requiresGrad(true);

    Tensor y = a.mul(b);
    y.backward(Tensor.ones(DType.FLOAT64, 2, 4, 3));

    assertThat(y.shape()).containsExactly(2, 4, 3);
    assertThat(a.grad().shape()).containsExactly(2, 1, 3);
    assertThat(b.grad().shape()).containsExactly(4, 1);
    // d/da[i,0,k] = sum over j of b[j] = 100; d/db[j,0] = sum of every a = 21.
    assertThat(a.grad().toDoubleArray()).containsExactly(100, 100, 100, 100, 100, 100);
    assertThat(b.grad().toDoubleArray()).containsExactly(21, 21, 21, 21);
  }

  @Test
  void aZeroDimensionalInputReceivesTheSumOfTheWholeGradient() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor s = Tensor.scalar(3.0).requiresGrad(true);

    x.sub(s).backward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));

    assertThat(s.grad().shape()).isEmpty();
    assertThat(s.grad().item()).isEqualTo(-10);
    assertThat(x.grad().toDoubleArray()).containsExactly(1, 2, 3, 4);
  }

  static Stream<Arguments> smallTablePairs() {
    return Stream.of(
        Arguments.of(new int[] {2, 1, 3, 1}, new int[] {4, 1, 2}),
        Arguments.of(new int[] {5, 4}, new int[] {1}),
        Arguments.of(new int[] {3, 2, 4}, new int[] {3, 1, 4}),
        Arguments.of(new int[] {3, 2, 4}, new int[] {2, 1}));
  }

  @ParameterizedTest(name = "{0} and {1}")
  @MethodSource("smallTablePairs")
  void gradientsThroughBroadcastingMatchFiniteDifferences(int[] a, int[] b) {
    assertGradients(in -> in[0].mul(in[1]).add(in[1]), randn64(7, a), randn64(8, b));
    assertGradients(in -> in[1].sub(in[0]).tanh(), randn64(9, a), randn64(10, b));
  }

  @Test
  void gradientsOfAnEmptyBroadcastAreZerosOfTheInputsShapes() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 0, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);

    x.mul(b).backward(Tensor.zeros(DType.FLOAT64, 0, 3));

    assertThat(x.grad().shape()).containsExactly(0, 3);
    assertThat(b.grad().shape()).containsExactly(3);
    assertThat(b.grad().toDoubleArray()).containsExactly(0, 0, 0);
  }
}
