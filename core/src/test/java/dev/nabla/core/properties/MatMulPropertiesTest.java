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
import org.junit.jupiter.api.Test;

/**
 * matmul of random shapes, 2-d and batched with broadcast batch dimensions, against numpy.matmul's
 * rules.
 */
class MatMulPropertiesTest {

  record Case(int[] a, int[] b, DType dtype, long valueSeed) {
    @Override
    public String toString() {
      return "matmul(" + str(a) + ", " + str(b) + ") " + dtype;
    }

    List<Case> shrink() {
      List<Case> out = new ArrayList<>();
      // Shrink batch dimensions only (dropping or shrinking a matrix dimension changes the case's
      // kind).
      for (int[] s : Prop.shrinkShape(Arrays.copyOf(a, Math.max(0, a.length - 2)))) {
        out.add(
            new Case(
                concat(s, Arrays.copyOfRange(a, Math.max(0, a.length - 2), a.length)),
                b,
                dtype,
                valueSeed));
      }
      for (int[] s : Prop.shrinkShape(Arrays.copyOf(b, Math.max(0, b.length - 2)))) {
        out.add(
            new Case(
                a,
                concat(s, Arrays.copyOfRange(b, Math.max(0, b.length - 2), b.length)),
                dtype,
                valueSeed));
      }
      return out;
    }
  }

