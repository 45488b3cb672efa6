package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * Softmax along an axis, computed stably, as PyTorch's {@code nn.Softmax(dim)}: the outputs along
 * the axis are positive and sum to 1.
 */
public final class Softmax extends Module {
  private final int axis;

  /** Along the last axis. */
  public Softmax() {
    this(-1);
  }

  /** Along {@code axis}; a negative axis counts from the last. */
  public Softmax(int axis) {
    this.axis = axis;
  }

  /** The axis, as given. */
  public int axis() {
    return axis;
  }

  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    int r = x.rank();
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException(
          label()
              + ": axis "
              + axis
              + " is out of range for input "
              + Fmt.shape(x)
              + " of rank "
              + r
              + (r == 0 ? "" : " (expected -" + r + " to " + (r - 1) + ")"));
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(axis);
  }

  @Override
  protected String extraRepr() {
    return "axis=" + axis;
  }
}
