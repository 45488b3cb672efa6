package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * Log of the softmax along an axis, computed stably as {@code x - max - log(sum(exp(x - max)))}, as
 * PyTorch's {@code nn.LogSoftmax(dim)}.
 */
public final class LogSoftmax extends Module {
  private final int axis;

  /** Along the last axis. */
  public LogSoftmax() {
    this(-1);
  }

  /** Along {@code axis}; a negative axis counts from the last. */
  public LogSoftmax(int axis) {
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
    return x.logSoftmax(axis);
  }

  @Override
  protected String extraRepr() {
    return "axis=" + axis;
  }
}
