package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.TensorAccess;
import java.util.Arrays;

/**
 * The same elements in a new shape with the same number of elements; one size may be -1 and is then
 * inferred. Storage is row-major and contiguous, so the output is a view of the input's storage (no
 * copy; a write through either is counted on the shared storage). The gradient is reshaped back.
 */
public final class Reshape extends Op {
  private final int[] shape;
  private final int inferred;

  /** Reshapes to {@code shape}, which may hold one -1. */
  public Reshape(int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException("reshape: shape must not be null");
    }
    this.shape = shape.clone();
    int minusOne = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        if (minusOne >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one size can be -1 (inferred), got " + Arrays.toString(shape));
        }
        minusOne = i;
      } else if (shape[i] < 0) {
        throw new IllegalArgumentException(
            "reshape: negative size "
                + shape[i]
                + " in "
                + Arrays.toString(shape)
                + " (expected sizes >= 0, or one -1 to infer)");
      }
    }
    this.inferred = minusOne;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    int[] target = resolve(x.shape());
    return TensorAccess.view(x, target);
  }

  private int[] resolve(int[] from) {
    long n = count(from);
    int[] target = shape.clone();
    // Saturated just past Integer.MAX_VALUE, so the product cannot overflow and never matches n.
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (i != inferred) {
        known = Math.min(known * target[i], Integer.MAX_VALUE + 1L);
      }
    }
    if (inferred >= 0) {
      if (known == 0) {
        throw new IllegalArgumentException(
            "reshape: cannot infer the -1 in "
                + Arrays.toString(shape)
                + " for shape "
                + Arrays.toString(from)
                + ": the other sizes multiply to 0, so any size fits");
      }
      if (n % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape "
                + Arrays.toString(from)
                + " ("
                + n
                + " elements) into "
                + Arrays.toString(shape)
                + ": "
                + n
                + " is not a multiple of "
                + known);
      }
      target[inferred] = (int) (n / known);
    } else if (known != n) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape "
              + Arrays.toString(from)
              + " ("
              + n
              + " elements) into "
              + Arrays.toString(shape)
              + " ("
              + (known > Integer.MAX_VALUE ? "more than 2^31-1" : String.valueOf(known))
              + " elements)");
    }
    return target;
  }

  private static long count(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    return new Tensor[] {grad.reshape(ctx.inputShape(0))};
  }
}
