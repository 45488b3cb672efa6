package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * INT32 sums accumulate in 64 bits: exact when the result fits INT32, an error when it does not.
 */
class IntSumTest {
  private static final int P30 = 1 << 30;

  @Test
  void aSumOutsideInt32FailsInsteadOfWrapping() {
    // 3 * 2^30 = 3221225472; wrapped around it was -1073741824.
    Tensor x = Tensor.of(new int[] {P30, P30, P30}, 3);
    assertThatThrownBy(x::sum)
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "sum: summing an INT32 tensor of shape [3] over axes [0]: the sum at output index 0 "
                + "is 3221225472, outside INT32's range [-2147483648, 2147483647]; convert it first "
                + "(x.to(DType.FLOAT64)) for a wider result");
    assertThat(x.to(DType.FLOAT64).sum().item()).isEqualTo(3.0 * P30);
  }

  @Test
  void partialSumsMayLeaveInt32WhenTheTotalFitsIt() {
    // 2^30 + 2^30 overflows an int on the way; the total 2^30 + 2^30 - 2^30 - 1 does not.
    Tensor x = Tensor.of(new int[] {P30, P30, -P30, -1}, 4);
    assertThat(x.sum().item()).isEqualTo(P30 - 1);
    Tensor m = Tensor.of(new int[] {P30, P30, -P30, -1, Integer.MIN_VALUE, 0}, 3, 2);
    // Over axis 0: columns (2^30 - 2^30 + MIN) = MIN and (2^30 - 1 + 0); both fit.
    assertThat(m.sum(0).toIntArray()).containsExactly(Integer.MIN_VALUE, P30 - 1);
    // Over axis 1: rows 2^31 (too big), 0, MIN.
    assertThatThrownBy(() -> m.sum(1))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining(
            "shape [3, 2] over axes [1]: the sum at output index 0 is 2147483648");
  }

  @Test
  void everyReductionPathIsChecked() {
    Tensor x = Tensor.full(DType.INT32, P30, 2, 2, 2);
    assertThatThrownBy(() -> x.sum(0, 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("is 4294967296");
    assertThatThrownBy(() -> x.sum(new int[] {1}, true))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("is 2147483648");
    assertThatThrownBy(() -> x.sumTo(2, 1, 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageStartingWith(
            "sumTo: summing an INT32 tensor of shape [2, 2, 2] to shape [2, 1, 2]");
    Tensor small = Tensor.full(DType.INT32, 7, 2, 2, 2);
    assertThat(small.sum(0, 2).toIntArray()).containsExactly(28, 28);
    assertThat(small.sum().intItem()).isEqualTo(56);
  }
}
