package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A tensor whose element count does not fit an int fails where it would be made, naming the shape,
 * instead of wrapping around to a negative or small size.
 */
class ElementCountOverflowTest {

  private static void rejects(ThrowingCallable call, String op, String shape) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(op + ":")
        .hasMessageContaining(shape)
        .hasMessageContaining("2^31-1")
        .hasMessageNotContaining("-2147483648")
        .hasMessageNotContaining("has -");
  }

  @Test
  void factoriesRejectShapesBeyondTheIntRange() {
    rejects(() -> Tensor.zeros(65536, 65536), "zeros", "[65536, 65536]");
    rejects(() -> Tensor.zeros(DType.INT64, 1 << 16, 1 << 15), "zeros", "[65536, 32768]");
    rejects(() -> Tensor.ones(DType.BOOL, 46341, 46341), "ones", "[46341, 46341]");
    rejects(() -> Tensor.full(DType.FLOAT64, 1, 3, 1 << 30), "full", "[3, 1073741824]");
    rejects(() -> Tensor.randn(1L, 1 << 20, 1 << 12), "randn", "[1048576, 4096]");
  }

  @Test
  void shapeOpsRejectResultsBeyondTheIntRange() {
    // 2^32 wraps to 0 in int arithmetic: an empty tensor must not "reshape" to it
    rejects(() -> Tensor.zeros(0).reshape(65536, 65536), "reshape", "[65536, 65536]");
    rejects(() -> Tensor.zeros(1, 1).broadcastTo(65536, 65536), "broadcastTo", "[65536, 65536]");
    rejects(() -> Tensor.zeros(65536, 1).add(Tensor.zeros(1, 65536)), "add", "[65536, 65536]");
    rejects(
        () -> Tensor.zeros(65536, 1).matmul(Tensor.zeros(1, 65536)), "matmul", "[65536, 65536]");
    // no elements, but an axis of 2^31 entries: no int can hold its length
    Tensor tall = Tensor.zeros(DType.BOOL, 1 << 30, 0);
    assertThatThrownBy(() -> Tensor.concat(0, tall, tall))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "concat: the result for 2 tensors (the first of shape [1073741824, 0]) would have"
                + " 2147483648 entries on axis 0, more than 2^31-1");
  }
}
