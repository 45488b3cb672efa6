package dev.nabla.onnx.internal.runtime;

/**
 * Compiles one ONNX op: reads and checks the node's attributes (and constant inputs, where the op
 * needs them known) at load time, and returns the kernel that runs it. An attribute, attribute
 * value, opset or input the op does not support throws {@link UnsupportedNodeException}; every
 * attribute the node carries must be read through {@link NodeSpec#attributes()}, or the load
 * reports it as unsupported.
 */
@FunctionalInterface
public interface OpFactory {
  OpKernel create(NodeSpec node);
}
