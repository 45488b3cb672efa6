package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.GraphProto;
import dev.nabla.onnx.internal.proto.NodeProto;
import dev.nabla.onnx.internal.proto.TensorProto;
import dev.nabla.onnx.internal.proto.TypeProto;
import dev.nabla.onnx.internal.proto.ValueInfoProto;
import dev.nabla.onnx.internal.runtime.CompiledGraph.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link CompiledGraph} from a graph at load: gives every value a slot, decodes the
 * initializers, compiles each node with its op's factory (collecting every unsupported op and
 * attribute), folds nodes whose inputs are all constants, and works out when each slot can be
 * freed. Subgraphs (If, Loop, Scan bodies) compile in a {@link Scope} nested in their graph's.
 */
public final class GraphCompiler {
  private GraphCompiler() {}

  /** Ops whose outputs differ between runs: never folded into constants. */
  private static final Set<String> RANDOM =
      Set.of(
          "RandomNormal",
          "RandomNormalLike",
          "RandomUniform",
          "RandomUniformLike",
          "Multinomial",
          "Bernoulli",
          "Dropout");

  /**
   * Inputs that configure an op rather than weigh it (Resize's scales, Clip's bounds, a pad value,
   * Range's bounds, ...): an initializer feeding one is never trained. BatchNormalization's running
   * statistics (inputs 3 and 4) are buffers, as in PyTorch.
   */
  private static final Map<String, Set<Integer>> CONFIG_INPUTS =
      Map.of(
          "Resize", Set.of(1, 2, 3),
          "Upsample", Set.of(1),
          "Clip", Set.of(1, 2),
          "Pad", Set.of(1, 2, 3),
          "Range", Set.of(0, 1, 2),
          "Dropout", Set.of(1, 2),
          "OneHot", Set.of(1, 2),
          "NonMaxSuppression", Set.of(2, 3, 4),
          "RoiAlign", Set.of(1, 2));

  /** For each value the graph's nodes read: "buffer" and/or "config" by the slots it feeds. */
  private static Map<String, Set<String>> roles(GraphProto graph) {
    Map<String, Set<String>> roles = new HashMap<>();
    for (NodeProto node : graph.nodes()) {
      Set<Integer> config = CONFIG_INPUTS.getOrDefault(node.opType(), Set.of());
      for (int i = 0; i < node.inputs().size(); i++) {
        String role =
            node.opType().equals("BatchNormalization") && (i == 3 || i == 4)
                ? "buffer"
                : config.contains(i) ? "config" : null;
        if (role != null) {
          roles.computeIfAbsent(node.inputs().get(i), k -> new java.util.HashSet<>()).add(role);
        }
      }
    }
    return roles;
  }

  /** Ops that may run for long at load if folded (a Loop whose count is constant): never folded. */
  private static final Set<String> LOOPS = Set.of("Loop", "Scan");

  /**
   * Compiles {@code graph}. {@code opsets} maps each imported domain ({@code ""} for ONNX's) to its
   * version. With {@code trainable}, floating-point initializers become parameters ({@link
   * CompiledGraph#parameterNames}), passed to every {@link CompiledGraph#execute} call and never
   * folded into constants. Unsupported ops and attributes are collected and thrown together.
   */
  public static CompiledGraph compile(
      GraphProto graph,
      Map<String, Integer> opsets,
      Path modelDir,
      String source,
      boolean trainable,
      OpRegistry registry)
      throws IOException {
    return compile(graph, opsets, modelDir, source, trainable, registry, new Scope(null));
  }

