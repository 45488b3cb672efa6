package dev.nabla.onnx.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The compositions the shape and indexing ops are built from, on their own: values against hand
 * computations, and gradients checked in float64 against finite differences (so an imported graph
 * that uses them can be fine-tuned).
 */
class ShapeOpsGradTest {
  /** A fixed weighting of the output, so that every element's gradient differs. */
  private static Tensor weighted(Tensor y) {
    int n = y.size();
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 + 0.37 * i - 0.01 * i * i;
    }
    return y.mul(Tensor.of(w, y.shape())).sum();
  }

  private static void gradChecks(Function<Tensor[], Tensor> f, Tensor... inputs) {
    GradCheck.Result r = GradCheck.check(t -> weighted(f.apply(t)), inputs);
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  private static Tensor arange(int n, int... shape) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i + 1;
    }
    return Tensor.of(v, shape);
  }

  @Test
  void scatterNoneKeepsTheLastWriteOfARowAndRoutesGradientsToTheWinners() {
    Tensor data = arange(8, 4, 2);
    Tensor upd = Tensor.of(new double[] {10, 20, 30, 40, 50, 60}, 3, 2);
    int[] rows = {2, 0, 2};
    Tensor y = ScatterRows.scatter(data, rows, upd, ScatterRows.Reduction.NONE);
    // row 2 is written twice: the last update (50, 60) stays
    assertThat(y.toDoubleArray()).containsExactly(30, 40, 3, 4, 50, 60, 7, 8);
    Tensor d = data.requiresGrad(true), u = upd.requiresGrad(true);
    ScatterRows.scatter(d, rows, u, ScatterRows.Reduction.NONE).sum().backward();
    assertThat(d.grad().toDoubleArray()).containsExactly(0, 0, 1, 1, 0, 0, 1, 1);
    assertThat(u.grad().toDoubleArray()).containsExactly(0, 0, 1, 1, 1, 1);
  }

  @Test
  void scatterAddAndMulCombineEveryUpdateOfARow() {
    Tensor data = arange(8, 4, 2);
    Tensor upd = Tensor.of(new double[] {10, 20, 30, 40, 2, 3}, 3, 2);
    int[] rows = {2, 0, 2};
    assertThat(ScatterRows.scatter(data, rows, upd, ScatterRows.Reduction.ADD).toDoubleArray())
        .containsExactly(31, 42, 3, 4, 17, 29, 7, 8);
    assertThat(ScatterRows.scatter(data, rows, upd, ScatterRows.Reduction.MUL).toDoubleArray())
        .containsExactly(30, 80, 3, 4, 100, 360, 7, 8);
    Tensor ints = Tensor.of(new long[] {1, 2, 3}, 3, 1);
    Tensor intUpd = Tensor.of(new long[] {5, 7}, 2, 1);
    assertThat(
            ScatterRows.scatter(ints, new int[] {1, 1}, intUpd, ScatterRows.Reduction.MUL)
                .toLongArray())
        .containsExactly(1, 70, 3);
    assertThat(
            ScatterRows.scatter(
                    Tensor.of(new int[] {1, 2}, 2, 1),
                    new int[] {0},
                    Tensor.of(new int[] {9}, 1, 1),
                    ScatterRows.Reduction.ADD)
                .dtype())
        .isEqualTo(DType.INT32);
  }

  @Test
  void scatterGradientsMatchFiniteDifferences() {
    Tensor data = Tensor.randn(1, DType.FLOAT64, 4, 3);
    Tensor upd = Tensor.randn(2, DType.FLOAT64, 5, 3);
    int[] rows = {1, 3, 1, 0, 1};
    for (ScatterRows.Reduction red : ScatterRows.Reduction.values()) {
      gradChecks(t -> ScatterRows.scatter(t[0], rows, t[1], red), data, upd);
    }
  }

  @Test
  void scatterRejectsRowsOutOfRangeAndBoolReductions() {
    Tensor data = Tensor.zeros(DType.FLOAT64, 2, 1);
    assertThatThrownBy(
            () ->
                ScatterRows.scatter(
                    data,
                    new int[] {2},
                    Tensor.ones(DType.FLOAT64, 1, 1),
                    ScatterRows.Reduction.ADD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2 is out of range for 2 rows");
    Tensor b = Tensor.of(new boolean[] {true, false}, 2, 1);
    assertThatThrownBy(
            () ->
                ScatterRows.scatter(
                    b,
                    new int[] {0},
                    Tensor.of(new boolean[] {false}, 1, 1),
                    ScatterRows.Reduction.MUL))
        .hasMessageContaining("reduction mul needs numbers, got BOOL");
  }

  @Test
  void sliceClampsBoundsAndTakesNegativeSteps() {
    Tensor x = arange(10, 10); // 1..10
    long max = Long.MAX_VALUE, min = Long.MIN_VALUE;
    assertThat(
            SliceOps.slice(x, new long[] {-2}, new long[] {min}, null, new long[] {-3})
                .toDoubleArray())
        .containsExactly(9, 6, 3);
    assertThat(
            SliceOps.slice(x, new long[] {max}, new long[] {min}, null, new long[] {-1})
                .toDoubleArray())
        .containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(
            SliceOps.slice(x, new long[] {-100}, new long[] {3}, null, new long[] {2})
                .toDoubleArray())
        .containsExactly(1, 3);
    assertThat(SliceOps.slice(x, new long[] {5}, new long[] {2}, null, null).shape())
        .containsExactly(0);
    assertThat(
            SliceOps.slice(x, new long[] {1}, new long[] {max}, null, new long[] {max})
                .toDoubleArray())
        .containsExactly(2);
    assertThat(
            SliceOps.slice(
                    Tensor.zeros(0, 2), new long[] {0}, new long[] {-1}, null, new long[] {-1})
                .shape())
        .containsExactly(0, 2);
    Tensor m = arange(12, 3, 4);
    // axis -1 reversed from 2, axis 0 from 1 on
    assertThat(
            SliceOps.slice(
                    m,
                    new long[] {2, 1},
                    new long[] {min, 5},
                    new long[] {-1, 0},
                    new long[] {-1, 1})
                .toDoubleArray())
        .containsExactly(7, 6, 5, 11, 10, 9);
    assertThatThrownBy(
            () -> SliceOps.slice(x, new long[] {0}, new long[] {1}, null, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 0");
    gradChecks(
        t -> SliceOps.slice(t[0], new long[] {3, 0}, new long[] {-5, 4}, null, new long[] {-1, 3}),
        Tensor.randn(3, DType.FLOAT64, 4, 5));
  }

  @Test
  void padReflectsEdgesAndCrops() {
    Tensor x = arange(3, 3); // 1 2 3
    assertThat(SliceOps.pad(x, new long[] {2, 2}, "reflect", null, 0).toDoubleArray())
        .containsExactly(3, 2, 1, 2, 3, 2, 1);
    // beyond one reflection numpy's reflect keeps bouncing
    assertThat(SliceOps.pad(x, new long[] {5, 0}, "reflect", null, 0).toDoubleArray())
        .containsExactly(2, 1, 2, 3, 2, 1, 2, 3);
    assertThat(SliceOps.pad(x, new long[] {2, 1}, "edge", null, 0).toDoubleArray())
        .containsExactly(1, 1, 1, 2, 3, 3);
    assertThat(SliceOps.pad(x, new long[] {-1, 2}, "constant", null, 7.5).toDoubleArray())
        .containsExactly(2, 3, 7.5, 7.5);
    assertThat(
            SliceOps.pad(x, new long[] {1, -2}, "constant", Tensor.scalar(-1.0), 0).toDoubleArray())
        .containsExactly(-1, 1);
    Tensor m = arange(4, 2, 2);
    assertThat(SliceOps.pad(m, new long[] {0, 1, 1, 0}, "edge", null, 0).toDoubleArray())
        .containsExactly(1, 1, 2, 3, 3, 4, 3, 3, 4);
    Tensor ints = Tensor.of(new long[] {5, 6}, 2);
    Tensor padded = SliceOps.pad(ints, new long[] {1, 0}, "constant", null, 9);
    assertThat(padded.dtype()).isEqualTo(DType.INT64);
    assertThat(padded.toLongArray()).containsExactly(9, 5, 6);
    assertThatThrownBy(() -> SliceOps.pad(x, new long[] {-2, -2}, "constant", null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crop more than axis 0 of size 3");
    assertThatThrownBy(() -> SliceOps.pad(x, new long[] {1}, "constant", null, 0))
        .hasMessageContaining("expected 2 for an input of rank 1");
    for (String mode : new String[] {"constant", "reflect", "edge"}) {
      gradChecks(
          t -> SliceOps.pad(t[0], new long[] {1, -1, 3, 2}, mode, null, 0.25),
          Tensor.randn(4, DType.FLOAT64, 3, 4));
    }
  }

  @Test
  void tileRepeatsLikeNumpyAndSumsGradientsBack() {
    Tensor x = arange(4, 2, 2);
    assertThat(ShapeOps.tile(x, new int[] {2, 1}).toDoubleArray())
        .containsExactly(1, 2, 3, 4, 1, 2, 3, 4);
    assertThat(ShapeOps.tile(x, new int[] {1, 2}).toDoubleArray())
        .containsExactly(1, 2, 1, 2, 3, 4, 3, 4);
    assertThat(ShapeOps.tile(x, new int[] {0, 3}).shape()).containsExactly(0, 6);
    gradChecks(t -> ShapeOps.tile(t[0], new int[] {2, 3}), Tensor.randn(5, DType.FLOAT64, 2, 3));
  }

  @Test
  void reshapeCopiesZerosUnlessAllowedAndInfersMinusOne() {
    int[] in = {2, 3, 4};
    assertThat(ShapeOps.reshapeDims(in, new long[] {0, -1}, false)).containsExactly(2, 12);
    assertThat(ShapeOps.reshapeDims(new int[] {0, 3}, new long[] {3, 0}, true))
        .containsExactly(3, 0);
    assertThatThrownBy(() -> ShapeOps.reshapeDims(in, new long[] {5, -1}, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot infer the -1 of shape [5, -1]");
    assertThatThrownBy(() -> ShapeOps.reshapeDims(in, new long[] {-1, -1}, false))
        .hasMessageContaining("more than one -1");
    assertThatThrownBy(() -> ShapeOps.reshapeDims(in, new long[] {0, 0, 0, 0}, false))
        .hasMessageContaining("copies dimension 3 (0) but the input [2, 3, 4] has rank 3");
  }
}
