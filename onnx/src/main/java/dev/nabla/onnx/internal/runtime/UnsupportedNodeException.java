package dev.nabla.onnx.internal.runtime;

/**
 * Thrown by an {@link OpFactory} at load time: the node uses something nabla does not implement
 * (the message says what: an attribute value, an opset, a dtype), or is malformed in a way the op
 * defines (a missing required attribute). The loader adds the op, node name and opset.
 */
public final class UnsupportedNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedNodeException(String message) {
    super(message);
  }
}
