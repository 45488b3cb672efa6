package dev.nabla.onnx.internal.ops;

import dev.nabla.onnx.internal.runtime.OpRegistry;

/**
 * Reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
 * ReduceLogSumExp, ReduceSumSquare, ArgMax, ArgMin.
 */
public final class ReduceOps {
  private ReduceOps() {}

  public static void register(OpRegistry r) {}
}
