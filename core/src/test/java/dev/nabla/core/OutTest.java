package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The {@code out} overloads: PyTorch's {@code out=}, written into a given tensor. */
class OutTest {

  @Test
  void valuesByHandAndTheSameInstanceComesBack() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor bias = Tensor.of(new float[] {10, 20, 30}, 3);
    Tensor out = Tensor.full(-7f, 2, 3);
    assertThat(a.add(bias, out)).isSameAs(out);
    assertThat(out.toFloatArray()).containsExactly(11, 22, 33, 14, 25, 36);
    assertThat(a.sub(bias, out).toFloatArray()).containsExactly(-9, -18, -27, -6, -15, -24);
    assertThat(a.mul(bias, out).toFloatArray()).containsExactly(10, 40, 90, 40, 100, 180);
    assertThat(a.div(Tensor.scalar(2f), out).toFloatArray())
        .containsExactly(0.5f, 1, 1.5f, 2, 2.5f, 3);
    Tensor x = Tensor.of(new float[] {-1, 0, 2}, 3);
    Tensor y = Tensor.zeros(3);
    assertThat(x.relu(y).toFloatArray()).containsExactly(0, 0, 2);
    assertThat(Tensor.zeros(3).tanh(y).toFloatArray()).containsExactly(0, 0, 0);
    assertThat(Tensor.zeros(3).sigmoid(y).toFloatArray()).containsExactly(0.5f, 0.5f, 0.5f);
    assertThat(Tensor.zeros(3).exp(y).toFloatArray()).containsExactly(1, 1, 1);
    assertThat(Tensor.ones(3).log(y).toFloatArray()).containsExactly(0, 0, 0);
    Tensor ints = Tensor.of(new int[] {1, -2}, 2);
    Tensor intOut = Tensor.zeros(DType.INT32, 2);
    assertThat(ints.add(ints, intOut).toIntArray()).containsExactly(2, -4);
    assertThat(ints.relu(intOut).toIntArray()).containsExactly(1, 0);
  }

  /** Each overload gives bit for bit what the allocating op gives, also into one of its inputs. */
  @Test
  void matchesTheAllocatingOpsAlsoWhenOutIsAnInput() {
    // 700 x 100 is past the size where the kernels split the work over threads.
    int[][][] layouts = {{{700, 100}, {100}}, {{700, 100}, {700, 1}}, {{5, 7}, {5, 7}}, {{9}, {}}};
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int[][] l : layouts) {
        Tensor a = Tensor.randn(1, dtype, l[0]);
        Tensor b = Tensor.uniform(2, dtype, 0.5, 2, l[1]);
        checkBinary(a, b, Tensor::add, (x, y, o) -> x.add(y, o));
        checkBinary(a, b, Tensor::sub, (x, y, o) -> x.sub(y, o));
        checkBinary(a, b, Tensor::mul, (x, y, o) -> x.mul(y, o));
        checkBinary(a, b, Tensor::div, (x, y, o) -> x.div(y, o));
        checkUnary(a, Tensor::exp, Tensor::exp);
        checkUnary(b, Tensor::log, Tensor::log);
        checkUnary(a, Tensor::tanh, Tensor::tanh);
        checkUnary(a, Tensor::sigmoid, Tensor::sigmoid);
        checkUnary(a, Tensor::relu, Tensor::relu);
      }
    }
  }

  interface Into3 {
    Tensor apply(Tensor a, Tensor b, Tensor out);
  }

  private static void checkBinary(Tensor a, Tensor b, BinaryOperator<Tensor> op, Into3 into) {
    Tensor want = op.apply(a, b);
    Tensor out = Tensor.zeros(want.dtype(), want.shape());
    assertThat(into.apply(a, b, out).allClose(want, 0, 0)).isTrue();
    Tensor a2 = a.copy();
    assertThat(into.apply(a2, b, a2).allClose(want, 0, 0)).as("out is this").isTrue();
    if (java.util.Arrays.equals(b.shape(), want.shape())) {
      Tensor b2 = b.copy();
      assertThat(into.apply(a, b2, b2).allClose(want, 0, 0)).as("out is other").isTrue();
    }
  }

  private static void checkUnary(Tensor x, UnaryOperator<Tensor> op, BinaryOperator<Tensor> into) {
    Tensor want = op.apply(x);
    assertThat(into.apply(x, Tensor.zeros(x.dtype(), x.shape())).allClose(want, 0, 0)).isTrue();
    Tensor x2 = x.copy();
    assertThat(into.apply(x2, x2).allClose(want, 0, 0)).as("out is this").isTrue();
  }

  @Test
  void badOutIsRefusedWithTheOpsName() {
    Tensor a = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> a.add(Tensor.zeros(3), Tensor.zeros(3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("add: out must be a FLOAT32 tensor of shape [2, 3], got FLOAT32 [3, 2]");
    assertThatThrownBy(() -> a.tanh(Tensor.zeros(DType.FLOAT64, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tanh: out must be a FLOAT32 tensor of shape [2, 3], got FLOAT64 [2, 3]");
    assertThatThrownBy(() -> a.mul(a, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mul: out must not be null");
    assertThatThrownBy(() -> a.sub(null, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sub: other must not be null");
    assertThatThrownBy(() -> a.add(Tensor.zeros(4), a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add")
        .hasMessageContaining("[4]");
    assertThatThrownBy(() -> a.exp(Tensor.zeros(DType.INT32, 2, 3)))
        .hasMessage("exp: out must be a FLOAT32 tensor of shape [2, 3], got INT32 [2, 3]");
    assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 2).exp(Tensor.zeros(DType.INT32, 2)))
        .hasMessageContaining("exp: expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }

  @Test
  void outRecordsNoGraph() {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    Tensor x = Tensor.ones(3);
    Tensor out = Tensor.zeros(3);
    assertThatThrownBy(() -> x.mul(w, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mul: out= records no graph, but an input requires grad");
    assertThatThrownBy(() -> w.tanh(out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tanh: out= records no graph, but this tensor requires grad");
    assertThatThrownBy(() -> x.add(x, w))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add: out is a leaf that requires grad");
    Tensor y = w.mul(2);
    try (var _ = Grad.disabled()) {
      assertThat(x.mul(w, out).toFloatArray()).containsExactly(1, 1, 1);
      assertThat(x.add(x, w).toFloatArray()).containsExactly(2, 2, 2); // an optimizer-style write
      assertThatThrownBy(() -> x.add(x, y))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("add: out was computed by Mul and is part of a graph");
    }
    assertThat(out.gradFn()).isNull();
    assertThat(out.requiresGrad()).isFalse();
  }

  @Test
  void writingIntoASavedTensorIsDetectedByBackward() {
    Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {3, 4}, 2);
    Tensor loss = a.mul(b).sum(); // Mul saves b for a's gradient
    b.add(b, b);
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }
}
