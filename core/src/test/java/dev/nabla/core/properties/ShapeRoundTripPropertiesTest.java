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
 * reshape, permute and transpose of random shapes: round trips, values, and the documented errors.
 */
class ShapeRoundTripPropertiesTest {

  /** A shape and a second int list: a target shape or a permutation. */
  record Case(int[] shape, int[] other, DType dtype, long valueSeed) {
    @Override
    public String toString() {
      return str(shape) + " / " + str(other) + " " + dtype;
    }

    Tensor tensor() {
      return Ref.tensor(values(), shape, dtype);
    }

    double[] values() {
      return Ref.values(new SplittableRandom(valueSeed), shape);
    }
  }

  private static DType dtype(SplittableRandom r) {
    return r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
  }

  /** A random shape with the same number of elements as {@code shape} (a random factorisation). */
  static int[] sameSize(SplittableRandom r, int[] shape) {
    int n = Ref.size(shape);
    int rank = r.nextInt(6);
    if (n == 0) {
      int[] s = Ref.shape(r, Math.max(1, rank), Math.max(1, rank), 4, false);
      s[r.nextInt(s.length)] = 0;
      return s;
    }
    int[] s = new int[rank];
    Arrays.fill(s, 1);
    List<Integer> primes = new ArrayList<>();
    for (int m = n, p = 2; m > 1; ) {
      if (m % p == 0) {
        primes.add(p);
        m /= p;
      } else {
        p++;
      }
    }
    if (rank == 0) {
      return primes.isEmpty() ? s : new int[] {n};
    }
    for (int p : primes) {
      s[r.nextInt(rank)] *= p;
    }
    return s;
  }

