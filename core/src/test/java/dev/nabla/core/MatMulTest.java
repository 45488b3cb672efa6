package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.ops.MatMul;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MatMulTest {

  // ------------------------------------------------------------------ naive references

  /** op(A)·op(B) for row-major A (rows×cols as stored) and B, by the textbook triple loop. */
  private static double[] naive(
      double[] a, int aRows, int aCols, boolean ta, double[] b, int bRows, int bCols, boolean tb) {
    int m = ta ? aCols : aRows, k = ta ? aRows : aCols, n = tb ? bRows : bCols;
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = ta ? a[p * aCols + i] : a[i * aCols + p];
          double bv = tb ? b[j * bCols + p] : b[p * bCols + j];
          s += av * bv;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /**
   * numpy.matmul of N-d operands (rank >= 2) by looping over the broadcast batch index and picking
   * each operand's matrix by hand.
   */
  private static double[] naiveBatched(Tensor a, Tensor b, boolean ta, boolean tb, int[] batch) {
    int[] as = a.shape(), bs = b.shape();
    int ar = as[as.length - 2], ac = as[as.length - 1];
    int br = bs[bs.length - 2], bc = bs[bs.length - 1];
    double[] ad = a.toDoubleArray(), bd = b.toDoubleArray();
    int count = 1;
    for (int d : batch) {
      count *= d;
    }
    int m = ta ? ac : ar, n = tb ? br : bc;
    double[] out = new double[count * m * n];
    for (int t = 0; t < count; t++) {
      int[] idx = new int[batch.length];
      for (int d = batch.length - 1, r = t; d >= 0; d--) {
        idx[d] = r % batch[d];
        r /= batch[d];
      }
      double[] am =
          Arrays.copyOfRange(
              ad, matrixIndex(as, idx) * ar * ac, (matrixIndex(as, idx) + 1) * ar * ac);
      double[] bm =
          Arrays.copyOfRange(
              bd, matrixIndex(bs, idx) * br * bc, (matrixIndex(bs, idx) + 1) * br * bc);
      System.arraycopy(naive(am, ar, ac, ta, bm, br, bc, tb), 0, out, t * m * n, m * n);
    }
    return out;
  }

  /** Index of the matrix an operand of shape s uses for broadcast batch index idx. */
  private static int matrixIndex(int[] s, int[] idx) {
    int batchRank = s.length - 2, off = idx.length - batchRank, flat = 0;
    for (int d = 0; d < batchRank; d++) {
      flat = flat * s[d] + (s[d] == 1 ? 0 : idx[d + off]);
    }
    return flat;
  }

  /** A FLOAT32 copy (built directly: the Cast op is not needed to test matmul). */
  private static Tensor f32(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  private static void assertValues(Tensor actual, int[] shape, double[] expected, double tol) {
    assertThat(actual.shape()).containsExactly(shape);
    double[] v = actual.toDoubleArray();
    assertThat(v).hasSameSizeAs(expected);
    for (int i = 0; i < v.length; i++) {
      assertThat(v[i]).as("element " + i).isCloseTo(expected[i], within(tol));
    }
  }

  // ------------------------------------------------------------------ forward

  @Test
  void multipliesTwoMatricesAsComputedByHand() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
    Tensor c = a.matmul(b);
    assertThat(c.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(c.shape()).containsExactly(2, 2);
    // [1 2 3]·[7 9 11] = 58, [1 2 3]·[8 10 12] = 64,
    // [4 5 6]·[7 9 11] = 139, [4 5 6]·[8 10 12] = 154
    assertThat(c.toFloatArray()).containsExactly(58, 64, 139, 154);
  }

  /**
   * numpy.matmul over OpCheck arrays: 1-d operands promoted (and the added dim dropped), batches
   * broadcast.
   */
  private static OpCheck.Array product(OpCheck.Array a, OpCheck.Array b) {
    boolean va = a.shape().length == 1, vb = b.shape().length == 1;
    int[] as = va ? new int[] {1, a.shape()[0]} : a.shape();
    int[] bs = vb ? new int[] {b.shape()[0], 1} : b.shape();
    int[] ab = Arrays.copyOf(as, as.length - 2), bb = Arrays.copyOf(bs, bs.length - 2);
    int[] batch =
        OpCheck.broadcast(
                new OpCheck.Array(ab, new double[Naive.size(ab)]),
                new OpCheck.Array(bb, new double[Naive.size(bb)]),
                (x, y) -> 0)
            .shape();
    double[] v =
        naiveBatched(Tensor.of(a.values(), as), Tensor.of(b.values(), bs), false, false, batch);
    int[] shape = Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = as[as.length - 2];
    shape[batch.length + 1] = bs[bs.length - 1];
    int[] out =
        java.util.stream.IntStream.range(0, shape.length)
            .filter(d -> !(va && d == batch.length) && !(vb && d == batch.length + 1))
            .map(d -> shape[d])
            .toArray();
    return new OpCheck.Array(out, v);
  }

  @Test
  void productsMatchNumpyMatmulInBothDtypesAndKernelSetsWithGradients() {
    int[][][] cases = {
      // 2-d, with size-1 and empty dimensions
      {{1, 5}, {5, 1}},
      {{5, 1}, {1, 7}},
      {{1, 1}, {1, 1}},
      {{1, 6}, {6, 4}},
      {{4, 6}, {6, 1}},
      {{3, 7}, {7, 2}},
      {{17, 33}, {33, 9}},
      {{0, 3}, {3, 4}},
      {{3, 0}, {0, 4}},
      {{3, 4}, {4, 0}},
      // batch dimensions broadcast like numpy
      {{2, 1, 3, 4}, {5, 4, 6}},
      {{3, 4}, {2, 4, 5}},
      {{2, 3, 4}, {4, 5}},
      {{2, 3, 4}, {2, 4, 5}},
      {{1, 3, 4}, {2, 4, 5}},
      {{2, 1, 2, 3}, {1, 3, 3, 2}},
      {{0, 3, 4}, {4, 5}},
      // 1-d operands
      {{3}, {3, 2}},
      {{2, 3}, {3}},
      {{3}, {3}},
      {{3}, {2, 3, 2}},
      {{2, 2, 3}, {3}},
    };
    // a sum over k products: the kernels block and fuse it differently from the triple loop
    OpCheck.of("matmul", in -> in[0].matmul(in[1]), in -> product(in[0], in[1]))
        .shapeCases(cases)
        .ulps(64, 64)
        .check();
    // large enough for the blocked, threaded kernels: 300 float products per element (observed
    // within 110 ulps of the naive sum in either dtype)
    OpCheck.of("matmul", in -> in[0].matmul(in[1]), in -> product(in[0], in[1]))
        .shapes(new int[] {2, 300}, new int[] {300, 600})
        .ulps(1024, 1024)
        .check();
  }

  @Test
  void innerDimensionZeroGivesZeros() {
    Tensor c = Tensor.zeros(DType.FLOAT64, 2, 0).matmul(Tensor.zeros(DType.FLOAT64, 0, 3));
    assertThat(c.shape()).containsExactly(2, 3);
    assertThat(c.toDoubleArray()).containsOnly(0.0);
  }

  @Test
  void transposedVariantsReadOperandsTransposedInPlace() {
    long seed = 100;
    int m = 3, k = 5, n = 4;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Tensor a = ta ? randn64(seed++, k, m) : randn64(seed++, m, k);
        Tensor b = tb ? randn64(seed++, n, k) : randn64(seed++, k, n);
        double[] expected =
            naive(
                a.toDoubleArray(),
                a.dim(0),
                a.dim(1),
                ta,
                b.toDoubleArray(),
                b.dim(0),
                b.dim(1),
                tb);
        assertValues(new MatMul(ta, tb).apply(a, b), new int[] {m, n}, expected, 1e-12);
        assertValues(new MatMul(ta, tb).apply(f32(a), f32(b)), new int[] {m, n}, expected, 1e-4);
      }
    }
  }

  @Test
  void batchedTransposedVariantsMatchPerBatchNaiveProducts() {
    long seed = 300;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        // op(A) is [.., 3, 4] and op(B) is [.., 4, 2], with batch dims [2, 1] and [3].
        Tensor a = ta ? randn64(seed++, 2, 1, 4, 3) : randn64(seed++, 2, 1, 3, 4);
        Tensor b = tb ? randn64(seed++, 3, 2, 4) : randn64(seed++, 3, 4, 2);
        double[] expected = naiveBatched(a, b, ta, tb, new int[] {2, 3});
        assertValues(new MatMul(ta, tb).apply(a, b), new int[] {2, 3, 3, 2}, expected, 1e-12);
        // B without batch dims (the folded single-GEMM path when A is not transposed).
        Tensor b2 = tb ? randn64(seed++, 2, 4) : randn64(seed++, 4, 2);
        double[] expected2 = naiveBatched(a, b2, ta, tb, new int[] {2, 1});
        assertValues(new MatMul(ta, tb).apply(a, b2), new int[] {2, 1, 3, 2}, expected2, 1e-12);
      }
    }
  }

  @Test
  void oneDimensionalOperandsArePromotedAndTheAddedDimensionRemoved() {
    Tensor v = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor mt = Tensor.of(new double[] {1, 0, 2, 0, 1, 1}, 2, 3);
    // vector @ matrix: [1 2 3]·[[1 2] [3 4] [5 6]] = [22, 28]
    assertValues(v.matmul(m), new int[] {2}, new double[] {22, 28}, 0);
    // matrix @ vector: [[1 0 2] [0 1 1]]·[1 2 3] = [7, 5]
    assertValues(mt.matmul(v), new int[] {2}, new double[] {7, 5}, 0);
    // vector @ vector: 1 + 4 + 9 = 14, a 0-d result
    assertValues(v.matmul(v), new int[0], new double[] {14}, 0);
    // vector @ batched matrix: [1 2 3] times each of two [3, 2] matrices
    Tensor bm = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 1, 0, 0, 1, 1, 1}, 2, 3, 2);
    assertValues(v.matmul(bm), new int[] {2, 2}, new double[] {22, 28, 4, 5}, 0);
    // batched matrix @ vector: each [3, 2] matrix times [1, -1]
    Tensor w = Tensor.of(new double[] {1, -1}, 2);
    assertValues(bm.matmul(w), new int[] {2, 3}, new double[] {-1, -1, -1, 1, -1, 0}, 0);
    // transpose flags do not change a 1-d operand
    assertValues(new MatMul(true, true).apply(v, v), new int[0], new double[] {14}, 0);
    // FLOAT32 vector @ vector
    assertThat(f32(v).matmul(f32(v)).floatItem()).isEqualTo(14f);
  }

  @Test
  void issueExampleForwardMatchesNaiveProduct() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.randn(42L, 3, 2).requiresGrad(true);
    Tensor y = x.matmul(w);
    assertThat(y.requiresGrad()).isTrue();
    float[] wv = w.toFloatArray();
    float[] expected = new float[4];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        for (int p = 0; p < 3; p++) {
          expected[i * 2 + j] += (i * 3 + p + 1) * wv[p * 2 + j];
        }
      }
    }
    assertThat(y.shape()).containsExactly(2, 2);
    assertThat(y.toFloatArray()).containsExactly(expected, within(1e-5f));
  }

  @Test
  void float32GradientsMatchTransposedProductsOfTheSeed() {
    Tensor a = Tensor.randn(11L, 2, 3).requiresGrad(true);
    Tensor b = Tensor.randn(12L, 3, 4).requiresGrad(true);
    Tensor g = Tensor.randn(13L, 2, 4);
    a.matmul(b).backward(g);
    double[] ad = a.toDoubleArray(), bd = b.toDoubleArray(), gd = g.toDoubleArray();
    assertValues(a.grad(), new int[] {2, 3}, naive(gd, 2, 4, false, bd, 3, 4, true), 1e-5);
    assertValues(b.grad(), new int[] {3, 4}, naive(ad, 2, 3, true, gd, 2, 4, false), 1e-5);
    assertThat(a.grad().dtype()).isEqualTo(DType.FLOAT32);
  }

  // ------------------------------------------------------------------ gradients

  // gradients of plain, batched and 1-d products: OpCheck above

  @Test
  void gradientOfTransposedVariantsPassesGradCheck() {
    long seed = 40;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        MatMul op = new MatMul(ta, tb);
        Tensor a = ta ? randn64(seed++, 4, 3) : randn64(seed++, 3, 4);
        Tensor b = tb ? randn64(seed++, 2, 4) : randn64(seed++, 4, 2);
        assertGradients(in -> op.apply(in[0], in[1]), a, b);
        Tensor ab = ta ? randn64(seed++, 2, 1, 4, 3) : randn64(seed++, 2, 1, 3, 4);
        Tensor bb = tb ? randn64(seed++, 3, 2, 4) : randn64(seed++, 3, 4, 2);
        assertGradients(in -> op.apply(in[0], in[1]), ab, bb);
        Tensor b2 = tb ? randn64(seed++, 2, 4) : randn64(seed++, 4, 2);
        assertGradients(in -> op.apply(in[0], in[1]), ab, b2);
      }
    }
  }

  @Test
  void gradientWithAZeroSizeDimensionIsEmptyOrZero() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 2, 0).requiresGrad(true);
    Tensor b = Tensor.zeros(DType.FLOAT64, 0, 3).requiresGrad(true);
    a.matmul(b).backward(Tensor.ones(DType.FLOAT64, 2, 3));
    assertThat(a.grad().shape()).containsExactly(2, 0);
    assertThat(b.grad().shape()).containsExactly(0, 3);
    Tensor c = randn64(3, 3, 2).requiresGrad(true);
    Tensor d = Tensor.zeros(DType.FLOAT64, 2, 0).requiresGrad(true);
    c.matmul(d).backward(Tensor.zeros(DType.FLOAT64, 3, 0));
    assertThat(c.grad().toDoubleArray()).containsOnly(0.0);
  }

  // ------------------------------------------------------------------ errors

  @Test
  void mismatchedInnerDimensionsAreRejectedNamingBothShapes() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: cannot multiply [2, 3] by [4, 5]: inner dimensions 3 and 4 differ");
    assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: cannot multiply [3] by [4]: inner dimensions 3 and 4 differ");
    assertThatThrownBy(() -> new MatMul(true, false).apply(Tensor.zeros(2, 3), Tensor.zeros(3, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "matmul: cannot multiply [2, 3] by [3, 5]: inner dimensions 2 and 3 differ"
                + " (first operand transposed)");
  }

  @Test
  void zeroDimensionalOperandsAreRejected() {
    assertThatThrownBy(() -> Tensor.scalar(2f).matmul(Tensor.zeros(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matmul: cannot multiply [] by [2, 2]")
        .hasMessageContaining("0-d operand");
    assertThatThrownBy(() -> Tensor.zeros(2).matmul(Tensor.scalar(2f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0-d operand");
  }

  @Test
  void nonBroadcastableBatchDimensionsAreRejected() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "matmul: cannot multiply [2, 3, 4] by [3, 4, 5]: batch dimensions [2] and [3]"
                + " do not broadcast (2 vs 3)");
  }

  @Test
  void dtypeMismatchAndIntegerOperandsAreRejected() {
    assertThatThrownBy(() -> Tensor.zeros(2, 2).matmul(Tensor.zeros(DType.FLOAT64, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: dtype mismatch: FLOAT32 and FLOAT64");
    Tensor i = Tensor.zeros(DType.INT32, 2, 2);
    assertThatThrownBy(() -> i.matmul(i))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: expected FLOAT32 or FLOAT64 operands, got INT32");
  }

  @Test
  void wrongNumberOfInputsIsRejected() {
    assertThatThrownBy(() -> new MatMul().apply(Tensor.zeros(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: expected inputs (a, b) or (a, b, bias), got 1 inputs");
  }

  // ------------------------------------------------------------------ fused bias

  @Test
  void biasIsAddedToEveryRowAsComputedByHand() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
    Tensor bias = Tensor.of(new float[] {0.5f, -100}, 2);
    // the hand products above plus (0.5, -100) on each row
    assertThat(a.matmul(b, bias).toFloatArray()).containsExactly(58.5f, -36, 139.5f, 54);
  }

  @Test
  void biasedProductMatchesProductPlusBiasOnLargeAndBatchedShapes() {
    // large enough for the packed, multi-slice and threaded GEMM paths; values in both dtypes
    int[][] shapes = {{3, 4, 5}, {130, 300, 70}, {64, 1600, 40}};
    long seed = 300;
    for (int[] s : shapes) {
      Tensor a = randn64(seed++, s[0], s[1]), b = randn64(seed++, s[1], s[2]);
      Tensor bias = randn64(seed++, s[2]);
      double[] want = a.matmul(b).add(bias).toDoubleArray();
      assertThat(a.matmul(b, bias).toDoubleArray()).containsExactly(want, within(1e-9));
      double[] want32 =
          a.to(DType.FLOAT32)
              .matmul(b.to(DType.FLOAT32))
              .add(bias.to(DType.FLOAT32))
              .to(DType.FLOAT64)
              .toDoubleArray();
      double[] got32 =
          a.to(DType.FLOAT32)
              .matmul(b.to(DType.FLOAT32), bias.to(DType.FLOAT32))
              .to(DType.FLOAT64)
              .toDoubleArray();
      assertThat(got32).containsExactly(want32, within(1e-4 * s[1]));
    }
    Tensor a = randn64(310, 2, 3, 4, 5), b = randn64(311, 5, 6), bias = randn64(312, 6);
    assertThat(a.matmul(b, bias).shape()).containsExactly(2, 3, 4, 6);
    assertThat(a.matmul(b, bias).toDoubleArray())
        .containsExactly(a.matmul(b).add(bias).toDoubleArray(), within(1e-12));
  }

  @Test
  void gradientOfBiasedProductPassesGradCheck() {
    assertGradients(
        in -> in[0].matmul(in[1], in[2]), randn64(20, 3, 4), randn64(21, 4, 2), randn64(22, 2));
    assertGradients(
        in -> in[0].matmul(in[1], in[2]), randn64(23, 2, 3, 4), randn64(24, 4, 5), randn64(25, 5));
    assertGradients(
        in -> in[0].matmul(in[1], in[2]), randn64(26, 1, 3), randn64(27, 3, 1), randn64(28, 1));
  }

  @Test
  void fusedReluEqualsReluOfTheBiasedProductAndItsGradients() {
    // values bit for bit, and gradients against the unfused ops' autograd, with and without bias
    for (boolean withBias : new boolean[] {true, false}) {
      Tensor a = randn64(40, 5, 7).requiresGrad(true), b = randn64(41, 7, 6).requiresGrad(true);
      Tensor bias = randn64(42, 6).requiresGrad(true);
      Tensor seed = randn64(43, 5, 6);
      Tensor fused = a.matmulRelu(b, withBias ? bias : null);
      Tensor plain = (withBias ? a.matmul(b).add(bias) : a.matmul(b)).relu();
      assertThat(fused.toDoubleArray()).containsExactly(plain.toDoubleArray(), within(1e-12));
      assertThat(fused.toDoubleArray()).contains(0.0); // some outputs are clipped
      fused.backward(seed);
      double[] ga = a.grad().toDoubleArray(), gb = b.grad().toDoubleArray();
      double[] gbias = bias.grad() == null ? null : bias.grad().toDoubleArray();
      a.zeroGrad();
      b.zeroGrad();
      bias.zeroGrad();
      plain.backward(seed);
      assertThat(ga).containsExactly(a.grad().toDoubleArray(), within(1e-12));
      assertThat(gb).containsExactly(b.grad().toDoubleArray(), within(1e-12));
      if (withBias) {
        assertThat(gbias).containsExactly(bias.grad().toDoubleArray(), within(1e-12));
      }
    }
  }

  @Test
  void gradientOfFusedReluPassesGradCheckAwayFromTheKink() {
    // a bias of +-6 keeps every pre-activation of these unit-normal products clear of 0, on both
    // sides, so finite differences never straddle the kink
    Tensor bias = Tensor.of(new double[] {6, -6, 6, -6, 6}, 5);
    assertGradients(
        in -> in[0].matmulRelu(in[1], in[2]),
        randn64(44, 3, 2).mul(0.5),
        randn64(45, 2, 5).mul(0.5),
        bias);
    assertGradients(
        in -> in[0].matmulRelu(in[1], null).sum(),
        randn64(46, 2, 3).abs(),
        randn64(47, 3, 2).abs());
  }

  @Test
  void fusedReluIsOneNodeNamedMatMulRelu() {
    Tensor a = randn64(48, 2, 3).requiresGrad(true);
    Tensor y = a.matmulRelu(randn64(49, 3, 4), randn64(50, 4));
    assertThat(y.gradFn().opName()).isEqualTo("MatMulRelu");
  }

  @Test
  void badBiasesAreRejectedWithTheShapes() {
    Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(3, 4);
    assertThatThrownBy(() -> a.matmul(b, Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: bias must have shape [4] for a result of shape [2, 4], got [3]");
    assertThatThrownBy(() -> a.matmul(b, Tensor.zeros(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: bias must have shape [4] for a result of shape [2, 4], got [2, 4]");
    assertThatThrownBy(() -> a.matmul(b, Tensor.zeros(DType.FLOAT64, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: bias dtype FLOAT64 does not match the operands' FLOAT32");
    assertThatThrownBy(() -> a.matmul(Tensor.zeros(3), Tensor.zeros(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: a bias needs a matrix right operand (rank >= 2), got [3]");
  }
}
