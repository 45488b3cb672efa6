package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;

/** What fits no other family: Einsum, the loss functions and the like. */
public final class MiscOps {
  private MiscOps() {}

  public static void register(OpRegistry r) {
    r.register("Einsum", MiscOps::einsum);
    r.register("NegativeLogLikelihoodLoss", Losses::nll);
    r.register("SoftmaxCrossEntropyLoss", Losses::softmaxCrossEntropy);
  }

  private static OpKernel einsum(NodeSpec node) {
    node.requireInputs(1, Integer.MAX_VALUE);
    for (int i = 0; i < node.inputCount(); i++) {
      OpUtil.require(node.hasInput(i), "input " + i + " is omitted (every operand is required)");
    }
    String equation = node.attributes().getString("equation", null);
    OpUtil.require(equation != null, "required attribute 'equation' is missing");
    Einsum e = Einsum.parse(equation, node.inputCount());
    return in -> new Tensor[] {e.apply(in)};
  }
}
