package dev.nabla.core;

import java.util.Arrays;
import java.util.List;

/**
 * One recorded application of an {@link Op}: the op, its input tensors, and the shape and dtype of
 * the tensor it produced. Reached through {@link Tensor#gradFn()}; walk a whole graph with {@link
 * Graph#of(Tensor)}.
 */
public final class Node {
  private final Op op;
  private final OpContext ctx;
  private final List<Tensor> inputs;
  private final int[] outputShape;
  private final DType outputDType;

  /** The name scope open when the op ran (the model path), or null at the top level. */
  private final Grad.NameScope scope;

  // Scratch of the backward pass that is walking this node (graphs belong to one thread):
  // the pass's mark once visited, and the gradient summed so far for the output.
  int mark;
  Tensor pendingGrad;

  /** Whether only the engine holds {@link #pendingGrad} (not the seed, nor an aliased gradient). */
  boolean pendingOwned;

  Node(
      Op op,
      OpContext ctx,
      Tensor[] inputs,
      int[] outputShape,
      DType outputDType,
      Grad.NameScope scope) {
    this.scope = scope;
    this.op = op;
    this.ctx = ctx;
    this.inputs = List.of(inputs);
    this.outputShape = outputShape;
    this.outputDType = outputDType;
  }

  /** The op that produced the output. */
  public Op op() {
    return op;
  }

  /** The op's name, for instance {@code "MatMul"}. */
  public String opName() {
    return op.name();
  }

  /** The input tensors, in the order they were passed to the op. */
  public List<Tensor> inputs() {
    return inputs;
  }

  /** The output's shape (a copy). */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** The output's dtype. */
  public DType outputDType() {
    return outputDType;
  }

  /**
   * The dotted path of the {@linkplain Grad#scope name scopes} open when the op ran: where in the
   * model it sits ({@code "encoder.1"}), {@code ""} when it ran outside any scope.
   */
  public String scopePath() {
    return scope == null ? "" : scope.path();
  }

  /** Whether a backward pass has already released this node's saved tensors. */
  public boolean isReleased() {
    return ctx.isReleased();
  }

  Grad.NameScope scope() {
    return scope;
  }

  OpContext context() {
    return ctx;
  }

  @Override
  public String toString() {
    return opName()
        + " -> "
        + Arrays.toString(outputShape)
        + " "
        + outputDType
        + (scope == null ? "" : " at '" + scope.path() + "'");
  }
}
