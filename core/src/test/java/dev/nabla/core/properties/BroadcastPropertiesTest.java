package dev.nabla.core.properties;

import static dev.nabla.core.properties.Ref.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Broadcasting of random shape pairs, against NumPy's rule implemented in {@link Ref}. */
class BroadcastPropertiesTest {

  /** A broadcasting binary op: its name in messages, the call, and a reference on doubles. */
  record BinOp(
      String name, BinaryOperator<Tensor> apply, DoubleBinaryOperator ref, boolean compare) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<BinOp> OPS =
      List.of(
          new BinOp("add", Tensor::add, Double::sum, false),
          new BinOp("sub", Tensor::sub, (x, y) -> x - y, false),
          new BinOp("mul", Tensor::mul, (x, y) -> x * y, false),
          new BinOp("div", Tensor::div, (x, y) -> x / y, false),
          new BinOp("maximum", Tensor::maximum, Math::max, false),
          new BinOp("minimum", Tensor::minimum, Math::min, false),
          new BinOp("gt", Tensor::gt, (x, y) -> x > y ? 1 : 0, true),
          new BinOp("eq", Tensor::eq, (x, y) -> x == y ? 1 : 0, true));

  /** Two shapes, a dtype and an op; the seed of the values. */
  record Case(int[] a, int[] b, DType dtype, BinOp op, long valueSeed) {
    @Override
    public String toString() {
      return op + "(" + str(a) + ", " + str(b) + ") " + dtype;
    }

    List<Case> shrink() {
      List<Case> out = new ArrayList<>();
      for (int[] s : Prop.shrinkShape(a)) {
        out.add(new Case(s, b, dtype, op, valueSeed));
      }
      for (int[] s : Prop.shrinkShape(b)) {
        out.add(new Case(a, s, dtype, op, valueSeed));
      }
      return out;
    }
  }

  private static Case withOp(SplittableRandom r, int[] a, int[] b) {
    return new Case(
        a,
        b,
        r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64,
        OPS.get(r.nextInt(OPS.size())),
        r.nextLong());
  }

  /**
   * A pair that broadcasts by construction: both are right-aligned suffixes of one shape, with 1s.
   */
  static Case compatible(SplittableRandom r) {
    int[] out = Ref.shape(r, 0, 5, 4, true);
    return withOp(r, suffixWithOnes(r, out), suffixWithOnes(r, out));
  }

  private static int[] suffixWithOnes(SplittableRandom r, int[] out) {
    int rank = r.nextInt(out.length + 1);
    int[] s = Arrays.copyOfRange(out, out.length - rank, out.length);
    for (int i = 0; i < s.length; i++) {
      if (r.nextInt(3) == 0) {
        s[i] = 1;
      }
    }
    return s;
  }

  /** A pair that cannot broadcast: one aligned pair of dimensions differs and neither is 1. */
  static Case incompatible(SplittableRandom r) {
    int[] out = Ref.shape(r, 1, 5, 4, false);
    int[] a = suffixWithOnes(r, out);
    int[] b = suffixWithOnes(r, out);
    if (a.length == 0) {
      a = new int[] {out[out.length - 1]};
    }
    if (b.length == 0) {
      b = new int[] {out[out.length - 1]};
    }
    int back = 1 + r.nextInt(Math.min(a.length, b.length)); // a position both shapes have
    int x = r.nextInt(6) == 0 ? 0 : 2 + r.nextInt(4);
    int y;
    do {
      y = 2 + r.nextInt(4);
    } while (y == x);
    a[a.length - back] = x;
    b[b.length - back] = y;
    return r.nextBoolean() ? withOp(r, a, b) : withOp(r, b, a);
  }