  static int[] concat(int[] x, int[] y) {
    int[] r = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, r, x.length, y.length);
    return r;
  }

  /** numpy.matmul's result shape, or null when numpy would raise. */
  static int[] rule(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) {
      return null;
    }
    int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
    int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
    if (a2[a2.length - 1] != b2[b2.length - 2]) {
      return null;
    }
    int[] batch = Ref.broadcast(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
    if (batch == null) {
      return null;
    }
    int[] out = batch;
    if (a.length > 1) {
      out = concat(out, new int[] {a2[a2.length - 2]});
    }
    if (b.length > 1) {
      out = concat(out, new int[] {b2[b2.length - 1]});
    }
    return out;
  }

  private static DType dtype(SplittableRandom r) {
    return r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
  }

  private static int[] batchFor(SplittableRandom r, int[] batch) {
    int rank = r.nextInt(batch.length + 1);
    int[] s = Arrays.copyOfRange(batch, batch.length - rank, batch.length);
    for (int i = 0; i < s.length; i++) {
      if (r.nextInt(3) == 0) {
        s[i] = 1;
      }
    }
    return s;
  }

  /** A compatible pair: 2-d, batched with broadcasting batch dimensions, or with 1-d operands. */
  static Case compatible(SplittableRandom r) {
    int m = 1 + r.nextInt(6);
    int k = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(6);
    int n = 1 + r.nextInt(6);
    int[] batch = r.nextInt(4) == 0 ? new int[0] : Ref.shape(r, 1, 3, 3, false);
    int[] a = r.nextInt(8) == 0 ? new int[] {k} : concat(batchFor(r, batch), new int[] {m, k});
    int[] b = r.nextInt(8) == 0 ? new int[] {k} : concat(batchFor(r, batch), new int[] {k, n});
    return new Case(a, b, dtype(r), r.nextLong());
  }

  /** Operands promoted to [batch..., rows, cols], as numpy.matmul reads 1-d operands. */
  private static int[] promoteLeft(int[] a) {
    return a.length == 1 ? new int[] {1, a[0]} : a;
  }

  private static int[] promoteRight(int[] b) {
    return b.length == 1 ? new int[] {b[0], 1} : b;
  }

  @Test
  void compatibleShapesMultiplyLikeANaiveBatchedLoop() {
    Prop.forAll(
        "matmul.values",
        400,
        MatMulPropertiesTest::compatible,
        Case::shrink,
        c -> {
          int[] out = rule(c.a(), c.b());
          assertThat(out).as("the generator's pair is compatible").isNotNull();
          SplittableRandom values = new SplittableRandom(c.valueSeed());
          double[] av = Ref.values(values, c.a());
          double[] bv = Ref.values(values, c.b());
          Tensor ta = Ref.tensor(av, c.a(), c.dtype()).requiresGrad(true);
          Tensor tb = Ref.tensor(bv, c.b(), c.dtype()).requiresGrad(true);
          Tensor y = ta.matmul(tb);
          assertThat(y.shape()).as("shape").isEqualTo(out);

          int[] a2 = promoteLeft(c.a());
          int[] b2 = promoteRight(c.b());
          int m = a2[a2.length - 2];
          int k = a2[a2.length - 1];
          int n = b2[b2.length - 1];
          int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
          int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
          int[] batch = Ref.broadcast(aBatch, bBatch);
          double[] want = new double[Ref.size(batch) * m * n];
          double[] ga = new double[av.length];
          double[] gb = new double[bv.length];
          for (int t = 0; t < Ref.size(batch); t++) {
            int[] idx = Ref.unravel(t, batch);
            int ao = Ref.source(idx, aBatch) * m * k;
            int bo = Ref.source(idx, bBatch) * k * n;
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                  s += av[ao + i * k + p] * bv[bo + p * n + j];
                  // d sum(A·B) / dA[i, p] = sum_j B[p, j]; d / dB[p, j] = sum_i A[i, p]
                  ga[ao + i * k + p] += bv[bo + p * n + j];
                  gb[bo + p * n + j] += av[ao + i * k + p];
                }
                want[(t * m + i) * n + j] = s;
              }
            }
          }
          // Products of multiples of 1/8 are multiples of 1/64 below 64: every sum here is exact.
          assertThat(y.toDoubleArray()).containsExactly(want);
          y.sum().backward();
          assertThat(ta.grad().shape()).isEqualTo(c.a());
          assertThat(tb.grad().shape()).isEqualTo(c.b());
          assertThat(ta.grad().toDoubleArray()).containsExactly(ga);
          assertThat(tb.grad().toDoubleArray()).containsExactly(gb);
        });
  }

  @Test
  void innerDimensionsThatDifferRaiseTheDocumentedError() {
    Prop.forAll(
        "matmul.innerMismatch",
        300,
        r -> {
          Case c = compatible(r);
          int[] a = c.a().clone();
          int last = a.length - 1;
          a[last] = a[last] + 1 + r.nextInt(3);
          return new Case(a, c.b(), c.dtype(), c.valueSeed());
        },
        Case::shrink,
        c -> {
          int ka = c.a()[c.a().length - 1];
          int kb = c.b().length == 1 ? c.b()[0] : c.b()[c.b().length - 2];
          assertThat(rule(c.a(), c.b())).isNull();
          assertThat(
                  catchThrowable(() -> operand(c.a(), c.dtype()).matmul(operand(c.b(), c.dtype()))))
              .isExactlyInstanceOf(IllegalArgumentException.class)
              .hasMessage(
                  "matmul: cannot multiply "
                      + str(c.a())
                      + " by "
                      + str(c.b())
                      + ": inner dimensions "
                      + ka
                      + " and "
                      + kb
                      + " differ");
        });
  }

  @Test
  void batchDimensionsThatDoNotBroadcastRaiseTheDocumentedError() {
    Prop.forAll(
        "matmul.batchMismatch",
        300,
        r -> {
          int k = 1 + r.nextInt(4);
          int[] batch = Ref.shape(r, 1, 3, 3, false);
          int[] aBatch = batch.clone();
          int[] bBatch = batchFor(r, batch);
          if (bBatch.length == 0) {
            bBatch = new int[] {batch[batch.length - 1]};
          }
          int back = 1 + r.nextInt(bBatch.length);
          aBatch[aBatch.length - back] = 2 + r.nextInt(3);
          bBatch[bBatch.length - back] = aBatch[aBatch.length - back] + 1 + r.nextInt(2);
          return new Case(
              concat(aBatch, new int[] {1 + r.nextInt(3), k}),
              concat(bBatch, new int[] {k, 1 + r.nextInt(3)}),
              dtype(r),
              r.nextLong());
        },
        Case::shrink,
        c -> {
          assertThat(rule(c.a(), c.b())).isNull();
          assertThat(
                  catchThrowable(() -> operand(c.a(), c.dtype()).matmul(operand(c.b(), c.dtype()))))
              .isExactlyInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith(
                  "matmul: cannot multiply "
                      + str(c.a())
                      + " by "
                      + str(c.b())
                      + ": batch dimensions "
                      + str(Arrays.copyOf(c.a(), c.a().length - 2))
                      + " and "
                      + str(Arrays.copyOf(c.b(), c.b().length - 2))
                      + " do not broadcast");
        });
  }

  @Test
  void anyPairOfShapesEitherMultipliesByNumpysRuleOrRaisesTheDocumentedError() {
    Prop.forAll(
        "matmul.anyPair",
        500,
        r ->
            new Case(
                Ref.shape(r, 0, 4, 3, false), Ref.shape(r, 0, 4, 3, false), dtype(r), r.nextLong()),
        c -> {
          int[] out = rule(c.a(), c.b());
          Tensor a = operand(c.a(), c.dtype());
          Tensor b = operand(c.b(), c.dtype());
          if (out == null) {
            assertThat(catchThrowable(() -> a.matmul(b)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                    "matmul: cannot multiply " + str(c.a()) + " by " + str(c.b()) + ": ");
          } else {
            assertThat(a.matmul(b).shape()).isEqualTo(out);
          }
        });
  }

  private static Tensor operand(int[] shape, DType dtype) {
    return Tensor.ones(dtype, shape);
  }
}
