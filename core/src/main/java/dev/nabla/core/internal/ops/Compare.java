package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;
import java.util.Locale;

/**
 * Elementwise comparison, broadcasting, of two tensors of one dtype (any): BOOL true where it holds
 * (every comparison with NaN is false, but {@code ne}'s, which is true). Not differentiable: the
 * output is BOOL.
 */
public final class Compare extends Op {
  /** The comparisons: {@code ==, !=, >, >=, <, <=}. */
  public enum Kind {
    EQ,
    NE,
    GT,
    GE,
    LT,
    LE
  }

  private final Kind kind;

  public Compare(Kind kind) {
    if (kind == null) {
      throw new IllegalArgumentException("compare: kind must not be null");
    }
    this.kind = kind;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Comparison c =
        switch (kind) {
          case EQ -> Comparison.EQ;
          case NE -> Comparison.NE;
          case GT -> Comparison.GT;
          case GE -> Comparison.GE;
          case LT -> Comparison.LT;
          case LE -> Comparison.LE;
        };
    return Elementwise.compare(kind.name().toLowerCase(Locale.ROOT), c, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    // Never called: Op.apply records no node for a BOOL output.
    return new Tensor[ctx.inputCount()];
  }
}
