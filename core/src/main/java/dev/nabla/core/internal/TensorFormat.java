package dev.nabla.core.internal;

import dev.nabla.core.Tensor;
import java.util.Arrays;

/** Formats tensors as text. PLACEHOLDER: helper B replaces this with NumPy-style output. */
public final class TensorFormat {
  private TensorFormat() {}

  public static String format(Tensor t) {
    return "tensor(" + Arrays.toString(t.toDoubleArray()) + ", shape=" + Arrays.toString(t.shape()) + ", dtype=" + t.dtype() + ")";
  }
}