  @Test
  void reshapeThereAndBackKeepsEveryValueInRowMajorOrder() {
    Prop.forAll(
        "shape.reshapeRoundTrip",
        400,
        r -> {
          int[] shape = Ref.shape(r, 0, 5, 4, true);
          int[] target = sameSize(r, shape);
          // Sometimes let reshape infer one size, where the others do not multiply to 0.
          if (target.length > 0 && Ref.size(target) > 0 && r.nextBoolean()) {
            target[r.nextInt(target.length)] = -1;
          }
          return new Case(shape, target, dtype(r), r.nextLong());
        },
        c -> {
          Tensor x = c.tensor();
          Tensor y = x.reshape(c.other());
          int[] resolved = c.other().clone();
          for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
              resolved[i] = 1;
              resolved[i] = Ref.size(c.shape()) / Ref.size(resolved);
            }
          }
          assertThat(y.shape()).isEqualTo(resolved);
          assertThat(y.toDoubleArray()).containsExactly(x.toDoubleArray());
          Tensor back = y.reshape(c.shape());
          assertThat(back.shape()).isEqualTo(c.shape());
          assertThat(back.toDoubleArray()).containsExactly(c.values());
        });
  }

  @Test
  void reshapeToADifferentElementCountRaisesTheDocumentedError() {
    Prop.forAll(
        "shape.reshapeWrongCount",
        300,
        r -> {
          int[] shape = Ref.shape(r, 0, 4, 4, false);
          int[] target;
          do {
            target = Ref.shape(r, 0, 4, 5, true);
          } while (Ref.size(target) == Ref.size(shape));
          return new Case(shape, target, dtype(r), r.nextLong());
        },
        c ->
            assertThat(catchThrowable(() -> c.tensor().reshape(c.other())))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                    "reshape: cannot reshape "
                        + str(c.shape())
                        + " ("
                        + Ref.size(c.shape())
                        + " elements) into "
                        + str(c.other())
                        + " ("
                        + Ref.size(c.other())
                        + " elements)"));
  }

  @Test
  void permuteMovesEachElementToItsPermutedIndexAndTheInverseUndoesIt() {
    Prop.forAll(
        "shape.permuteRoundTrip",
        400,
        r -> {
          int[] shape = Ref.shape(r, 0, 5, 4, true);
          int[] p = Ref.permutation(r, shape.length);
          // Negative axes count from the end, as everywhere in nabla.
          for (int i = 0; i < p.length; i++) {
            if (r.nextInt(4) == 0) {
              p[i] -= p.length;
            }
          }
          return new Case(shape, p, dtype(r), r.nextLong());
        },
        c -> {
          int rank = c.shape().length;
          int[] p = Arrays.stream(c.other()).map(a -> a < 0 ? a + rank : a).toArray();
          int[] outShape = new int[rank];
          for (int i = 0; i < rank; i++) {
            outShape[i] = c.shape()[p[i]];
          }
          double[] v = c.values();
          Tensor y = c.tensor().permute(c.other());
          assertThat(y.shape()).isEqualTo(outShape);
          double[] got = y.toDoubleArray();
          for (int i = 0; i < got.length; i++) {
            int[] outIdx = Ref.unravel(i, outShape);
            int[] inIdx = new int[rank];
            for (int d = 0; d < rank; d++) {
              inIdx[p[d]] = outIdx[d];
            }
            assertThat(got[i]).isEqualTo(v[Ref.ravel(inIdx, c.shape())]);
          }
          int[] inverse = new int[rank];
          for (int i = 0; i < rank; i++) {
            inverse[p[i]] = i;
          }
          Tensor back = y.permute(inverse);
          assertThat(back.shape()).isEqualTo(c.shape());
          assertThat(back.toDoubleArray()).containsExactly(v);
        });
  }

  @Test
  void transposeTwiceIsTheIdentityAndSwapsAreOnePermutation() {
    Prop.forAll(
        "shape.transpose",
        300,
        r -> {
          int[] shape = Ref.shape(r, 0, 5, 4, true);
          int[] axes =
              shape.length == 0
                  ? new int[0]
                  : new int[] {r.nextInt(shape.length), r.nextInt(shape.length)};
          return new Case(shape, axes, dtype(r), r.nextLong());
        },
        c -> {
          Tensor x = c.tensor();
          int rank = c.shape().length;
          int[] reversed = new int[rank];
          for (int i = 0; i < rank; i++) {
            reversed[i] = rank - 1 - i;
          }
          Tensor t = x.transpose();
          assertThat(t.toDoubleArray()).containsExactly(x.permute(reversed).toDoubleArray());
          assertThat(t.transpose().shape()).isEqualTo(c.shape());
          assertThat(t.transpose().toDoubleArray()).containsExactly(c.values());
          if (rank > 0) {
            int a = c.other()[0];
            int b = c.other()[1];
            int[] swap = new int[rank];
            for (int i = 0; i < rank; i++) {
              swap[i] = i;
            }
            swap[a] = b;
            swap[b] = a;
            Tensor s = x.transpose(a, b);
            assertThat(s.shape()).isEqualTo(x.permute(swap).shape());
            assertThat(s.toDoubleArray()).containsExactly(x.permute(swap).toDoubleArray());
            assertThat(s.transpose(b, a).toDoubleArray()).containsExactly(c.values());
          }
        });
  }

  @Test
  void axesThatAreNotAPermutationRaiseTheDocumentedError() {
    Prop.forAll(
        "shape.badPermutation",
        300,
        r -> {
          int[] shape = Ref.shape(r, 0, 4, 3, false);
          int rank = shape.length;
          int[] axes =
              switch (r.nextInt(3)) {
                case 0 ->
                    Ref.permutation(
                        r, rank + (r.nextBoolean() || rank == 0 ? 1 : -1)); // wrong length
                case 1 -> {
                  if (rank < 2) {
                    yield new int[] {rank}; // wrong length, or out of range for rank 0 and 1
                  }
                  int[] p = Ref.permutation(r, rank);
                  p[0] = p[1]; // repeated
                  yield p;
                }
                default -> {
                  int[] p = Ref.permutation(r, rank);
                  if (rank > 0) {
                    p[r.nextInt(rank)] =
                        r.nextBoolean() ? rank + r.nextInt(3) : -rank - 1 - r.nextInt(3);
                  } else {
                    p = new int[] {0};
                  }
                  yield p;
                }
              };
          return new Case(shape, axes, DType.FLOAT32, r.nextLong());
        },
        c ->
            assertThat(catchThrowable(() -> c.tensor().permute(c.other())))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("permute: ")
                .hasMessageContaining(str(c.other())));
  }
}
