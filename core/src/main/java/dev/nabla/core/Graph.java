package dev.nabla.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recorded graph behind a tensor: every {@link Node} that contributed to it, in topological
 * order (a node comes after the nodes that produced its inputs), and the leaf tensors it starts
 * from. Export it with {@link #toDot()} to look at it with Graphviz.
 */
public final class Graph {
  private final Tensor root;
  private final List<Node> nodes;

  private Graph(Tensor root, List<Node> nodes) {
    this.root = root;
    this.nodes = nodes;
  }

  /** The graph that produced {@code root} (empty when {@code root} is a leaf). */
  public static Graph of(Tensor root) {
    if (root == null) {
      throw new IllegalArgumentException("Graph.of: root must not be null");
    }
    return new Graph(root, root.gradFn() == null ? List.of() : topologicalOrder(root.gradFn()));
  }

  /** The tensor the graph was taken from. */
  public Tensor root() {
    return root;
  }

  /** Every node, inputs' producers first, the root's node last. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The tensors that enter the graph without a producing node (parameters, data, constants). */
  public List<Tensor> leaves() {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Tensor> out = new ArrayList<>();
    for (Node n : nodes) {
      for (Tensor t : n.inputs()) {
        if (t.gradFn() == null && seen.add(t)) {
          out.add(t);
        }
      }
    }
    if (nodes.isEmpty()) {
      out.add(root);
    }
    return out;
  }

  /**
   * The graph as Graphviz DOT text: a box per op (name, output shape and dtype), an ellipse per
   * leaf (shape, dtype, and whether it requires grad), edges in the direction data flows.
   */
  public String toDot() {
    Map<Object, String> ids = new IdentityHashMap<>();
    StringBuilder sb = new StringBuilder("digraph nabla {\n  rankdir=LR;\n");
    for (Tensor leaf : leaves()) {
      String id = "t" + ids.size();
      ids.put(leaf, id);
      sb.append("  ")
          .append(id)
          .append(" [shape=ellipse, label=\"")
          .append(Arrays.toString(leaf.shapeRef()))
          .append(' ')
          .append(leaf.dtype())
          .append(leaf.requiresGrad() ? "\\nrequires grad" : "")
          .append("\"];\n");
    }
    for (Node n : nodes) {
      String id = "n" + ids.size();
      ids.put(n, id);
      sb.append("  ")
          .append(id)
          .append(" [shape=box, label=\"")
          .append(escape(n.opName()))
          .append("\\n")
          .append(Arrays.toString(n.outputShape()))
          .append(' ')
          .append(n.outputDType())
          .append("\"];\n");
    }
    for (Node n : nodes) {
      for (Tensor in : n.inputs()) {
        Object from = in.gradFn() != null ? in.gradFn() : in;
        sb.append("  ").append(ids.get(from)).append(" -> ").append(ids.get(n)).append(";\n");
      }
    }
    return sb.append("}\n").toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Post-order depth-first walk without recursion, so deep graphs do not overflow the stack. */
  static List<Node> topologicalOrder(Node root) {
    List<Node> order = new ArrayList<>();
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> nodeStack = new ArrayDeque<>();
    Deque<int[]> nextInput = new ArrayDeque<>();
    visited.add(root);
    nodeStack.push(root);
    nextInput.push(new int[] {0});
    while (!nodeStack.isEmpty()) {
      Node n = nodeStack.peek();
      int[] next = nextInput.peek();
      List<Tensor> ins = n.inputs();
      if (next[0] < ins.size()) {
        Node child = ins.get(next[0]++).gradFn();
        if (child != null && visited.add(child)) {
          nodeStack.push(child);
          nextInput.push(new int[] {0});
        }
      } else {
        order.add(n);
        nodeStack.pop();
        nextInput.pop();
      }
    }
    return Collections.unmodifiableList(order);
  }
}
