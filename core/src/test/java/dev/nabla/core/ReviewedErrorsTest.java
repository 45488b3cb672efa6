package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Inputs a review found reaching a kernel unchecked: each now fails naming the op. */
class ReviewedErrorsTest {
  @Test
  void multinomialRefusesMoreIndicesThanATensorHolds() {
    // 2^20 rows x 2^12 samples = 2^32 indices: the product used to wrap to 0 and fail in arraycopy
    Tensor p = Tensor.ones(1 << 20, 1);
    assertThatThrownBy(() -> p.multinomial(1 << 12, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multinomial")
        .hasMessageContaining("4294967296");
  }

  @Test
  void minMaxArgminArgmaxOfBoolSayWhatTheyTake() {
    Tensor b = Tensor.of(new boolean[] {true, false}, 2);
    assertThatThrownBy(b::min).hasMessageStartingWith("min: ").hasMessageContaining("got BOOL");
    assertThatThrownBy(b::max).hasMessageStartingWith("max: ").hasMessageContaining("got BOOL");
    assertThatThrownBy(() -> b.argmin(0)).hasMessageStartingWith("argmin: ");
    assertThatThrownBy(() -> b.argmax(0)).hasMessageStartingWith("argmax: ");
  }
}
