package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;

/**
 * Elementwise ops written into a given tensor, behind {@code Tensor}'s {@code out} overloads
 * (PyTorch's {@code out=}): the same validation and kernels as the ops, no graph node, no new
 * storage.
 */
public final class Into {
  private Into() {}

  /**
   * Vets the destination once the op knows its result's dtype and shape, and returns it; throws
   * with the op's name when the destination does not fit or may not be written.
   */
  @FunctionalInterface
  public interface OutCheck {
    Tensor vet(String op, DType dtype, int[] shape);
  }

  /** {@code a kind b}, broadcasting, into the tensor {@code out} vets; returns it. */
  public static Tensor binary(String op, Binary kind, Tensor a, Tensor b, OutCheck out) {
    return Elementwise.binaryInto(op, kind, a, b, out);
  }

  /** {@code kind(x)} into the tensor {@code out} vets; returns it. */
  public static Tensor unary(String op, Unary kind, Tensor x, OutCheck out) {
    return Elementwise.unaryInto(op, kind, x, out);
  }
}
