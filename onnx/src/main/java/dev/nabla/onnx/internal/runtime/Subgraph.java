package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import java.util.List;

/**
 * A compiled subgraph (an If branch, a Loop or Scan body): its formal inputs and outputs, and the
 * outer values it reads, which its node receives as implicit inputs at {@link #positions}.
 */
public final class Subgraph {
  private final CompiledGraph graph;
  private final List<String> freeNames;
  private final int[] positions;

  Subgraph(CompiledGraph graph, List<String> freeNames) {
    this(graph, freeNames, new int[0]);
  }

  private Subgraph(CompiledGraph graph, List<String> freeNames, int[] positions) {
    this.graph = graph;
    this.freeNames = List.copyOf(freeNames);
    this.positions = positions;
  }

  Subgraph at(int[] positions) {
    return new Subgraph(graph, freeNames, positions.clone());
  }

  List<String> freeNames() {
    return freeNames;
  }

  /** How many formal inputs the subgraph declares. */
  public int inputCount() {
    return graph.inputNames().size() - freeNames.size();
  }

  /** How many outputs the subgraph declares. */
  public int outputCount() {
    return graph.outputNames().size();
  }

  /**
   * Runs the subgraph on its formal inputs; {@code nodeInputs} is the owning kernel's whole input
   * array, from which the outer values are taken.
   */
  public Tensor[] run(Tensor[] formal, Tensor[] nodeInputs) {
    if (formal.length != inputCount()) {
      throw new IllegalArgumentException(
          "the subgraph takes " + inputCount() + " inputs, got " + formal.length);
    }
    Tensor[] in = java.util.Arrays.copyOf(formal, formal.length + positions.length);
    for (int i = 0; i < positions.length; i++) {
      in[formal.length + i] = nodeInputs[positions[i]];
    }
    return graph.execute(in, new Tensor[0]);
  }
}
