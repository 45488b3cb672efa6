package dev.nabla.onnx;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A model that uses ops, attributes or opsets nabla does not implement. Thrown by {@link
 * OnnxModel#load} before anything runs; the message lists every problem in the model at once, each
 * naming the op, its node, the attribute and the opset.
 */
public final class UnsupportedModelException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;
  private final transient Set<String> unsupportedOps;

  /** {@code problems}: one line each; {@code unsupportedOps}: the op types they concern. */
  public UnsupportedModelException(
      String source, List<String> problems, Set<String> unsupportedOps) {
    super(
        source
            + ": "
            + problems.size()
            + (problems.size() == 1 ? " node uses" : " nodes use")
            + " what nabla does not support (ops "
            + unsupportedOps
            + "):\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
    this.unsupportedOps = Set.copyOf(unsupportedOps);
  }

  /** One line per problem, as in the message. */
  public List<String> problems() {
    return problems;
  }

  /** The op types (domain-qualified outside ONNX's default domain) that cannot be run. */
  public Set<String> unsupportedOps() {
    return unsupportedOps;
  }
}
