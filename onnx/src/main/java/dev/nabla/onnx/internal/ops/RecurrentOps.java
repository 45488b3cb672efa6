package dev.nabla.onnx.internal.ops;

import dev.nabla.onnx.internal.runtime.OpRegistry;

/** Recurrent layers: LSTM, GRU, RNN. */
public final class RecurrentOps {
  private RecurrentOps() {}

  public static void register(OpRegistry r) {}
}
