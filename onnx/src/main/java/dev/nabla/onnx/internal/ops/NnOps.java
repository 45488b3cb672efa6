package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;

/**
 * Neural-network ops: products (MatMul, Gemm), convolutions, pooling, normalisation, softmax and
 * the activations with parameters.
 */
public final class NnOps {
  private NnOps() {}

  public static void register(OpRegistry r) {
    r.register(
        "MatMul",
        node -> {
          node.requireInputs(2, 2);
          return in -> new Tensor[] {in[0].matmul(in[1])};
        });
    r.register("Gemm", NnOps::gemm);
  }

  /** Y = alpha · op(A) · op(B) + beta · C, op transposing when transA / transB is 1. */
  private static dev.nabla.onnx.internal.runtime.OpKernel gemm(
      dev.nabla.onnx.internal.runtime.NodeSpec node) {
    node.requireInputs(2, 3);
    Attributes a = node.attributes();
    double alpha = a.getFloat("alpha", 1f), beta = a.getFloat("beta", 1f);
    long transA = a.getInt("transA", 0), transB = a.getInt("transB", 0);
    if ((transA != 0 && transA != 1) || (transB != 0 && transB != 1)) {
      throw new UnsupportedNodeException(
          "transA and transB must be 0 or 1, got " + transA + " and " + transB);
    }
    boolean ta = transA == 1, tb = transB == 1, hasC = node.hasInput(2);
    return in -> {
      Tensor y = in[0].matmul(in[1], ta, tb);
      if (alpha != 1) {
        y = y.mul(alpha);
      }
      if (hasC) {
        y = y.add(beta == 1 ? in[2] : in[2].mul(beta));
      }
      return new Tensor[] {y};
    };
  }
}
