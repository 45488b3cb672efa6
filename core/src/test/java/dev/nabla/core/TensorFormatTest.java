package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tensor.toString: PyTorch's layout, notation, abbreviation and suffixes. */
class TensorFormatTest {

  @Test
  void matrixPrintsNestedRowsAlignedUnderEachOther() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(t.toString())
        .isEqualTo("tensor([[1.0000, 2.0000, 3.0000],\n        [4.0000, 5.0000, 6.0000]])");
  }

  @Test
  void scalarsPrintWithoutBrackets() {
    assertThat(Tensor.scalar(3.5f).toString()).isEqualTo("tensor(3.5000)");
    assertThat(Tensor.scalar(3.5).toString()).isEqualTo("tensor(3.5000, dtype=FLOAT64)");
    assertThat(Tensor.scalar(DType.INT32, 7).toString()).isEqualTo("tensor(7)");
  }

  @Test
  void int32PrintsIntegersRightAligned() {
    assertThat(Tensor.of(new int[] {1, -20, 300}, 3).toString())
        .isEqualTo("tensor([  1, -20, 300])");
  }

  @Test
  void valuesShareOneWidthIncludingSigns() {
    assertThat(Tensor.of(new double[] {-1.5, 2.25, 1000}, 3).toString())
        .isEqualTo("tensor([  -1.5000,    2.2500, 1000.0000], dtype=FLOAT64)");
  }

  @Test
  void widelySpreadMagnitudesSwitchToScientificNotation() {
    assertThat(Tensor.of(new float[] {1e-5f, 1e3f}, 2).toString())
        .isEqualTo("tensor([1.0000e-05, 1.0000e+03])");
    assertThat(Tensor.of(new double[] {123456789, 1}, 2).toString())
        .isEqualTo("tensor([1.2346e+08, 1.0000e+00], dtype=FLOAT64)");
    assertThat(Tensor.of(new float[] {0.00002f}, 1).toString()).isEqualTo("tensor([2.0000e-05])");
    assertThat(Tensor.of(new float[] {-3e9f, 0}, 2).toString())
        .isEqualTo("tensor([-3.0000e+09,  0.0000e+00])");
  }

  @Test
  void roundingIsHalfEvenOnTheExactBinaryValueAndKeepsTheSignOfZero() {
    // 1/32 = 0.03125 exactly: half-even gives 0.0312 (as Python), half-up would give 0.0313.
    assertThat(Tensor.of(new float[] {0.03125f, -0.0f, 2}, 3).toString())
        .isEqualTo("tensor([ 0.0312, -0.0000,  2.0000])");
    assertThat(Tensor.of(new double[] {0, 0}, 2).toString())
        .isEqualTo("tensor([0.0000, 0.0000], dtype=FLOAT64)");
  }

  @Test
  void nanAndInfinitiesPrintAsPython() {
    Tensor t =
        Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1}, 4);
    assertThat(t.toString()).isEqualTo("tensor([   nan,    inf,   -inf, 1.0000])");
  }

  @Test
  void threeDimensionalTensorsSeparateBlocksWithABlankLine() {
    assertThat(Tensor.arange(8).reshape(2, 2, 2).toString())
        .isEqualTo("tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])");
  }

  @Test
  void moreThanAThousandElementsAreAbbreviatedToThreeAtEachEnd() {
    assertThat(Tensor.arange(2000).toString())
        .isEqualTo("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
    assertThat(Tensor.arange(1000).slice(0, 0, 7).toString())
        .isEqualTo("tensor([0, 1, 2, 3, 4, 5, 6])");
    String expected =
        "tensor([[   0,    1,    2,  ...,   97,   98,   99],\n"
            + "        [ 100,  101,  102,  ...,  197,  198,  199],\n"
            + "        [ 200,  201,  202,  ...,  297,  298,  299],\n"
            + "        ...,\n"
            + "        [9700, 9701, 9702,  ..., 9797, 9798, 9799],\n"
            + "        [9800, 9801, 9802,  ..., 9897, 9898, 9899],\n"
            + "        [9900, 9901, 9902,  ..., 9997, 9998, 9999]])";
    assertThat(Tensor.arange(10000).reshape(100, 100).toString()).isEqualTo(expected);
  }

  @Test
  void exactlyAThousandElementsAreNotAbbreviated() {
    assertThat(Tensor.arange(1000).toString()).doesNotContain("...").contains(" 500,");
  }

  @Test
  void abbreviatedThreeDimensionalTensorsSkipWholeBlocks() {
    String s = Tensor.arange(2000).reshape(10, 10, 20).toString();
    assertThat(s).startsWith("tensor([[[   0,    1,    2,  ...,   17,   18,   19],\n");
    assertThat(s)
        .contains(
            "  599]],\n\n        ...,\n\n        [[1400, 1401, 1402,  ..., 1417, 1418, 1419],\n");
    assertThat(s).endsWith("[1980, 1981, 1982,  ..., 1997, 1998, 1999]]])");
  }

  @Test
  void longRowsWrapAtEightyColumns() {
    float[] v = new float[20];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    assertThat(Tensor.of(v, 20).toString())
        .isEqualTo(
            "tensor([ 0.0000,  1.0000,  2.0000,  3.0000,  4.0000,  5.0000,  6.0000,  7.0000,\n"
                + "         8.0000,  9.0000, 10.0000, 11.0000, 12.0000, 13.0000, 14.0000, 15.0000,\n"
                + "        16.0000, 17.0000, 18.0000, 19.0000])");
  }

  @Test
  void suffixesThatWouldPassEightyColumnsGoOnTheNextLine() {
    double[] v = {10, 11, 12, 13, 14, 15, 16, 17};
    assertThat(Tensor.of(v, 8).toString())
        .isEqualTo(
            "tensor([10.0000, 11.0000, 12.0000, 13.0000, 14.0000, 15.0000, 16.0000, 17.0000],\n"
                + "       dtype=FLOAT64)");
  }

  @Test
  void emptyTensorsPrintTheirShapeUnless1d() {
    assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], shape=[0, 3])");
    assertThat(Tensor.zeros(0).toString()).isEqualTo("tensor([])");
    assertThat(Tensor.zeros(DType.FLOAT64, 2, 0).toString())
        .isEqualTo("tensor([], shape=[2, 0], dtype=FLOAT64)");
  }

  @Test
  void gradientStatusIsShownAsPyTorchDoes() {
    Tensor leaf = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    assertThat(leaf.toString())
        .isEqualTo("tensor([1.0000, 2.0000], dtype=FLOAT64, requires_grad=true)");
    Tensor computed = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true).sum();
    assertThat(computed.toString()).isEqualTo("tensor(3.0000, grad_fn=<Sum>)");
    assertThat(leaf.detach().toString()).isEqualTo("tensor([1.0000, 2.0000], dtype=FLOAT64)");
  }
}
