package dev.nabla.core.properties;

import static dev.nabla.core.properties.Ref.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** sum, max and mean over random axes, with and without keepDims, against a naive reduction. */
class ReductionPropertiesTest {

  enum Kind {
    SUM,
    MAX,
    MEAN
  }

  /** A reduction of {@code shape} over {@code axes} (null: all), as the user would write it. */
  record Case(Kind kind, int[] shape, int[] axes, boolean keepDims, DType dtype, long valueSeed) {
    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT)
          + "("
          + str(shape)
          + ", axes="
          + (axes == null ? "all" : str(axes))
          + ", keepDims="
          + keepDims
          + ") "
          + dtype;
    }

    List<Case> shrink() {
      List<Case> out = new ArrayList<>();
      if (axes != null) {
        for (int d = 0; d < shape.length; d++) {
          if (shape[d] > 1) {
            int[] s = shape.clone();
            s[d] = s[d] > 2 ? s[d] / 2 : 1;
            out.add(new Case(kind, s, axes, keepDims, dtype, valueSeed));
          }
        }
      } else {
        for (int[] s : Prop.shrinkShape(shape)) {
          out.add(new Case(kind, s, null, keepDims, dtype, valueSeed));
        }
      }
      return out;
    }
  }

  static Case generate(SplittableRandom r) {
    Kind kind = Kind.values()[r.nextInt(3)];
    int[] shape = Ref.shape(r, 0, 5, 4, kind != Kind.MAX);
    int rank = shape.length;
    int[] axes = null;
    if (rank > 0 && r.nextInt(6) != 0) {
      // A random non-empty subset of the axes, in random order, each maybe written negative.
      int[] p = Ref.permutation(r, rank);
      axes = Arrays.copyOf(p, 1 + r.nextInt(rank));
      for (int i = 0; i < axes.length; i++) {
        if (r.nextBoolean()) {
          axes[i] -= rank;
        }
      }
    }
    return new Case(
        kind,
        shape,
        axes,
        r.nextBoolean(),
        r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64,
        r.nextLong());
  }

  private static Tensor apply(Case c, Tensor x) {
    if (c.axes() == null) {
      return switch (c.kind()) {
        case SUM -> c.keepDims() ? x.sum(allAxes(c.shape().length), true) : x.sum();
        case MAX -> c.keepDims() ? x.max(allAxes(c.shape().length), true) : x.max();
        case MEAN -> c.keepDims() ? x.mean(allAxes(c.shape().length), true) : x.mean();
      };
    }
    return switch (c.kind()) {
      case SUM -> x.sum(c.axes(), c.keepDims());
      case MAX -> x.max(c.axes(), c.keepDims());
      case MEAN -> x.mean(c.axes(), c.keepDims());
    };
  }

  private static int[] allAxes(int rank) {
    int[] a = new int[rank];
    for (int i = 0; i < rank; i++) {
      a[i] = i;
    }
    return a;
  }

  @Test
  void reductionsOverRandomAxesMatchANaiveReduction() {
    Prop.forAll(
        "reduction.values",
        500,
        ReductionPropertiesTest::generate,
        Case::shrink,
        c -> {
          int rank = c.shape().length;
          boolean[] reduced = new boolean[rank];
          if (c.axes() == null) {
            Arrays.fill(reduced, true);
          } else {
            for (int a : c.axes()) {
              reduced[a < 0 ? a + rank : a] = true;
            }
          }
          int[] kept = new int[rank];
          List<Integer> outDims = new ArrayList<>();
          for (int d = 0; d < rank; d++) {
            kept[d] = reduced[d] ? 1 : c.shape()[d];
            if (!reduced[d] || c.keepDims()) {
              outDims.add(kept[d]);
            }
          }
          int[] outShape = outDims.stream().mapToInt(Integer::intValue).toArray();
          double[] v = Ref.values(new SplittableRandom(c.valueSeed()), c.shape());
          double[] acc = new double[Ref.size(kept)];
          int[] count = new int[acc.length];
          Arrays.fill(acc, c.kind() == Kind.MAX ? Double.NEGATIVE_INFINITY : 0);
          for (int i = 0; i < v.length; i++) {
            int[] idx = Ref.unravel(i, c.shape());
            for (int d = 0; d < rank; d++) {
              if (reduced[d]) {
                idx[d] = 0;
              }
            }
            int o = Ref.ravel(idx, kept);
            acc[o] = c.kind() == Kind.MAX ? Math.max(acc[o], v[i]) : acc[o] + v[i];
            count[o]++;
          }
          if (c.kind() == Kind.MEAN) {
            for (int o = 0; o < acc.length; o++) {
              acc[o] /= count[o]; // 0 / 0 is NaN, as NumPy's mean of nothing
            }
          }
          Tensor out = apply(c, Ref.tensor(v, c.shape(), c.dtype()));
          assertThat(out.shape()).as("shape").isEqualTo(outShape);
          assertThat(out.dtype()).isEqualTo(c.dtype());
          double[] got = out.toDoubleArray();
          assertThat(got).hasSize(acc.length);
          for (int o = 0; o < acc.length; o++) {
            // Sums of multiples of 1/8 are exact in any order; the mean's one division rounds once.
            double want = c.dtype() == DType.FLOAT32 ? (float) acc[o] : acc[o];
            double tol =
                c.kind() == Kind.MEAN && c.dtype() == DType.FLOAT32 ? Math.ulp((float) want) : 0;
            if (!(Math.abs(got[o] - want) <= tol || Double.isNaN(want) && Double.isNaN(got[o]))) {
              throw new AssertionError("output " + o + ": expected " + want + ", got " + got[o]);
            }
          }
        });
  }

  @Test
  void axesOutOfRangeOrRepeatedRaiseTheDocumentedError() {
    Prop.forAll(
        "reduction.badAxes",
        300,
        r -> {
          Case c = generate(r);
          int rank = c.shape().length;
          int[] axes;
          if (rank >= 1 && r.nextBoolean()) {
            int a = r.nextInt(rank);
            axes = new int[] {a, a - (r.nextBoolean() ? rank : 0)}; // the same axis twice
          } else {
            axes = new int[] {r.nextBoolean() ? rank + r.nextInt(3) : -rank - 1 - r.nextInt(3)};
          }
          return new Case(c.kind(), c.shape(), axes, c.keepDims(), c.dtype(), c.valueSeed());
        },
        c -> {
          Tensor x =
              Ref.tensor(
                  Ref.values(new SplittableRandom(c.valueSeed()), c.shape()), c.shape(), c.dtype());
          String op = c.kind().name().toLowerCase(Locale.ROOT);
          Throwable t = catchThrowable(() -> apply(c, x));
          assertThat(t)
              .isExactlyInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith(op + ": axis ");
          if (c.axes().length == 2) {
            assertThat(t).hasMessageContaining("is repeated in " + str(c.axes()));
          } else {
            assertThat(t)
                .hasMessageContaining(
                    "is out of range for a tensor of shape "
                        + java.util.Arrays.toString(c.shape()));
          }
        });
  }
}
