package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Elementwise ops: arithmetic (numpy-style broadcasting, as ONNX's multidirectional broadcasting
 * is), activations, comparisons and logic.
 */
public final class ElementwiseOps {
  private ElementwiseOps() {}

  public static void register(OpRegistry r) {
    binary(r, "Add", Tensor::add);
    binary(r, "Sub", Tensor::sub);
    binary(r, "Mul", Tensor::mul);
    binary(r, "Div", Tensor::div);
    unary(r, "Relu", Tensor::relu);
    unary(r, "Sigmoid", Tensor::sigmoid);
    unary(r, "Tanh", Tensor::tanh);
  }

  /** A two-input op without attributes. */
  static void binary(OpRegistry r, String op, BinaryOperator<Tensor> f) {
    r.register(
        op,
        node -> {
          node.requireInputs(2, 2);
          return in -> new Tensor[] {f.apply(in[0], in[1])};
        });
  }

  /** A one-input op without attributes. */
  static void unary(OpRegistry r, String op, UnaryOperator<Tensor> f) {
    r.register(
        op,
        node -> {
          node.requireInputs(1, 1);
          return in -> new Tensor[] {f.apply(in[0])};
        });
  }
}