  /**
   * Checks the op on the case: the rule's shape and the reference values, or the documented error.
   */
  static void check(Case c) {
    int[] expected = Ref.broadcast(c.a(), c.b());
    SplittableRandom values = new SplittableRandom(c.valueSeed());
    double[] av = Ref.values(values, c.a());
    double[] bv = Ref.values(values, c.b());
    Tensor ta = Ref.tensor(av, c.a(), c.dtype());
    Tensor tb = Ref.tensor(bv, c.b(), c.dtype());
    if (expected == null) {
      Throwable t = catchThrowable(() -> c.op().apply().apply(ta, tb));
      assertThat(t)
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              c.op().name()
                  + ": shapes "
                  + str(c.a())
                  + " and "
                  + str(c.b())
                  + " cannot be broadcast: dimension ");
      return;
    }
    Tensor out = c.op().apply().apply(ta, tb);
    assertThat(out.shape()).as("shape").isEqualTo(expected);
    assertThat(out.dtype()).isEqualTo(c.op().compare() ? DType.BOOL : c.dtype());
    double[] want = Ref.binary(av, c.a(), bv, c.b(), expected, c.op().ref());
    double[] got =
        c.op().compare()
            ? Arrays.stream(out.toIntArray()).asDoubleStream().toArray()
            : out.toDoubleArray();
    for (int i = 0; i < want.length; i++) {
      // FLOAT32 results are the double result rounded once: exact for + - * / max min.
      double w = c.dtype() == DType.FLOAT32 && !c.op().compare() ? (float) want[i] : want[i];
      if (!(w == got[i] || Double.isNaN(w) && Double.isNaN(got[i]))) {
        throw new AssertionError(
            "element "
                + i
                + " (index "
                + Arrays.toString(Ref.unravel(i, expected))
                + "): expected "
                + w
                + ", got "
                + got[i]);
      }
    }
  }

  @Test
  void shapesBuiltToBroadcastGiveNumpysShapeAndValues() {
    Prop.forAll(
        "broadcast.compatible",
        400,
        BroadcastPropertiesTest::compatible,
        Case::shrink,
        BroadcastPropertiesTest::check);
  }

  @Test
  void shapesBuiltNotToBroadcastRaiseTheDocumentedError() {
    Prop.forAll(
        "broadcast.incompatible",
        300,
        BroadcastPropertiesTest::incompatible,
        Case::shrink,
        c -> {
          assertThat(Ref.broadcast(c.a(), c.b()))
              .as("the generator's pair is incompatible")
              .isNull();
          check(c);
        });
  }

  @Test
  void anyPairOfShapesEitherBroadcastsByTheRuleOrRaisesTheDocumentedError() {
    Prop.forAll(
        "broadcast.anyPair",
        500,
        r -> withOp(r, Ref.shape(r, 0, 4, 3, true), Ref.shape(r, 0, 4, 3, true)),
        Case::shrink,
        BroadcastPropertiesTest::check);
  }

  @Test
  void broadcastToSucceedsExactlyWhenNumpysBroadcastToWould() {
    Prop.Gen<Case> gen =
        r -> {
          int[] target = Ref.shape(r, 0, 5, 4, true);
          int[] from = r.nextBoolean() ? suffixWithOnes(r, target) : Ref.shape(r, 0, 4, 4, true);
          return new Case(from, target, DType.FLOAT64, OPS.get(0), r.nextLong());
        };
    Prop.forAll(
        "broadcast.broadcastTo",
        300,
        gen,
        Case::shrink,
        c -> {
          double[] v = Ref.values(new SplittableRandom(c.valueSeed()), c.a());
          Tensor x = Ref.tensor(v, c.a(), DType.FLOAT64);
          int[] b = Ref.broadcast(c.a(), c.b());
          if (b == null || !Arrays.equals(b, c.b())) {
            assertThat(catchThrowable(() -> x.broadcastTo(c.b())))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                    "broadcastTo: shape " + str(c.a()) + " cannot be broadcast to " + str(c.b()));
            return;
          }
          Tensor out = x.broadcastTo(c.b());
          assertThat(out.shape()).isEqualTo(c.b());
          double[] got = out.toDoubleArray();
          for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isEqualTo(v[Ref.source(Ref.unravel(i, c.b()), c.a())]);
          }
        });
  }

  @Test
  void gradientsOfABroadcastProductSumBackToEachOperandsShape() {
    Prop.forAll(
        "broadcast.gradient",
        300,
        r -> {
          Case c = compatible(r);
          return new Case(c.a(), c.b(), c.dtype(), OPS.get(2), c.valueSeed());
        },
        Case::shrink,
        c -> {
          int[] out = Ref.broadcast(c.a(), c.b());
          SplittableRandom values = new SplittableRandom(c.valueSeed());
          double[] av = Ref.values(values, c.a());
          double[] bv = Ref.values(values, c.b());
          Tensor ta = Ref.tensor(av, c.a(), c.dtype()).requiresGrad(true);
          Tensor tb = Ref.tensor(bv, c.b(), c.dtype()).requiresGrad(true);
          ta.mul(tb).sum().backward();
          // d sum(a*b) / d a[j] = sum of b over the output elements that read a[j]; likewise for b.
          double[] ga = new double[av.length];
          double[] gb = new double[bv.length];
          for (int i = 0; i < Ref.size(out); i++) {
            int[] idx = Ref.unravel(i, out);
            int ja = Ref.source(idx, c.a());
            int jb = Ref.source(idx, c.b());
            ga[ja] += bv[jb];
            gb[jb] += av[ja];
          }
          // Every partial sum is a multiple of 1/8 below 2^13: exact in both dtypes, in any order.
          assertThat(ta.grad().shape()).isEqualTo(c.a());
          assertThat(tb.grad().shape()).isEqualTo(c.b());
          assertThat(ta.grad().toDoubleArray()).containsExactly(ga);
          assertThat(tb.grad().toDoubleArray()).containsExactly(gb);
        });
  }
}
