package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InPlaceTest {

  @Test
  void sgdStyleUpdateInsideNoGradScope() {
    Tensor p = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    p.mul(p).sum().backward(); // grad = 2p
    try (var _ = Grad.disabled()) {
      p.addInPlace(p.grad(), -0.25);
    }
    assertThat(p.toFloatArray()).containsExactly(0.5f, 1f, 1.5f);
    assertThat(p.requiresGrad()).isTrue();
  }

  @Test
  void addInPlaceBroadcastsTheAddend() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
    x.addInPlace(Tensor.of(new double[] {1, 2, 3}, 3), 2);
    assertThat(x.toDoubleArray()).containsExactly(2, 4, 6, 2, 4, 6);
    assertThatThrownBy(() -> x.addInPlace(Tensor.zeros(DType.FLOAT64, 2), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addInPlace: shape [2] cannot be broadcast to this tensor's [2, 3]");
  }

  @Test
  void mulFillAndCopyFrom() {
    Tensor x = Tensor.of(new int[] {1, 2}, 2);
    assertThat(x.mulInPlace(3).toIntArray()).containsExactly(3, 6);
    assertThat(x.fill(7).toIntArray()).containsExactly(7, 7);
    Tensor y = Tensor.zeros(2, 2);
    y.copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
    assertThat(y.toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
    assertThatThrownBy(() -> y.copyFrom(Tensor.zeros(DType.FLOAT64, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "copyFrom: expected a FLOAT32 tensor of shape [2, 2], got FLOAT64 [2, 2]");
  }

  @Test
  void storageIsLiveAndTyped() {
    Tensor x = Tensor.zeros(2);
    x.floatStorage()[1] = 5;
    assertThat(x.toFloatArray()).containsExactly(0f, 5f);
    assertThat(x.reshape(1, 2).floatStorage()).isSameAs(x.floatStorage());
    assertThatThrownBy(x::doubleStorage)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("doubleStorage: this tensor is FLOAT32, expected FLOAT64");
  }

  @Test
  void inPlaceOnARecordingLeafOrAGraphTensorIsRefused() {
    Tensor p = Tensor.ones(2).requiresGrad(true);
    assertThatThrownBy(() -> p.mulInPlace(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Grad.disabled()");
    Tensor y = p.mul(2);
    try (var _ = Grad.disabled()) {
      assertThatThrownBy(() -> y.fill(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("computed by Mul");
    }
  }

  @Test
  void overwritingASavedTensorBeforeBackwardIsDetected() {
    Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {3, 4}, 2);
    Tensor loss = a.mul(b).sum(); // Mul saves b for a's gradient
    b.fill(0);
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void markModifiedAfterADirectStorageWriteIsDetectedByBackward() {
    Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor loss = w.mul(w).sum(); // Mul saves w
    w.doubleStorage()[0] = 9;
    w.markModified();
    assertThatThrownBy(loss::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void copyIsADetachedLeafWithItsOwnStorage() {
    Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    Tensor c = w.mul(2).copy();
    assertThat(c.isLeaf()).isTrue();
    assertThat(c.requiresGrad()).isFalse();
    c.floatStorage()[0] = 7;
    assertThat(c.toFloatArray()).containsExactly(7f, 4f);
    assertThat(w.toFloatArray()).containsExactly(1f, 2f);
  }
}
