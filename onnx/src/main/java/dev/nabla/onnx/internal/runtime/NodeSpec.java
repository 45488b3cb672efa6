package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import java.util.List;

/**
 * What an {@link OpFactory} sees of a node at load time: its op, name, the opset version of its
 * domain that the model imports, its input and output names (empty: omitted), its attributes, and
 * the values of inputs already known at load (initializers and folded constants).
 */
public final class NodeSpec {
  private final String opType;
  private final String domain;
  private final String name;
  private final int opset;
  private final List<String> inputs;
  private final List<String> outputs;
  private final Attributes attributes;
  private final Tensor[] constants;
  private final java.util.function.BiFunction<
          dev.nabla.onnx.internal.proto.GraphProto, String, Subgraph>
      subgraphs;
  private final java.util.List<String> implicit = new java.util.ArrayList<>();

  NodeSpec(
      String opType,
      String domain,
      String name,
      int opset,
      List<String> inputs,
      List<String> outputs,
      Attributes attributes,
      Tensor[] constants,
      java.util.function.BiFunction<dev.nabla.onnx.internal.proto.GraphProto, String, Subgraph>
          subgraphs) {
    this.opType = opType;
    this.domain = domain;
    this.name = name;
    this.opset = opset;
    this.inputs = inputs;
    this.outputs = outputs;
    this.attributes = attributes;
    this.constants = constants;
    this.subgraphs = subgraphs;
  }

  /**
   * Compiles the node's GRAPH attribute {@code attribute} (If's branches, Loop's and Scan's body).
   * Values the subgraph reads from the enclosing graphs become implicit inputs of this node,
   * appended after its declared inputs in the kernel's input array; {@link Subgraph#run} picks them
   * from there. Throws {@link UnsupportedNodeException} when the attribute is missing or the
   * subgraph uses what nabla does not run.
   */
  public Subgraph subgraph(String attribute) {
    dev.nabla.onnx.internal.proto.GraphProto g = attributes.getGraph(attribute);
    if (g == null) {
      throw new UnsupportedNodeException("required attribute '" + attribute + "' is missing");
    }
    Subgraph sub = subgraphs.apply(g, attribute);
    int[] positions = new int[sub.freeNames().size()];
    for (int i = 0; i < positions.length; i++) {
      String name = sub.freeNames().get(i);
      int k = implicit.indexOf(name);
      if (k < 0) {
        k = implicit.size();
        implicit.add(name);
      }
      positions[i] = inputs.size() + k;
    }
    return sub.at(positions);
  }

  /** The outer values this node's subgraphs read, in the order they follow its inputs. */
  java.util.List<String> implicitInputs() {
    return java.util.List.copyOf(implicit);
  }

  public String opType() {
    return opType;
  }

  public String domain() {
    return domain;
  }

  /** The node's name (may be empty). */
  public String name() {
    return name;
  }

  /** The version of the node's domain's operator set that the model imports. */
  public int opset() {
    return opset;
  }

  public Attributes attributes() {
    return attributes;
  }

  /** How many inputs the node lists (trailing omitted ones may be left out). */
  public int inputCount() {
    return inputs.size();
  }

  /** Whether input {@code i} is given (listed and not empty). */
  public boolean hasInput(int i) {
    return i < inputs.size() && !inputs.get(i).isEmpty();
  }

  public List<String> inputs() {
    return inputs;
  }

  public List<String> outputs() {
    return outputs;
  }

  /** How many outputs the node lists. */
  public int outputCount() {
    return outputs.size();
  }

  /** Whether output {@code i} is named (the node wants it). */
  public boolean hasOutput(int i) {
    return i < outputs.size() && !outputs.get(i).isEmpty();
  }

  /**
   * Input {@code i}'s value when it is known at load (an initializer or a constant computed from
   * them), else null. In a model compiled for fine-tuning, trainable initializers are not constant.
   */
  public Tensor constant(int i) {
    return i < constants.length ? constants[i] : null;
  }

  /** Checks the number of inputs: at least {@code min} given ones, at most {@code max} listed. */
  public void requireInputs(int min, int max) {
    int given = 0;
    for (int i = 0; i < min && i < inputs.size(); i++) {
      if (!inputs.get(i).isEmpty()) {
        given++;
      }
    }
    if (given < min || inputs.size() > max) {
      throw new UnsupportedNodeException(
          "takes "
              + (min == max ? String.valueOf(min) : min + " to " + max)
              + " inputs, got "
              + inputs.size()
              + " "
              + inputs);
    }
  }
}
