package dev.nabla.core.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.LinalgKernels.SoftmaxKind;

/**
 * A tensor seen as {@code [outer, n, inner]} around the axis a softmax runs along (length {@code
 * n}, stride {@code inner}), after the checks Softmax and LogSoftmax share; {@link Cumsum} and
 * {@link TopkIndices} run along an axis the same way and share them too.
 */
record SoftmaxAxis(int outer, int n, int inner) {

  /**
   * Validates the input of {@code op} and splits its shape at {@code axis}. A 0-d tensor is
   * accepted with axis 0 or -1, as in PyTorch: it is one slice of length 1.
   */
  static SoftmaxAxis of(String op, Tensor[] in, int axis) {
    if (in.length != 1) {
      throw new IllegalArgumentException(op + ": expected 1 input, got " + in.length);
    }
    Tensor x = in[0];
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64, got " + x.dtype());
    }
    int[] shape = x.shape();
    int a = Shapes.axis(op, axis, Math.max(1, shape.length), shape);
    if (shape.length == 0) {
      return new SoftmaxAxis(1, 1, 1);
    }
    int outer = 1, inner = 1;
    for (int i = 0; i < a; i++) {
      outer *= shape[i];
    }
    for (int i = a + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    return new SoftmaxAxis(outer, shape[a], inner);
  }

  /**
   * The {@code kind} of softmax kernel along this axis, from {@code x} (and for a backward kind the
   * gradient {@code g}, else null) into a new tensor shaped like {@code x}.
   */
  Tensor run(SoftmaxKind kind, Tensor x, Tensor g) {
    Tensor y = TensorAccess.empty(x.dtype(), x.shape());
    Object gd = g == null ? null : TensorAccess.data(g);
    Kernels.linalg().softmax(kind, TensorAccess.data(x), gd, TensorAccess.data(y), outer, n, inner);
    return y;
  }
}
