package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * Elementwise logic on BOOL tensors, as {@code torch.logical_not}, {@code logical_and} and {@code
 * logical_or}; the binary ones broadcast. Scalar work over {@code boolean[]}, with nothing to
 * vectorise, so it loops here. Not differentiable: the output is BOOL.
 */
public final class Logical extends Op {
  /** The operations: {@code !a}, {@code a && b}, {@code a || b}. */
  public enum Kind {
    NOT,
    AND,
    OR
  }

  private final Kind kind;

  public Logical(Kind kind) {
    this.kind = kind;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    String op =
        switch (kind) {
          case NOT -> "logicalNot";
          case AND -> "logicalAnd";
          case OR -> "logicalOr";
        };
    for (int i = 0; i < in.length; i++) {
      if (in[i] == null) {
        throw new IllegalArgumentException(op + ": " + (i == 0 ? "this" : "other") + " is null");
      }
      if (in[i].dtype() != DType.BOOL) {
        throw new IllegalArgumentException(
            op
                + ": expected BOOL tensors, got "
                + in[i].dtype()
                + (i == 0 ? "" : " for other")
                + " (compare with eq/ne/gt..., or convert with to(DType.BOOL))");
      }
    }
    if (kind == Kind.NOT) {
      boolean[] x = TensorAccess.bools(in[0]);
      boolean[] o = new boolean[x.length];
      for (int i = 0; i < x.length; i++) {
        o[i] = !x[i];
      }
      return TensorAccess.wrap(DType.BOOL, o, in[0].shape());
    }
    int[] os = Shapes.broadcast(op, in[0].shape(), in[1].shape());
    boolean[] a = broadcast(in[0], os);
    boolean[] b = broadcast(in[1], os);
    boolean[] o = new boolean[a.length];
    if (kind == Kind.AND) {
      for (int i = 0; i < o.length; i++) {
        o[i] = a[i] & b[i];
      }
    } else {
      for (int i = 0; i < o.length; i++) {
        o[i] = a[i] | b[i];
      }
    }
    return TensorAccess.wrap(DType.BOOL, o, os);
  }

  /** {@code t}'s values repeated to {@code shape} (its own array when it already has it). */
  private static boolean[] broadcast(Tensor t, int[] shape) {
    int[] from = t.shape();
    if (Arrays.equals(from, shape)) {
      return TensorAccess.bools(t);
    }
    boolean[] out = new boolean[Shapes.size(shape)];
    Kernels.shape().broadcastTo(TensorAccess.bools(t), from, out, shape);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    // Never called: Op.apply records no node for a BOOL output.
    return new Tensor[ctx.inputCount()];
  }
}
