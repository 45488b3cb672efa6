package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;

/**
 * One node, compiled: computes its outputs from its inputs. A kernel is shared by every thread that
 * runs the model, so it holds no mutable state.
 */
@FunctionalInterface
public interface OpKernel {
  /**
   * Runs the node. {@code inputs[i]} is the node's i-th input, null where the node omits an
   * optional input (an empty name, or fewer inputs than the op takes). Returns the outputs in the
   * op's order; the array may be longer than the outputs the node names (extra ones are dropped)
   * but not shorter, and may hold null only for outputs the node does not name.
   */
  Tensor[] run(Tensor[] inputs);
}
