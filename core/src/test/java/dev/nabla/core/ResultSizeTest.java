package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A result too large for a tensor (more than 2^31-1 elements, its storage being one Java array)
 * fails at the call, naming the op the user called and the shapes it was given, for every op that
 * computes a result shape from its inputs. Before, a broadcast of [65536, 1] and [1, 65536] came
 * back as a tensor claiming [65536, 65536] with 0 elements, and other sizes died with
 * NegativeArraySizeException or IndexOutOfBoundsException inside the kernels.
 */
class ResultSizeTest {

  @FunctionalInterface
  interface Call {
    Object run(Tensor a, Tensor b);
  }

  /** Every broadcasting binary op, by the name its message must start with. */
  static Stream<Arguments> binaryOps() {
    return Stream.of(
        Arguments.of("add", (Call) Tensor::add),
        Arguments.of("sub", (Call) Tensor::sub),
        Arguments.of("mul", (Call) Tensor::mul),
        Arguments.of("div", (Call) Tensor::div),
        Arguments.of("pow", (Call) Tensor::pow),
        Arguments.of("maximum", (Call) Tensor::maximum),
        Arguments.of("minimum", (Call) Tensor::minimum),
        Arguments.of("eq", (Call) Tensor::eq),
        Arguments.of("gt", (Call) Tensor::gt),
        Arguments.of("ge", (Call) Tensor::ge),
        Arguments.of("lt", (Call) Tensor::lt),
        Arguments.of("le", (Call) Tensor::le),
        Arguments.of("add", (Call) (a, b) -> a.add(b, Tensor.zeros(1))),
        Arguments.of("mul", (Call) (a, b) -> a.mul(b, Tensor.zeros(1))));
  }

  /** Sizes whose product wraps to 0 (2^32), to a negative int (46341^2), and just past 2^31. */
  static Stream<Arguments> binaryOpsAndSizes() {
    int[][] sizes = {{65536, 65536}, {46341, 46341}, {32768, 65537}};
    return binaryOps()
        .flatMap(
            op ->
                Arrays.stream(sizes).map(s -> Arguments.of(op.get()[0], op.get()[1], s[0], s[1])));
  }

