package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * {@code torch.Tensor.expand}: {@link BroadcastTo} with PyTorch's -1 for "keep this dimension". The
 * sizes are aligned with the input's dimensions from the last; sizes in front of them are new
 * leading dimensions and must be given (not -1). The result is a copy, and the gradient is the
 * output gradient summed back to the input's shape ({@code sumTo}).
 */
public final class Expand extends Op {
  private final int[] sizes;

  /** Expands to {@code sizes}, where -1 keeps the input's size. */
  public Expand(int[] sizes) {
    if (sizes == null) {
      throw new IllegalArgumentException("expand: sizes must not be null");
    }
    this.sizes = sizes.clone();
  }

  @Override
  public String name() {
    return "expand";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] from = x.shape();
    if (sizes.length < from.length) {
      throw new IllegalArgumentException(
          "expand: got "
              + sizes.length
              + " sizes "
              + Arrays.toString(sizes)
              + " for a tensor of shape "
              + Arrays.toString(from)
              + " (expected at least its rank, "
              + from.length
              + ")");
    }
    int off = sizes.length - from.length;
    int[] target = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      int s = sizes[i];
      boolean keep = s == -1 && i >= off;
      if (s < 0 && !keep) {
        throw new IllegalArgumentException(
            "expand: size "
                + s
                + " at position "
                + i
                + " of "
                + Arrays.toString(sizes)
                + " is not allowed (expected >= 0"
                + (i >= off
                    ? ", or -1 to keep the size)"
                    : "; -1 only keeps an existing dimension)"));
      }
      target[i] = keep ? from[i - off] : s;
      if (i >= off && from[i - off] != 1 && from[i - off] != target[i]) {
        throw new IllegalArgumentException(
            "expand: cannot expand shape "
                + Arrays.toString(from)
                + " to "
                + Arrays.toString(sizes)
                + ": dimension "
                + (i - off)
                + " has size "
                + from[i - off]
                + " (only size-1 dimensions can be expanded, to "
                + target[i]
                + " here)");
      }
    }
    return x.broadcastTo(target);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.sumTo(ctx.inputShape(0))};
  }
}