  /**
   * The names a graph can see: its own values, and through {@code parent} those of the graphs it is
   * nested in (a subgraph of If, Loop or Scan reads outer values by name). An outer value that is
   * constant is copied in as a constant; any other becomes one of the subgraph's free inputs, which
   * the node owning the subgraph passes in as implicit inputs.
   */
  static final class Scope {
    final Scope parent;
    final Map<String, Integer> slots = new HashMap<>();
    final List<Tensor> values = new ArrayList<>();
    final List<String> freeNames = new ArrayList<>();
    final List<Integer> freeSlots = new ArrayList<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    /** The slot of {@code name}, pulled in from the enclosing graphs if need be; -1 if unknown. */
    int resolve(String name) {
      Integer s = slots.get(name);
      if (s != null) {
        return s;
      }
      if (parent == null) {
        return -1;
      }
      int outer = parent.resolve(name);
      if (outer < 0) {
        return -1;
      }
      Tensor c = parent.values.get(outer);
      int slot = values.size();
      values.add(c);
      slots.put(name, slot);
      if (c == null) {
        freeNames.add(name);
        freeSlots.add(slot);
      }
      return slot;
    }
  }

  /** Compiles a subgraph nested in {@code parent}'s graph (see {@link Subgraph}). */
  static Subgraph compileSubgraph(
      GraphProto graph,
      Map<String, Integer> opsets,
      Path modelDir,
      String source,
      OpRegistry registry,
      Scope parent)
      throws IOException {
    Scope scope = new Scope(parent);
    CompiledGraph g = compile(graph, opsets, modelDir, source, false, registry, scope);
    return new Subgraph(g, scope.freeNames);
  }

