package dev.nabla.onnx;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.onnx.internal.runtime.CompiledGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An imported ONNX model as a nabla {@link Module}, from {@link OnnxModel#asModule()}: its forward
 * runs the graph with autograd as the caller has it, differentiable wherever the graph's ops are.
 *
 * <p>Its parameters are copies of the model's floating-point initializers, registered under their
 * dotted names as a tree of child modules ({@code fc1.weight}: parameter {@code weight} of child
 * {@code fc1}), so the state dict has PyTorch's names. Not trained: initializers that configure an
 * op rather than weigh it (Resize's scales, Clip's bounds, a pad value, Range's bounds), and
 * one-element constants the exporter named ({@code onnx::Mul_12}); BatchNormalization's running
 * statistics are buffers. The graph computes the form it was exported in, whatever {@link
 * Module#train()} says: an inference export keeps BatchNorm on its running statistics and Dropout
 * as the identity while it is fine-tuned.
 */
public final class OnnxModule extends Module {
  private final CompiledGraph graph;
  private final String source;
  private final Function<Map<String, Tensor>, Tensor[]> feeds;

  /** The key of each graph parameter in {@link #namedParameters()}, in the graph's order. */
  private final List<String> keys;

  /** How many of {@link #keys}, at the end, are buffers. */
  private final int buffers;

  OnnxModule(CompiledGraph graph, String source, Function<Map<String, Tensor>, Tensor[]> feeds) {
    this.graph = graph;
    this.source = source;
    this.feeds = feeds;
    this.buffers = graph.bufferCount();
    List<String> ks = new ArrayList<>();
    List<String> names = graph.parameterNames();
    for (int i = 0; i < names.size(); i++) {
      boolean buffer = i >= names.size() - buffers;
      ks.add(place(names.get(i), graph.initializers().get(names.get(i)).copy(), buffer));
    }
    this.keys = List.copyOf(ks);
  }

  /**
   * Registers {@code value} under its dotted name, creating the child modules on the way; a name
   * that does not fit the tree (empty parts, or a part already used as a parameter) is registered
   * on this module with its dots replaced by underscores. Returns the key it got.
   */
  private String place(String name, Tensor value, boolean buffer) {
    String[] parts = name.split("\\.", -1);
    boolean tree = parts.length > 1;
    for (String p : parts) {
      tree &= !p.isEmpty();
    }
    Module owner = this;
    for (int i = 0; tree && i < parts.length - 1; i++) {
      Module child = owner.namedChildren().get(parts[i]);
      if (child == null
          && (owner.namedParameters().containsKey(parts[i])
              || owner.namedBuffers().containsKey(parts[i]))) {
        tree = false;
      } else if (child == null) {
        child = owner == this ? child(parts[i]) : ((Container) owner).child(parts[i]);
      }
      owner = child;
    }
    String last = parts[parts.length - 1];
    if (tree
        && !owner.namedParameters().containsKey(last)
        && !owner.namedBuffers().containsKey(last)
        && !owner.namedChildren().containsKey(last)) {
      if (owner == this) {
        add(last, value, buffer);
      } else {
        ((Container) owner).add(last, value, buffer);
      }
      return name;
    }
    String flat = sanitize(name);
    for (int k = 2;
        namedParameters().containsKey(flat)
            || namedBuffers().containsKey(flat)
            || namedChildren().containsKey(flat);
        k++) {
      flat = sanitize(name) + "_" + k;
    }
    add(flat, value, buffer);
    return flat;
  }

  private static String sanitize(String name) {
    return name.isEmpty() ? "_" : name.replace('.', '_');
  }

  private void add(String name, Tensor value, boolean buffer) {
    if (buffer) {
      registerBuffer(name, value);
    } else {
      registerParameter(name, value);
    }
  }

  private Module child(String name) {
    return registerModule(name, new Container());
  }

  /** A node of the parameter tree: holds parameters and children, computes nothing itself. */
  static final class Container extends Module {
    void add(String name, Tensor value, boolean buffer) {
      if (buffer) {
        registerBuffer(name, value);
      } else {
        registerParameter(name, value);
      }
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

  /**
   * Runs the graph on named inputs (checked as {@link OnnxModel#run(Map)} checks them), with
   * autograd as the caller has it; returns every output by name.
   */
  public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
    Tensor[] in = feeds.apply(inputs);
    Map<String, Tensor> current = namedParameters();
    Map<String, Tensor> state = buffers == 0 ? Map.of() : namedBuffers();
    Tensor[] params = new Tensor[keys.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (i >= params.length - buffers ? state : current).get(keys.get(i));
    }
    Tensor[] out = graph.execute(in, params);
    Map<String, Tensor> result = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      result.put(graph.outputNames().get(i), out[i]);
    }
    return result;
  }
}
