package dev.nabla.core.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;
import java.util.Arrays;

/**
 * The input checks MaxPool2d and AvgPool2d share (PyTorch's rules, floor mode); their window's
 * arguments are checked by {@link dev.nabla.core.internal.shared.OpArguments#pool2d}, which the
 * pooling layers use too.
 */
final class Pooling {
  private Pooling() {}

  static Pool2dGeometry geometry(String op, Tensor[] in, int kernel, int stride, int padding) {
    if (in.length != 1) {
      throw new IllegalArgumentException(op + ": expected 1 input, got " + in.length);
    }
    Tensor x = in[0];
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64, got " + x.dtype());
    }
    int[] s = x.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException(
          op + ": expected input of rank 4 [N, C, H, W], got shape " + Arrays.toString(s));
    }
    if (s[2] == 0 || s[3] == 0) {
      // An empty plane would leave windows lying wholly in the padding, with nothing to pool.
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(s)
              + " has an empty spatial dimension; expected H, W >= 1");
    }
    // padding <= kernel / 2 keeps these sums far from overflow.
    long ph = s[2] + 2L * padding, pw = s[3] + 2L * padding;
    if (kernel > ph || kernel > pw) {
      throw new IllegalArgumentException(
          op
              + ": kernel "
              + kernel
              + "x"
              + kernel
              + " is larger than the padded input "
              + ph
              + "x"
              + pw
              + " (input "
              + Arrays.toString(s)
              + ", padding "
              + padding
              + ")");
    }
    return new Pool2dGeometry(s[0] * s[1], s[2], s[3], kernel, stride, padding);
  }

  /** The output shape [N, C, OH, OW] for input shape [N, C, H, W]. */
  static int[] outShape(String op, int[] in, Pool2dGeometry g) {
    return Shapes.result(op, new int[] {in[0], in[1], g.outH(), g.outW()}, in);
  }
}
