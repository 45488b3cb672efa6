package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.internal.TensorAccess;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reshape, Permute, Slice, Concat, BroadcastTo, SumTo and the Tensor methods built from them:
 * values against naive loops or hand-written results, gradients, and every error.
 */
class ShapeOpsTest {

  // ---------------------------------------------------------------- reshape

  @Test
  void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
    Tensor x = Naive.iota(2, 3, 4);
    Tensor y = x.reshape(4, -1);
    assertThat(y.shape()).containsExactly(4, 6);
    assertThat(y.toDoubleArray()).containsExactly(x.toDoubleArray());
    assertThat(x.reshape(-1).shape()).containsExactly(24);
    assertThat(x.reshape(2, -1, 2).shape()).containsExactly(2, 6, 2);
    assertThat(Tensor.of(new int[] {1, 2, 3, 4}, 4).reshape(2, 2).toIntArray())
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void reshapeSharesTheImmutableStorageInsteadOfCopying() {
    Tensor x = Naive.iota(2, 3);
    Tensor y = x.reshape(3, 2);
    assertThat(y).isNotSameAs(x);
    assertThat(TensorAccess.data(y)).isSameAs(TensorAccess.data(x));
  }

  @Test
  void reshapeHandles0dAndEmptyTensors() {
    Tensor s = Tensor.scalar(3.0);
    assertThat(s.reshape().shape()).isEmpty();
    assertThat(s.reshape(1, 1).shape()).containsExactly(1, 1);
    assertThat(s.reshape(-1).shape()).containsExactly(1);
    assertThat(Tensor.zeros(1, 1).reshape().item()).isEqualTo(0.0);
    Tensor e = Tensor.zeros(0, 3);
    assertThat(e.reshape(-1, 3).shape()).containsExactly(0, 3);
    assertThat(e.reshape(3, 0, 5).shape()).containsExactly(3, 0, 5);
    assertThat(e.reshape(-1).shape()).containsExactly(0);
  }

