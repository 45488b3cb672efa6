package dev.nabla.onnx.internal.runtime;

/**
 * Thrown by an {@link OpFactory} at load time: the node uses something nabla does not implement
 * (the message says what: an attribute value, an opset, a dtype), or is malformed in a way the op
 * defines (a missing required attribute). The loader adds the op, node name and opset.
 */
public final class UnsupportedNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient java.util.Set<String> innerOps;

  public UnsupportedNodeException(String message) {
    this(message, java.util.Set.of());
  }

  /** A node whose subgraph uses {@code innerOps}, which nabla does not run. */
  public UnsupportedNodeException(String message, java.util.Set<String> innerOps) {
    super(message);
    this.innerOps = java.util.Set.copyOf(innerOps);
  }

  /** The unsupported ops inside the node's subgraphs (empty for most nodes). */
  public java.util.Set<String> innerOps() {
    return innerOps == null ? java.util.Set.of() : innerOps;
  }
}
