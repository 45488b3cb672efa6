package dev.nabla.onnx.internal.ops;

import dev.nabla.onnx.internal.runtime.OpRegistry;

/** What fits no other family: Einsum and the like. */
public final class MiscOps {
  private MiscOps() {}

  public static void register(OpRegistry r) {}
}