  @Test
  void reshapeRejectsBadShapes() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.reshape(4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)");
    assertThatThrownBy(() -> x.reshape(4, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape: cannot reshape [2, 3] (6 elements) into [4, -1]")
        .hasMessageContaining("6 is not a multiple of 4");
    assertThatThrownBy(() -> x.reshape(-1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape: only one size can be -1 (inferred), got [-1, -1]");
    assertThatThrownBy(() -> x.reshape(-2, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape: negative size -2 in [-2, -3]");
    assertThatThrownBy(() -> Tensor.zeros(0, 3).reshape(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape: cannot infer the -1 in [0, -1] for shape [0, 3]");
    assertThatThrownBy(() -> x.reshape(1 << 20, 1 << 20, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(more than 2^31-1 elements)");
    assertThatThrownBy(() -> x.reshape((int[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape: shape must not be null");
  }

  @Test
  void reshapeGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].reshape(3, -1), randn64(1, 2, 3));
    assertGradients(in -> in[0].reshape(1, 1), Tensor.scalar(2.0));
    assertGradients(in -> in[0].reshape(), randn64(2, 1, 1));
  }

  // ---------------------------------------------------------------- permute

  static Stream<Arguments> permutations() {
    return Stream.of(
        Arguments.of(new int[] {2, 3}, new int[] {1, 0}),
        Arguments.of(new int[] {70, 45}, new int[] {1, 0}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 1, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 2, 1}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1, 0, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1, 2, 0}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {2, 0, 1}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {2, 1, 0}),
        Arguments.of(new int[] {3, 40, 33}, new int[] {0, 2, 1}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {0, 2, 3, 1}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {3, 2, 1, 0}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {1, 0, 2, 3}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {2, 3, 0, 1}),
        Arguments.of(new int[] {1, 3, 1, 4}, new int[] {3, 2, 0, 1}),
        Arguments.of(new int[] {2, 1, 3}, new int[] {1, 2, 0}),
        Arguments.of(new int[] {5}, new int[] {0}),
        Arguments.of(new int[] {0, 3}, new int[] {1, 0}));
  }

  @ParameterizedTest
  @MethodSource("permutations")
  void permuteMatchesNaiveLoopInEveryDtype(int[] shape, int[] axes) {
    Tensor x = Naive.iota(shape);
    double[] expected = Naive.permute(x.toDoubleArray(), shape, axes);
    int[] outShape = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      outShape[i] = shape[axes[i]];
    }
    Tensor y = x.permute(axes);
    assertThat(y.shape()).isEqualTo(outShape);
    assertThat(y.toDoubleArray()).containsExactly(expected);
    assertThat(Naive.f32(x).permute(axes).toDoubleArray()).containsExactly(expected);
    assertThat(Tensor.of(x.toIntArray(), shape).permute(axes).toDoubleArray())
        .containsExactly(expected);
  }

  @Test
  void permuteAcceptsNegativeAxesAnd0dTensors() {
    Tensor x = Naive.iota(2, 3, 4);
    assertThat(x.permute(-1, 0, -2).toDoubleArray())
        .containsExactly(x.permute(2, 0, 1).toDoubleArray());
    assertThat(Tensor.scalar(5.0).permute().item()).isEqualTo(5.0);
  }

  @Test
  void permuteRejectsAnythingButAPermutation() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.permute(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "permute: expected 2 axes (a permutation of 0..1) for shape [2, 3], got [0]");
    assertThatThrownBy(() -> x.permute(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "permute: axis 2 in [0, 2] is out of range for shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> x.permute(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permute: axis -1 is repeated in [1, -1]");
    assertThatThrownBy(() -> x.permute((int[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permute: axes must not be null");
  }

  @Test
  void permuteGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].permute(2, 0, 1), randn64(3, 2, 3, 4));
    assertGradients(in -> in[0].permute(1, 0), randn64(4, 3, 2));
    assertGradients(in -> in[0].permute(0, 3, 1, 2), randn64(5, 2, 1, 3, 2));
    assertGradients(in -> in[0].permute(), Tensor.scalar(2.0));
  }

  // ---------------------------------------------------------------- slice

  @Test
  void sliceFollowsPythonSlicingRules() {
    Tensor r = Tensor.arange(10);
    assertThat(r.slice(0, 2, 7).toIntArray()).containsExactly(2, 3, 4, 5, 6);
    assertThat(r.slice(0, -3, 10).toIntArray()).containsExactly(7, 8, 9);
    assertThat(r.slice(0, 0, 100, 3).toIntArray()).containsExactly(0, 3, 6, 9);
    assertThat(r.slice(0, -100, 3).toIntArray()).containsExactly(0, 1, 2);
    assertThat(r.slice(0, 1, -1, 2).toIntArray()).containsExactly(1, 3, 5, 7);
    assertThat(r.slice(0, -4, -1, 2).toIntArray()).containsExactly(6, 8);
    assertThat(r.slice(0, Integer.MIN_VALUE, Integer.MAX_VALUE, 4).toIntArray())
        .containsExactly(0, 4, 8);
    assertThat(r.slice(0, 9, 10, 5).toIntArray()).containsExactly(9);
    for (int[] empty : new int[][] {{8, 2}, {-1, -5}, {5, 5}, {10, 20}, {-20, -15}}) {
      Tensor e = r.slice(0, empty[0], empty[1]);
      assertThat(e.shape()).containsExactly(0);
    }
  }

  @Test
  void sliceAlongAnyAxisMatchesNaiveLoop() {
    int[] shape = {3, 7, 4};
    Tensor x = Naive.iota(shape);
    int[][] cases = {
      {0, 1, 3, 1}, {1, -6, 7, 2}, {1, 1, 6, 3}, {2, 0, 4, 2}, {-1, 1, -1, 1}, {2, -3, 4, 5}
    };
    for (int[] c : cases) {
      int axis = c[0] < 0 ? c[0] + 3 : c[0];
      int len = shape[axis];
      // Python's slice indices, written out directly.
      int start = c[1] < 0 ? Math.max(0, c[1] + len) : Math.min(c[1], len);
      int end = c[2] < 0 ? Math.max(0, c[2] + len) : Math.min(c[2], len);
      java.util.List<Integer> picked = new java.util.ArrayList<>();
      for (int i = start; i < end; i += c[3]) {
        picked.add(i);
      }
      int[] outShape = shape.clone();
      outShape[axis] = picked.size();
      double[] expected = new double[Naive.size(outShape)];
      for (int o = 0; o < expected.length; o++) {
        int[] idx = Naive.unravel(o, outShape);
        idx[axis] = picked.get(idx[axis]);
        expected[o] = Naive.ravel(idx, shape);
      }
      Tensor y = x.slice(c[0], c[1], c[2], c[3]);
      assertThat(y.shape()).as("case %s", java.util.Arrays.toString(c)).isEqualTo(outShape);
      assertThat(y.toDoubleArray()).containsExactly(expected);
      assertThat(Naive.f32(x).slice(c[0], c[1], c[2], c[3]).toDoubleArray())
          .containsExactly(expected);
    }
  }

  @Test
  void sliceRejectsNonPositiveStepsAndBadAxes() {
    Tensor x = Tensor.zeros(4);
    assertThatThrownBy(() -> x.slice(0, 0, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slice: step must be positive, got 0");
    assertThatThrownBy(() -> x.slice(0, 4, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slice: step must be positive, got -1");
    assertThatThrownBy(() -> x.slice(1, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "slice: axis 1 is out of range for a tensor of shape [4] (expected -1 to 0)");
  }

  @Test
  void sliceGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].slice(1, -5, 6, 2), randn64(6, 4, 6));
    assertGradients(in -> in[0].slice(0, 1, -1), randn64(7, 4, 3));
    assertGradients(in -> in[0].slice(1, 0, 5, 2), randn64(8, 2, 5, 3));
    assertGradients(in -> in[0].slice(-1, 3, 9), randn64(9, 1, 2));
  }

  // ---------------------------------------------------------------- concat

  @Test
  void concatJoinsAlongAnAxis() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new double[] {5, 6}, 1, 2);
    Tensor c = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
    Tensor rows = Tensor.concat(0, a, b, c);
    assertThat(rows.shape()).containsExactly(6, 2);
    assertThat(rows.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

    Tensor d = Tensor.of(new double[] {9, 8}, 2, 1);
    Tensor cols = Tensor.concat(-1, a, d, a);
    assertThat(cols.shape()).containsExactly(2, 5);
    assertThat(cols.toDoubleArray()).containsExactly(1, 2, 9, 1, 2, 3, 4, 8, 3, 4);
  }

  @Test
  void concatWorksForEveryDtypeEmptyPiecesAndASingleTensor() {
    Tensor i =
        Tensor.concat(
            0,
            Tensor.of(new int[] {1, 2}, 2),
            Tensor.zeros(DType.INT32, 0),
            Tensor.of(new int[] {3}, 1));
    assertThat(i.dtype()).isEqualTo(DType.INT32);
    assertThat(i.toIntArray()).containsExactly(1, 2, 3);
    Tensor f = Tensor.concat(1, Tensor.ones(2, 1, 2), Tensor.zeros(2, 2, 2));
    assertThat(f.shape()).containsExactly(2, 3, 2);
    assertThat(f.toFloatArray()).containsExactly(1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0);
    Tensor one = Tensor.concat(0, Tensor.of(new double[] {4, 5}, 2));
    assertThat(one.toDoubleArray()).containsExactly(4, 5);
  }

  @Test
  void concatRejectsMismatchedInputs() {
    assertThatThrownBy(() -> Tensor.concat(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concat: expected at least one tensor, got none");
    assertThatThrownBy(
            () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "concat: tensor 2 has shape [2, 4], tensor 0 has shape [2, 3]: sizes differ on axis 1");
    assertThatThrownBy(() -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "concat: tensor 1 has shape [6] of rank 1, tensor 0 has shape [2, 3] of rank 2");
    assertThatThrownBy(() -> Tensor.concat(0, Tensor.zeros(2), Tensor.zeros(DType.FLOAT64, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concat: dtype mismatch: tensor 1 is FLOAT64, tensor 0 is FLOAT32");
    assertThatThrownBy(() -> Tensor.concat(2, Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "concat: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> Tensor.concat(0, Tensor.scalar(1f), Tensor.scalar(2f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "concat: axis 0 is out of range for a tensor of shape [] (expected no axis: it is 0-d)");
  }

  @Test
  void concatGradientsMatchFiniteDifferences() {
    assertGradients(
        in -> Tensor.concat(1, in[0], in[1], in[2]),
        randn64(10, 2, 1),
        randn64(11, 2, 3),
        randn64(12, 2, 2));
    assertGradients(
        in -> Tensor.concat(0, in[0], in[1], in[2]),
        randn64(13, 1, 2, 2),
        randn64(14, 2, 2, 2),
        randn64(15, 1, 2, 2));
  }

  @Test
  void concatGivesGradientsOnlyToInputsThatNeedThem() {
    Tensor a = randn64(16, 2).requiresGrad(true);
    Tensor b = randn64(17, 3);
    Tensor.concat(0, a, b).sum().backward();
    assertThat(a.grad().toDoubleArray()).containsExactly(1, 1);
    assertThat(b.grad()).isNull();
  }

  // ---------------------------------------------------------------- broadcastTo / sumTo

  static Stream<Arguments> broadcasts() {
    return Stream.of(
        Arguments.of(new int[] {3, 1}, new int[] {2, 3, 4}),
        Arguments.of(new int[] {1}, new int[] {5}),
        Arguments.of(new int[] {}, new int[] {2, 2}),
        Arguments.of(new int[] {2, 1, 3}, new int[] {2, 4, 3}),
        Arguments.of(new int[] {4}, new int[] {3, 4}),
        Arguments.of(new int[] {2, 1, 1}, new int[] {2, 3, 5}),
        Arguments.of(new int[] {1, 3, 1, 2}, new int[] {2, 3, 4, 2}),
        Arguments.of(new int[] {2, 3}, new int[] {2, 3}),
        Arguments.of(new int[] {1, 3}, new int[] {0, 3}));
  }

  @ParameterizedTest
  @MethodSource("broadcasts")
  void broadcastToRepeatsValuesAsNaiveIndexing(int[] from, int[] to) {
    Tensor x = Naive.iota(from);
    double[] expected = new double[Naive.size(to)];
    int off = to.length - from.length;
    for (int o = 0; o < expected.length; o++) {
      int[] idx = Naive.unravel(o, to);
      int[] src = new int[from.length];
      for (int d = 0; d < from.length; d++) {
        src[d] = from[d] == 1 ? 0 : idx[d + off];
      }
      expected[o] = Naive.ravel(src, from);
    }
    Tensor y = x.broadcastTo(to);
    assertThat(y.shape()).isEqualTo(to);
    assertThat(y.toDoubleArray()).containsExactly(expected);
    assertThat(Naive.f32(x).broadcastTo(to).toDoubleArray()).containsExactly(expected);
    assertThat(Tensor.of(x.toIntArray(), from).broadcastTo(to).toDoubleArray())
        .containsExactly(expected);
  }

  @ParameterizedTest
  @MethodSource("broadcasts")
  void sumToAddsUpBroadcastPositionsAsNaiveIndexing(int[] to, int[] from) {
    Tensor x = randn64(20, from);
    double[] v = x.toDoubleArray();
    double[] expected = new double[Naive.size(to)];
    int off = from.length - to.length;
    for (int i = 0; i < v.length; i++) {
      int[] idx = Naive.unravel(i, from);
      int[] dst = new int[to.length];
      for (int d = 0; d < to.length; d++) {
        dst[d] = to[d] == 1 ? 0 : idx[d + off];
      }
      expected[Naive.ravel(dst, to)] += v[i];
    }
    Tensor y = x.sumTo(to);
    assertThat(y.shape()).isEqualTo(to);
    assertThat(y.toDoubleArray())
        .containsExactly(expected, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Naive.f32(x).sumTo(to).toDoubleArray())
        .containsExactly(expected, org.assertj.core.api.Assertions.within(1e-5));
  }

  @Test
  void broadcastToAndSumToRejectIncompatibleShapes() {
    assertThatThrownBy(() -> Tensor.zeros(3).broadcastTo(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broadcastTo: shape [3] cannot be broadcast to [4]");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).broadcastTo(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broadcastTo: shape [2, 3] cannot be broadcast to [3]");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).sumTo(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "sumTo: shape [2, 3] cannot be summed to [2], which does not broadcast to it");
    assertThatThrownBy(() -> Tensor.zeros(2).broadcastTo(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broadcastTo: negative size -1 in shape [-1, 2]");
  }

  @Test
  void broadcastToAndSumToGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].broadcastTo(2, 3, 4), randn64(30, 3, 1));
    assertGradients(in -> in[0].broadcastTo(2, 3), Tensor.scalar(2.0));
    assertGradients(in -> in[0].broadcastTo(2, 3), randn64(31, 1, 3));
    assertGradients(in -> in[0].sumTo(3, 1), randn64(32, 2, 3, 4));
    assertGradients(in -> in[0].sumTo(), randn64(33, 2, 3));
    assertGradients(in -> in[0].sumTo(1, 2), randn64(34, 3, 1, 2));
  }

  // ---------------------------------------------------------------- Tensor methods built on these
  // ops

  @Test
  void flattenKeepsLeadingAxesAsTorch() {
    Tensor x = Naive.iota(2, 3, 4);
    assertThat(x.flatten().shape()).containsExactly(24);
    assertThat(x.flatten(1).shape()).containsExactly(2, 12);
    assertThat(x.flatten(-1).shape()).containsExactly(2, 3, 4);
    assertThat(x.flatten(0).shape()).containsExactly(24);
    assertThat(x.flatten(1).toDoubleArray()).containsExactly(x.toDoubleArray());
    assertThat(Tensor.scalar(1.0).flatten().shape()).containsExactly(1);
    assertThat(Tensor.scalar(1.0).flatten(0).shape()).containsExactly(1);
    assertThat(Tensor.zeros(2, 0, 3).flatten(1).shape()).containsExactly(2, 0);
    assertThatThrownBy(() -> x.flatten(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "flatten: axis 3 is out of range for a tensor of shape [2, 3, 4] (expected -3 to 2)");
  }

  @Test
  void transposeReversesOrSwapsAxes() {
    Tensor x = Naive.iota(2, 3, 4);
    assertThat(x.transpose().shape()).containsExactly(4, 3, 2);
    assertThat(x.transpose().toDoubleArray())
        .containsExactly(Naive.permute(x.toDoubleArray(), new int[] {2, 3, 4}, 2, 1, 0));
    assertThat(x.transpose(0, 2).toDoubleArray())
        .containsExactly(Naive.permute(x.toDoubleArray(), new int[] {2, 3, 4}, 2, 1, 0));
    assertThat(x.transpose(-1, 1).shape()).containsExactly(2, 4, 3);
    assertThat(x.transpose(1, 1).toDoubleArray()).containsExactly(x.toDoubleArray());
    Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(m.transpose().toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
    assertThatThrownBy(() -> m.transpose(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "transpose: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
  }

  @Test
  void squeezeAndUnsqueezeRemoveAndInsertSize1Axes() {
    Tensor x = Naive.iota(1, 3, 1, 2);
    assertThat(x.squeeze().shape()).containsExactly(3, 2);
    assertThat(x.squeeze(0).shape()).containsExactly(3, 1, 2);
    assertThat(x.squeeze(-2).shape()).containsExactly(1, 3, 2);
    assertThat(Tensor.ones(1, 1).squeeze().shape()).isEmpty();
    assertThatThrownBy(() -> x.squeeze(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("squeeze: axis 1 of shape [1, 3, 1, 2] has size 3, expected 1");
    Tensor v = Naive.iota(3);
    assertThat(v.unsqueeze(0).shape()).containsExactly(1, 3);
    assertThat(v.unsqueeze(1).shape()).containsExactly(3, 1);
    assertThat(v.unsqueeze(-1).shape()).containsExactly(3, 1);
    assertThat(Tensor.scalar(1.0).unsqueeze(0).shape()).containsExactly(1);
    assertThat(v.unsqueeze(1).toDoubleArray()).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> v.unsqueeze(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "unsqueeze: axis 3 is out of range for a tensor of shape [3] (expected -2 to 1)");
  }

  @Test
  void stackJoinsAlongANewAxis() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor b = Tensor.of(new double[] {4, 5, 6}, 3);
    Tensor s0 = Tensor.stack(0, a, b);
    assertThat(s0.shape()).containsExactly(2, 3);
    assertThat(s0.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
    Tensor s1 = Tensor.stack(1, a, b);
    assertThat(s1.shape()).containsExactly(3, 2);
    assertThat(s1.toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
    Tensor scalars = Tensor.stack(0, Tensor.scalar(1f), Tensor.scalar(2f));
    assertThat(scalars.shape()).containsExactly(2);
    assertThatThrownBy(() -> Tensor.stack(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack: expected at least one tensor, got none");
    assertThatThrownBy(() -> Tensor.stack(0, a, Tensor.zeros(a.dtype(), 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack: tensor 1 has shape [2], expected [3] like tensor 0");
    assertThatThrownBy(
            () ->
                Tensor.stack(
                    0,
                    a,
                    Tensor.zeros(DType.FLOAT32, 3)
                        .to(a.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack: dtype mismatch: tensor 1 is");
    assertThatThrownBy(() -> Tensor.stack(0, a, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack: tensor 1 is null");
  }

  @Test
  void composedShapeMethodGradientsMatchFiniteDifferences() {
    assertGradients(in -> in[0].flatten(), randn64(40, 2, 3));
    assertGradients(in -> in[0].flatten(1), randn64(41, 2, 3, 2));
    assertGradients(in -> in[0].transpose(), randn64(42, 2, 3, 2));
    assertGradients(in -> in[0].transpose(0, 1), randn64(43, 2, 3));
    assertGradients(in -> in[0].squeeze(), randn64(44, 1, 3, 1));
    assertGradients(in -> in[0].squeeze(0), randn64(45, 1, 3));
    assertGradients(in -> in[0].unsqueeze(1), randn64(46, 3));
    assertGradients(
        in -> Tensor.stack(1, in[0], in[1], in[2]),
        randn64(47, 2, 2),
        randn64(48, 2, 2),
        randn64(49, 2, 2));
    assertGradients(in -> Tensor.stack(0, in[0], in[1]), Tensor.scalar(1.0), Tensor.scalar(2.0));
  }
}
