package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An ONNX graph as a nabla module: the trainable initializers are its parameters, registered under
 * their dotted names as a tree of child modules ({@code fc1.weight}: child {@code fc1}, parameter
 * {@code weight}).
 */
public final class GraphModule extends Module {
  private final CompiledGraph graph;
  private final String source;
  private final Function<Map<String, Tensor>, Tensor[]> feeds;

  /** The key of each graph parameter in {@link #namedParameters()}, in the graph's order. */
  private final List<String> keys;

  public GraphModule(
      CompiledGraph graph, String source, Function<Map<String, Tensor>, Tensor[]> feeds) {
    this.graph = graph;
    this.source = source;
    this.feeds = feeds;
    List<String> ks = new ArrayList<>();
    for (String name : graph.parameterNames()) {
      ks.add(place(name, graph.initializers().get(name).copy()));
    }
    this.keys = List.copyOf(ks);
  }

  /**
   * Registers {@code value} under its dotted name, creating the child modules on the way; a name
   * that does not fit the tree (empty parts, or a part already used as a parameter) is registered
   * on this module with its dots replaced by underscores. Returns the key it got.
   */
  private String place(String name, Tensor value) {
    String[] parts = name.split("\\.", -1);
    boolean tree = parts.length > 1;
    for (String p : parts) {
      tree &= !p.isEmpty();
    }
    Module owner = this;
    for (int i = 0; tree && i < parts.length - 1; i++) {
      Module child = owner.namedChildren().get(parts[i]);
      if (child == null && owner.namedParameters().containsKey(parts[i])) {
        tree = false;
      } else if (child == null) {
        child = owner == this ? child(parts[i]) : ((Container) owner).child(parts[i]);
      }
      owner = child;
    }
    String last = parts[parts.length - 1];
    if (tree
        && !owner.namedParameters().containsKey(last)
        && !owner.namedChildren().containsKey(last)) {
      if (owner == this) {
        add(last, value);
      } else {
        ((Container) owner).add(last, value);
      }
      return name;
    }
    String flat = sanitize(name);
    for (int k = 2; namedParameters().containsKey(flat) || namedChildren().containsKey(flat); k++) {
      flat = sanitize(name) + "_" + k;
    }
    add(flat, value);
    return flat;
  }

  private static String sanitize(String name) {
    return name.isEmpty() ? "_" : name.replace('.', '_');
  }

  private void add(String name, Tensor value) {
    registerParameter(name, value);
  }

  private Module child(String name) {
    return registerModule(name, new Container());
  }

  /** A node of the parameter tree: holds parameters and children, computes nothing itself. */
  static final class Container extends Module {
    void add(String name, Tensor value) {
      registerParameter(name, value);
    }

    Module child(String name) {
      return registerModule(name, new Container());
    }

    @Override
    public Tensor forward(Tensor x) {
      throw new UnsupportedOperationException(
          "a part of an imported ONNX model's parameter tree: call the model's module");
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    if (graph.inputNames().size() != 1 || graph.outputNames().size() != 1) {
      throw new IllegalArgumentException(
          source
              + ": forward(Tensor) needs one input and one output; the model has inputs "
              + graph.inputNames()
              + " and outputs "
              + graph.outputNames()
              + "; call forward(Map)");
    }
    return forward(Map.of(graph.inputNames().get(0), x)).values().iterator().next();
  }

  /** Runs the graph on named inputs, with autograd as the caller has it. */
  public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
    Tensor[] in = feeds.apply(inputs);
    Map<String, Tensor> current = namedParameters();
    Tensor[] params = new Tensor[keys.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = current.get(keys.get(i));
    }
    Tensor[] out = graph.execute(in, params);
    Map<String, Tensor> result = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      result.put(graph.outputNames().get(i), out[i]);
    }
    return result;
  }
}