  private static CompiledGraph compile(
      GraphProto graph,
      Map<String, Integer> opsets,
      Path modelDir,
      String source,
      boolean trainable,
      OpRegistry registry,
      Scope scope)
      throws IOException {
    Map<String, Integer> slots = scope.slots;
    List<Tensor> values = scope.values;
    Map<String, Tensor> inits = new LinkedHashMap<>();
    List<String> paramNames = new ArrayList<>();
    List<Integer> paramSlots = new ArrayList<>();
    List<String> bufferNames = new ArrayList<>();
    List<Integer> bufferSlots = new ArrayList<>();
    Map<String, Set<String>> roles = trainable ? roles(graph) : Map.of();
    List<String> problems = new ArrayList<>();
    Set<String> unsupportedOps = new java.util.TreeSet<>();
    for (TensorProto t : graph.initializers()) {
      if (t.name().isEmpty()) {
        throw new IOException(source + ": an initializer has no name");
      }
      if (slots.containsKey(t.name())) {
        throw new IOException(source + ": initializer '" + t.name() + "' is given twice");
      }
      Tensor v;
      try {
        v = TensorCodec.toTensor(t, modelDir, source);
      } catch (dev.nabla.onnx.UnsupportedModelException e) {
        // an element type nabla lacks: reported with every other problem of the model
        problems.addAll(e.problems());
        unsupportedOps.addAll(e.unsupportedOps());
        slots.put(t.name(), values.size());
        values.add(null);
        continue;
      }
      inits.put(t.name(), v);
      slots.put(t.name(), values.size());
      Set<String> role = roles.getOrDefault(t.name(), Set.of());
      boolean isFloat = v.dtype().isFloatingPoint();
      if (trainable && isFloat && role.contains("buffer")) {
        bufferNames.add(t.name());
        bufferSlots.add(values.size());
        values.add(null);
      } else if (trainable
          && isFloat
          && !role.contains("config")
          && !(v.size() == 1 && t.name().contains("::"))) {
        paramNames.add(t.name());
        paramSlots.add(values.size());
        values.add(null);
      } else {
        values.add(v);
      }
    }
    paramNames.addAll(bufferNames);
    paramSlots.addAll(bufferSlots);
    List<String> inputNames = new ArrayList<>();
    List<Integer> inputSlots = new ArrayList<>();
    for (ValueInfoProto in : graph.inputs()) {
      if (inits.containsKey(in.name())) {
        continue; // an input with a default (IR < 4 lists every initializer as an input)
      }
      if (slots.containsKey(in.name())) {
        throw new IOException(source + ": graph input '" + in.name() + "' is listed twice");
      }
      inputNames.add(in.name());
      inputSlots.add(values.size());
      slots.put(in.name(), values.size());
      values.add(null);
    }
    for (List<ValueInfoProto> list : List.of(graph.inputs(), graph.outputs())) {
      for (ValueInfoProto v : list) {
        TypeProto t = v.type();
        if (t != null && t.kind() != TypeProto.Kind.TENSOR && t.kind() != TypeProto.Kind.NONE) {
          String kind = t.kind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
          problems.add(
              "graph "
                  + (list == graph.inputs() ? "input" : "output")
                  + " '"
                  + v.name()
                  + "' is a "
                  + kind
                  + "; nabla runs tensors only");
          unsupportedOps.add(kind + " values");
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    int index = 0;
    for (NodeProto node : graph.nodes()) {
      index++;
      String label =
          node.opType()
              + (node.name().isEmpty() ? " node #" + index : " node '" + node.name() + "'");
      int[] in = new int[node.inputs().size()];
      Tensor[] known = new Tensor[in.length];
      boolean allConstant = true;
      for (int i = 0; i < in.length; i++) {
        String name = node.inputs().get(i);
        if (name.isEmpty()) {
          in[i] = -1;
          continue;
        }
        int s = scope.resolve(name);
        if (s < 0) {
          throw new IOException(
              source
                  + ": "
                  + label
                  + " reads '"
                  + name
                  + "', which no earlier node, graph input or initializer produces (nodes must be"
                  + " in topological order)");
        }
        in[i] = s;
        known[i] = values.get(s);
        allConstant &= known[i] != null;
      }
      int[] out = new int[node.outputs().size()];
      for (int i = 0; i < out.length; i++) {
        String name = node.outputs().get(i);
        if (name.isEmpty()) {
          out[i] = -1;
          continue;
        }
        if (slots.containsKey(name)) {
          throw new IOException(
              source + ": " + label + " writes '" + name + "', which is already defined");
        }
        out[i] = values.size();
        slots.put(name, values.size());
        values.add(null);
      }
      String domain = node.domain().equals("ai.onnx") ? "" : node.domain();
      Integer opset = opsets.get(domain);
      if (opset == null) {
        problems.add(label + ": its domain '" + node.domain() + "' is not imported by the model");
        unsupportedOps.add(opName(node));
        continue;
      }
      OpFactory factory = registry.get(domain, node.opType());
      if (factory == null) {
        problems.add(label + ": op " + opName(node) + " (opset " + opset + ") is not supported");
        unsupportedOps.add(opName(node));
        continue;
      }
      OpKernel kernel;
      List<String> implicit;
      try {
        Attributes attrs = new Attributes(node.attributes(), t -> constant(t, modelDir, source));
        NodeSpec spec =
            new NodeSpec(
                node.opType(),
                domain,
                node.name(),
                opset,
                node.inputs(),
                node.outputs(),
                attrs,
                known,
                (g, what) -> {
                  try {
                    return compileSubgraph(g, opsets, modelDir, source, registry, scope);
                  } catch (dev.nabla.onnx.UnsupportedModelException e) {
                    throw new UnsupportedNodeException(
                        "its " + what + " uses " + String.join("; ", e.problems()),
                        e.unsupportedOps());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        kernel = factory.create(spec);
        implicit = spec.implicitInputs();
        List<String> unread = attrs.unread();
        if (!unread.isEmpty()) {
          throw new UnsupportedNodeException(
              "attribute" + (unread.size() == 1 ? " " : "s ") + unread + " not supported");
        }
      } catch (UnsupportedNodeException e) {
        problems.add(label + " (opset " + opset + "): " + e.getMessage());
        unsupportedOps.add(opName(node));
        unsupportedOps.addAll(e.innerOps());
        continue;
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof dev.nabla.onnx.UnsupportedModelException u) {
          // an attribute tensor of an element type nabla lacks (a uint8 ConstantOfShape value)
          problems.add(label + " (opset " + opset + "): " + String.join("; ", u.problems()));
          unsupportedOps.add(opName(node));
          unsupportedOps.addAll(u.unsupportedOps());
          continue;
        }
        throw e.getCause();
      }
      if (!implicit.isEmpty()) {
        // values a subgraph reads from this graph: appended to the node's inputs
        int declared = in.length;
        in = Arrays.copyOf(in, declared + implicit.size());
        known = Arrays.copyOf(known, in.length);
        for (int i = 0; i < implicit.size(); i++) {
          in[declared + i] = scope.resolve(implicit.get(i));
          known[declared + i] = values.get(in[declared + i]);
          allConstant &= known[declared + i] != null;
        }
      }
      if (allConstant
          && !RANDOM.contains(node.opType())
          && !LOOPS.contains(node.opType())
          && domain.isEmpty()) {
        Tensor[] folded = tryFold(kernel, known, out);
        if (folded != null) {
          for (int i = 0; i < out.length; i++) {
            if (out[i] >= 0) {
              values.set(out[i], folded[i]);
            }
          }
          continue;
        }
      }
      steps.add(new Step(kernel, in, out, new int[0], label));
    }
    if (!problems.isEmpty()) {
      throw new dev.nabla.onnx.UnsupportedModelException(source, problems, unsupportedOps);
    }
    List<String> outputNames = new ArrayList<>();
    int[] outputSlots = new int[graph.outputs().size()];
    for (int i = 0; i < outputSlots.length; i++) {
      String name = graph.outputs().get(i).name();
      int s = scope.resolve(name);
      if (s < 0) {
        throw new IOException(source + ": graph output '" + name + "' is never produced");
      }
      outputNames.add(name);
      outputSlots[i] = s;
    }
    inputSlots.addAll(scope.freeSlots);
    inputNames.addAll(scope.freeNames);
    return new CompiledGraph(
        withReleases(steps, outputSlots),
        values.toArray(new Tensor[0]),
        inputSlots.stream().mapToInt(Integer::intValue).toArray(),
        paramSlots.stream().mapToInt(Integer::intValue).toArray(),
        outputSlots,
        List.copyOf(inputNames),
        List.copyOf(outputNames),
        List.copyOf(paramNames),
        bufferNames.size(),
        java.util.Collections.unmodifiableMap(inits));
  }

  private static String opName(NodeProto node) {
    String d = node.domain();
    return d.isEmpty() || d.equals("ai.onnx") ? node.opType() : d + "." + node.opType();
  }

  private static Tensor constant(TensorProto t, Path modelDir, String source) {
    try {
      return TensorCodec.toTensor(t, modelDir, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a node whose inputs are all known, at load; null when it fails (it then fails at run). */
  private static Tensor[] tryFold(OpKernel kernel, Tensor[] known, int[] out) {
    try {
      Tensor[] r = kernel.run(known.clone());
      if (r == null || r.length < out.length) {
        return null;
      }
      for (int i = 0; i < out.length; i++) {
        if (out[i] >= 0 && r[i] == null) {
          return null;
        }
      }
      return r;
    } catch (RuntimeException | OutOfMemoryError e) {
      // a constant too large to hold (ConstantOfShape of 2^31 elements, say) is left to run time
      return null;
    }
  }

  /** Adds to each step the slots no later step reads (and no output is), freed after it runs. */
  private static List<Step> withReleases(List<Step> steps, int[] outputSlots) {
    Map<Integer, Integer> lastUse = new HashMap<>();
    for (int k = 0; k < steps.size(); k++) {
      for (int s : steps.get(k).in()) {
        if (s >= 0) {
          lastUse.put(s, k);
        }
      }
    }
    for (int s : outputSlots) {
      lastUse.remove(s);
    }
    List<List<Integer>> release = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      release.add(new ArrayList<>());
    }
    lastUse.forEach((slot, k) -> release.get(k).add(slot));
    List<Step> out = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      int[] r = release.get(k).stream().mapToInt(Integer::intValue).toArray();
      out.add(new Step(s.kernel(), s.in(), s.out(), r, s.label()));
    }
    return List.copyOf(out);
  }
}
