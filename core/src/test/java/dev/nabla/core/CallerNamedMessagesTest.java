package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Messages name the op the user called and the shapes it was given, not a helper it delegates to.
 */
class CallerNamedMessagesTest {

  @Test
  void anAxisOutOfRangeNamesTheShapeNotOnlyTheRank() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.sum(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sum: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> x.max(-3))
        .hasMessage("max: axis -3 is out of range for a tensor of shape [2, 3] (expected -2 to 1)");
    assertThatThrownBy(() -> x.mean(0, 0))
        .hasMessage("mean: axis 0 is repeated in [0, 0] (tensor of shape [2, 3])");
    assertThatThrownBy(() -> x.argmax(2))
        .hasMessageStartingWith("argmax: axis 2 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> x.softmax(5))
        .hasMessageStartingWith("softmax: axis 5 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> x.slice(4, 0, 1))
        .hasMessageStartingWith("slice: axis 4 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> x.dim(2))
        .hasMessageStartingWith("dim: axis 2 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> x.transpose(0, 2))
        .hasMessageStartingWith("transpose: axis 2 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> Tensor.concat(2, x, x))
        .hasMessageStartingWith("concat: axis 2 is out of range for a tensor of shape [2, 3]");
    assertThatThrownBy(() -> Tensor.scalar(1f).sum(0))
        .hasMessage(
            "sum: axis 0 is out of range for a tensor of shape [] (expected no axis: it is 0-d)");
  }

  @Test
  void stackNamesItselfForItsNewAxisAndItsShapes() {
    Tensor a = Tensor.zeros(2, 3);
    // The new axis goes at 0, 1 or 2 (or -3 to -1): 3 is one past the end.
    assertThatThrownBy(() -> Tensor.stack(3, a, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "stack: axis 3 is out of range for a tensor of shape [2, 3] (expected -3 to 2)");
    assertThatThrownBy(() -> Tensor.stack(-4, a, a))
        .hasMessageStartingWith("stack: axis -4 is out of range");
    assertThatThrownBy(() -> Tensor.stack(0, a, Tensor.zeros(3, 2)))
        .hasMessage("stack: tensor 1 has shape [3, 2], expected [2, 3] like tensor 0");
  }

  @Test
  void scalarNamesItself() {
    assertThatThrownBy(() -> Tensor.scalar(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scalar: dtype must not be null");
    assertThatThrownBy(() -> Tensor.ones(null, 2)).hasMessage("ones: dtype must not be null");
    assertThatThrownBy(() -> Tensor.zeros((DType) null, 2))
        .hasMessage("zeros: dtype must not be null");
  }
}
