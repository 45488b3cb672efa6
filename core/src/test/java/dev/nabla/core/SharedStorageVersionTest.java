package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes counted on the storage, not on one tensor object: a write through any view of the memory a
 * graph saved makes its backward fail, instead of silently using the new values.
 */
class SharedStorageVersionTest {

  /** Every way to get a second tensor over the same memory. */
  static List<Function<Tensor, Tensor>> views() {
    return List.of(
        Tensor::detach,
        t -> t.reshape(-1),
        t -> t.reshape(2, 2).reshape(4),
        Tensor::flatten,
        t -> t.unsqueeze(0),
        t -> t.unsqueeze(0).squeeze(),
        t -> t.sum(new int[0], false),
        t -> t.to(t.dtype()).detach());
  }

  /** Every way to write a tensor in place. */
  static List<Consumer<Tensor>> writes() {
    return List.of(
        t -> t.fill(0),
        t -> t.mulInPlace(0),
        t -> t.addInPlace(Tensor.ones(t.dtype(), t.shape()), 1),
        t -> t.copyFrom(Tensor.zeros(t.dtype(), t.shape())),
        t -> Tensor.ones(t.dtype(), t.shape()).add(Tensor.ones(t.dtype(), t.shape()), t),
        t -> t.exp(t),
        t -> {
          t.doubleStorage()[0] = 42;
          t.markModified();
        });
  }

  static Stream<Arguments> viewsAndWrites() {
    List<Function<Tensor, Tensor>> views = views();
    List<Consumer<Tensor>> writes = writes();
    Stream.Builder<Arguments> b = Stream.builder();
    for (int v = 0; v < views.size(); v++) {
      for (int w = 0; w < writes.size(); w++) {
        b.add(Arguments.of(v, w));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "view {0}, write {1}")
  @MethodSource("viewsAndWrites")
  void aWriteThroughAnyViewOfASavedInputFailsBackward(int view, int write) {
    // d/dw sum(x * w) = x: Mul saves x for w's gradient.
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4);
    Tensor w = Tensor.ones(DType.FLOAT64, 4).requiresGrad(true);
    Tensor loss = x.mul(w).sum();
    try (var _ = Grad.disabled()) {
      writes().get(write).accept(views().get(view).apply(x));
    }
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Mul: a tensor it saved for backward")
        .hasMessageContaining("modified in place")
        .hasMessageContaining("another tensor sharing its storage");
  }

  @ParameterizedTest(name = "view {0}, write {1}")
  @MethodSource("viewsAndWrites")
  void aWriteThroughAViewOfASavedLeafFailsBackward(int view, int write) {
    // Mul saves both operands; w is a leaf that requires grad, written through a view of it.
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    try (var _ = Grad.disabled()) {
      writes().get(write).accept(views().get(view).apply(w));
    }
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void theIssuesCaseAViewSavedByMatmulAndTheOriginalWritten() {
    // batch.mulInPlace(0) after an op saved batch.reshape(1, 4): the weight gradient would be
    // [0, 0, 0, 0] instead of the batch [1, 2, 3, 4].
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4}, 4);
    Tensor w = Tensor.ones(4, 1).requiresGrad(true);
    Tensor loss = batch.reshape(1, 4).matmul(w).sum();
    batch.mulInPlace(0);
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void withoutAWriteTheSameGraphGivesTheHandGradient() {
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4}, 4);
    Tensor w = Tensor.ones(4, 1).requiresGrad(true);
    Tensor loss = batch.reshape(1, 4).matmul(w).sum();
    batch.detach().reshape(2, 2); // views alone are not writes
    loss.backward();
    assertThat(w.grad().toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void writesToACopyOrAfterBackwardAreAllowed() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4);
    Tensor w = Tensor.ones(DType.FLOAT64, 4).requiresGrad(true);
    Tensor loss = x.mul(w).sum();
    x.copy().fill(0);
    x.detach().copy().reshape(2, 2).fill(0);
    assertThatCode(loss::backward).doesNotThrowAnyException();
    assertThat(w.grad().toDoubleArray()).containsExactly(1, 2, 3, 4);
    x.detach().fill(0); // the graph is done with x
    assertThat(x.toDoubleArray()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void viewsShareTheWrittenValues() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 2);
    for (Function<Tensor, Tensor> view : views()) {
      x.fill(0);
      view.apply(x).fill(5);
      assertThat(x.toDoubleArray()).as("write through a view reaches the base").containsOnly(5);
    }
  }

  @Test
  void setDataKeepsIdentityAndMakesASavedTensorStale() {
    Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    Tensor same = w.setData(w.detach().to(DType.FLOAT64));
    assertThat(same).isSameAs(w);
    assertThat(w.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(w.toDoubleArray()).containsExactly(1, 2);
    assertThat(w.requiresGrad()).isTrue();
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("given new data (setData)");
  }

  @Test
  void setDataDropsAGradientThatNoLongerFitsAndKeepsOneThatDoes() {
    Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    w.mul(w).sum().backward();
    w.setData(Tensor.of(new double[] {5, 6}, 2));
    assertThat(w.grad().toDoubleArray()).containsExactly(2, 4);
    w.setData(Tensor.of(new float[] {5, 6}, 2));
    assertThat(w.grad()).isNull();
  }

  @Test
  void setDataIsRefusedOnGraphTensorsAndForIntegerDataOfAGradLeaf() {
    Tensor w = Tensor.ones(2).requiresGrad(true);
    Tensor y = w.mul(2);
    assertThatThrownBy(() -> y.setData(Tensor.zeros(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setData: this tensor was computed by Mul");
    assertThatThrownBy(() -> w.setData(Tensor.zeros(DType.INT32, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "setData: this tensor requires grad, so its data must be FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(() -> w.setData(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setData");
  }
}