  @ParameterizedTest(name = "{0} of [{2}, 1] and [1, {3}]")
  @MethodSource("binaryOpsAndSizes")
  void broadcastingBinaryOpsRefuseAResultTooLargeForATensor(String op, Call call, int m, int n) {
    Tensor a = Tensor.zeros(m, 1);
    Tensor b = Tensor.zeros(1, n);
    long elements = (long) m * n;
    assertThatThrownBy(() -> call.run(a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(op + ": ")
        .hasMessageContaining("[" + m + ", 1] and [1, " + n + "]")
        .hasMessageContaining("[" + m + ", " + n + "], " + elements + " elements")
        .hasMessageContaining("2^31-1");
  }

  @Test
  void integerBroadcastsAreCheckedToo() {
    Tensor a = Tensor.zeros(DType.INT32, 65536, 1);
    Tensor b = Tensor.zeros(DType.INT32, 1, 65536);
    assertThatThrownBy(() -> a.add(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("add: the result for inputs [65536, 1] and [1, 65536]");
  }

  @Test
  void matmulNamesBothOperandsWhenItsResultIsTooLarge() {
    assertThatThrownBy(() -> Tensor.zeros(65536, 1).matmul(Tensor.zeros(1, 65536)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "matmul: the result for inputs [65536, 1] and [1, 65536] would have "
                + "shape [65536, 65536], 4294967296 elements");
    // A broadcast batch: [65536, 1, 1] x [1, 1, 65536] -> [65536, 1, 65536].
    assertThatThrownBy(() -> Tensor.zeros(65536, 1, 1).matmul(Tensor.zeros(1, 1, 65536)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("matmul: the result for inputs [65536, 1, 1] and [1, 1, 65536]");
  }

  @Test
  void conv2dNamesInputAndWeightWhenPaddingMakesItsOutputTooLarge() {
    Tensor x = Tensor.zeros(1, 1, 1, 1);
    Tensor w = Tensor.zeros(1, 1, 1, 1);
    // (1 + 2 * 30000 - 1) + 1 = 60001 per side: 3.6e9 elements.
    assertThatThrownBy(() -> x.conv2d(w, null, 1, 30000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "conv2d: the result for inputs [1, 1, 1, 1] and [1, 1, 1, 1] "
                + "would have shape [1, 1, 60001, 60001], 3600120001 elements");
  }

  @Test
  void broadcastToNamesTheInputShape() {
    assertThatThrownBy(() -> Tensor.zeros(1, 1).broadcastTo(65536, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "broadcastTo: the result for input [1, 1] would have shape "
                + "[65536, 65536], 4294967296 elements");
  }

  @Test
  void concatAndStackOfManyViewsCountTheWholeResult() {
    // Views of one 4 MB tensor: 2049 of them would need 2^31 + 2^20 elements.
    Tensor base = Tensor.zeros(1 << 20);
    Tensor[] parts = new Tensor[2049];
    Arrays.fill(parts, base);
    assertThatThrownBy(() -> Tensor.concat(0, parts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "concat: the result for 2049 tensors (the first of shape [1048576]) "
                + "would have 2148532224 entries on axis 0");
    Tensor[] rows = Arrays.copyOf(parts, 2048); // [2048, 2^20] = 2^31 elements, one too many
    assertThatThrownBy(() -> Tensor.stack(0, rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "stack: the result for inputs [1048576], [1048576], [1048576], [1048576], ... "
                + "(2048 tensors) would have shape [2048, 1048576], 2147483648 elements");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zeros", "ones", "full", "rand", "randn", "uniform"})
  void factoriesNameThemselvesNotTheHelperTheyCall(String factory) {
    int[] shape = {46341, 46341};
    Runnable call =
        switch (factory) {
          case "zeros" -> () -> Tensor.zeros(shape);
          case "ones" -> () -> Tensor.ones(DType.FLOAT64, shape);
          case "full" -> () -> Tensor.full(3f, shape);
          case "rand" -> () -> Tensor.rand(1L, shape);
          case "randn" -> () -> Tensor.randn(1L, shape);
          case "uniform" -> () -> Tensor.uniform(1L, 0f, 1f, shape);
          default -> throw new AssertionError(factory);
        };
    assertThatThrownBy(call::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            factory
                + ": shape [46341, 46341] has 2147488281 elements, more than "
                + "2147483647 (2^31-1), the most a tensor can hold");
  }

  @Test
  void arangeRefusesARangeLongerThanATensorHolds() {
    assertThatThrownBy(() -> Tensor.arange(-1, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "arange: start=-1, end=2147483647 gives 2147483648 elements, more than 2147483647"
                + " (2^31-1), the most a tensor can hold");
    assertThatThrownBy(() -> Tensor.arange(Integer.MIN_VALUE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gives 2147483649 elements");
    assertThatThrownBy(() -> Tensor.arange(DType.FLOAT64, 0, 1e300, 1e-300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "arange: start=0.0, end=1.0E300, step=1.0E-300 gives more than 2^63 elements");
    assertThat(Tensor.arange(Integer.MAX_VALUE - 3, Integer.MAX_VALUE).toIntArray())
        .containsExactly(Integer.MAX_VALUE - 3, Integer.MAX_VALUE - 2, Integer.MAX_VALUE - 1);
  }

  @Test
  void resultsJustUnderTheLimitStillWork() {
    // 2^31-1 would need 8 GB; the check itself is what is under test: a [65535, 1] + [1, 2] result.
    Tensor r = Tensor.zeros(65535, 1).add(Tensor.ones(1, 2));
    assertThat(r.shape()).containsExactly(65535, 2);
    assertThat(r.size()).isEqualTo(131070);
    assertThat(r.sum().item()).isEqualTo(131070);
  }
}
