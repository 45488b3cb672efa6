package dev.nabla.onnx;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.onnx.internal.proto.Dimension;
import dev.nabla.onnx.internal.proto.ModelProto;
import dev.nabla.onnx.internal.proto.OperatorSetId;
import dev.nabla.onnx.internal.proto.ProtoReader;
import dev.nabla.onnx.internal.proto.TensorProto;
import dev.nabla.onnx.internal.proto.TypeProto;
import dev.nabla.onnx.internal.proto.ValueInfoProto;
import dev.nabla.onnx.internal.runtime.CompiledGraph;
import dev.nabla.onnx.internal.runtime.GraphCompiler;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An ONNX model loaded for inference, in pure Java.
 *
 * <pre>{@code
 * OnnxModel model = OnnxModel.load(Path.of("mnist.onnx"));
 * Map<String, Tensor> out = model.run(Map.of("input", x));
 * }</pre>
 *
 * <p>Loading reads the file (and any external-data files next to it), checks every node, and fails
 * with an {@link UnsupportedModelException} listing every op or attribute nabla does not implement,
 * or an {@link IOException} naming the file and what is malformed. {@link #run} computes under
 * {@link Grad#disabled()}; a loaded model is immutable, so concurrent {@code run} calls on one
 * model are safe. {@link #asModule()} turns the graph into a nabla {@link Module} whose parameters
 * are the floating-point initializers, to fine-tune with nabla's optimizers.
 */
public final class OnnxModel {
  /** Where {@link #asModule()} reads the model again: the file, or the bytes it was loaded from. */
  private final Path file;

  private final byte[] bytes;
  private final String producer;
  private final Path dir;
  private final String source;
  private final Map<String, Integer> opsets;
  private final CompiledGraph graph;
  private final List<ValueInfo> inputs;
  private final List<ValueInfo> outputs;

  private OnnxModel(ModelProto proto, Path file, byte[] bytes, Path dir, String source)
      throws IOException {
    this.file = file;
    this.bytes = bytes;
    this.producer = (proto.producerName() + " " + proto.producerVersion()).trim();
    this.dir = dir;
    this.source = source;
    if (proto.graph() == null) {
      throw new IOException(source + ": the model has no graph");
    }
    this.opsets = opsets(proto, source);
    this.graph =
        GraphCompiler.compile(proto.graph(), opsets, dir, source, false, OpRegistry.standard());
    Map<String, ValueInfoProto> declared = new HashMap<>();
    proto.graph().inputs().forEach(v -> declared.put(v.name(), v));
    List<ValueInfo> ins = new ArrayList<>();
    for (String name : graph.inputNames()) {
      ins.add(info(declared.get(name)));
    }
    this.inputs = List.copyOf(ins);
    List<ValueInfo> outs = new ArrayList<>();
    proto.graph().outputs().forEach(v -> outs.add(info(v)));
    this.outputs = List.copyOf(outs);
  }

  /** Loads an {@code .onnx} file; external data is read from files in the same folder. */
  public static OnnxModel load(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "no such ONNX model file");
    } catch (OutOfMemoryError e) {
      throw new IOException(path + ": too large to read (" + Files.size(path) + " bytes)", e);
    }
    Path dir = path.toAbsolutePath().getParent();
    String source = path.toString();
    return new OnnxModel(ProtoReader.model(bytes, source), path, null, dir, source);
  }

  /**
   * Loads a model from its bytes ({@code source} names it in messages). Tensors stored as external
   * data cannot be found this way and fail the load.
   */
  public static OnnxModel load(byte[] bytes, String source) throws IOException {
    byte[] copy = bytes.clone();
    return new OnnxModel(ProtoReader.model(copy, source), null, copy, null, source);
  }

  private static Map<String, Integer> opsets(ModelProto proto, String source) throws IOException {
    Map<String, Integer> m = new TreeMap<>();
    for (OperatorSetId id : proto.opsetImports()) {
      String domain = id.domain().equals("ai.onnx") ? "" : id.domain();
      if (id.version() < 1 || id.version() > Integer.MAX_VALUE) {
        throw new IOException(
            source + ": opset import of domain '" + id.domain() + "' has version " + id.version());
      }
      m.put(domain, (int) id.version());
    }
    if (!m.containsKey("") && proto.irVersion() < 3) {
      m.put("", 1); // IR 1 and 2 had no opset imports
    }
    int v = m.getOrDefault("", 0);
    if (v > OpRegistry.MAX_OPSET) {
      throw new UnsupportedModelException(
          source,
          List.of(
              "the model imports ONNX opset "
                  + v
                  + "; nabla implements opsets up to "
                  + OpRegistry.MAX_OPSET),
          Set.of());
    }
    return m;
  }

  private static ValueInfo info(ValueInfoProto v) {
    if (v == null || v.type() == null || v.type().kind() != TypeProto.Kind.TENSOR) {
      String kind =
          v == null || v.type() == null
              ? "undeclared"
              : v.type().kind().toString().toLowerCase(java.util.Locale.ROOT);
      return new ValueInfo(v == null ? "" : v.name(), kind, null, null);
    }
    TypeProto t = v.type();
    List<Dim> shape = null;
    if (t.shape() != null) {
      shape = new ArrayList<>();
      for (Dimension d : t.shape()) {
        shape.add(d.hasValue() ? Dim.of(d.value()) : Dim.symbolic(d.param()));
      }
    }
    return new ValueInfo(
        v.name(), TensorProto.typeName(t.elemType()), TensorCodec.dtype(t.elemType()), shape);
  }

  /** The inputs a caller gives {@link #run} (initializers with defaults are not listed). */
  public List<ValueInfo> inputs() {
    return inputs;
  }

  /** The outputs {@link #run} returns, in the model's order. */
  public List<ValueInfo> outputs() {
    return outputs;
  }

  /** The version of ONNX's default operator set the model imports (0: none). */
  public int opsetVersion() {
    return opsets.getOrDefault("", 0);
  }

  /** Who wrote the file: its {@code producer_name} and {@code producer_version}. */
  public String producer() {
    return producer;
  }

  /** The initializers (weights) as read from the file, by name; do not modify them. */
  public Map<String, Tensor> initializers() {
    return graph.initializers();
  }

  /**
   * Runs the model under no-grad. Every input of {@link #inputs()} must be given, with the declared
   * dtype, rank and fixed sizes, symbolic sizes agreeing across inputs; returns every output, by
   * name, in the model's order.
   */
  public Map<String, Tensor> run(Map<String, Tensor> feeds) {
    Tensor[] in = feeds(feeds);
    Tensor[] out;
    try (var _ = Grad.disabled()) {
      out = graph.execute(in, new Tensor[0]);
    }
    Map<String, Tensor> result = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      result.put(graph.outputNames().get(i), out[i]);
    }
    return result;
  }

  /** Runs a model of one input and one output. */
  public Tensor run(Tensor input) {
    if (inputs.size() != 1 || outputs.size() != 1) {
      throw new IllegalArgumentException(
          "OnnxModel.run(Tensor): "
              + source
              + " has "
              + inputs.size()
              + " inputs and "
              + outputs.size()
              + " outputs "
              + inputs
              + " -> "
              + outputs
              + "; run(Map) takes them by name");
    }
    return run(Map.of(inputs.get(0).name(), input)).values().iterator().next();
  }

  /** Checks the feeds against the declared inputs and orders them as the graph wants. */
  Tensor[] feeds(Map<String, Tensor> feeds) {
    Objects.requireNonNull(feeds, "inputs");
    for (String name : feeds.keySet()) {
      if (!graph.inputNames().contains(name)) {
        throw new IllegalArgumentException(
            source
                + ": the model has no input '"
                + name
                + "'"
                + (graph.initializers().containsKey(name)
                    ? " ('" + name + "' is an initializer, a constant of the model)"
                    : "")
                + "; its inputs are "
                + inputs);
      }
    }
    Tensor[] in = new Tensor[inputs.size()];
    Map<String, Long> symbols = new HashMap<>();
    for (int i = 0; i < in.length; i++) {
      ValueInfo info = inputs.get(i);
      Tensor t = feeds.get(info.name());
      if (t == null) {
        throw new IllegalArgumentException(
            source + ": input '" + info.name() + "' is missing; the model's inputs are " + inputs);
      }
      check(info, t, symbols);
      in[i] = t;
    }
    return in;
  }

  private void check(ValueInfo info, Tensor t, Map<String, Long> symbols) {
    String what = source + ": input '" + info.name() + "'";
    if (info.dtype() != null && t.dtype() != info.dtype()) {
      throw new IllegalArgumentException(
          what + " is " + info.elementType() + " (" + info.dtype() + "), got " + t.dtype());
    }
    if (info.shape() == null) {
      return;
    }
    int[] s = t.shape();
    if (s.length != info.shape().size()) {
      throw new IllegalArgumentException(
          what
              + " has shape "
              + info.shape()
              + " (rank "
              + info.shape().size()
              + "), got "
              + Arrays.toString(s));
    }
    for (int d = 0; d < s.length; d++) {
      Dim dim = info.shape().get(d);
      if (dim.isFixed() && dim.size() != s[d]) {
        throw new IllegalArgumentException(
            what
                + " has shape "
                + info.shape()
                + ", got "
                + Arrays.toString(s)
                + " (dimension "
                + d
                + ")");
      }
      if (!dim.isFixed() && !dim.symbol().isEmpty()) {
        Long bound = symbols.putIfAbsent(dim.symbol(), (long) s[d]);
        if (bound != null && bound != s[d]) {
          throw new IllegalArgumentException(
              what
                  + " has "
                  + dim.symbol()
                  + " = "
                  + s[d]
                  + " in dimension "
                  + d
                  + ", but an earlier input has "
                  + dim.symbol()
                  + " = "
                  + bound);
        }
      }
    }
  }

  /**
   * The graph as an {@link OnnxModule}, a nabla {@link Module} to fine-tune: its parameters are
   * copies of the model's floating-point weights under their dotted names (PyTorch's, for a PyTorch
   * export), and its forward runs the graph with autograd on. {@link OnnxModule#forward(Tensor)}
   * takes a model of one input and one output, {@link OnnxModule#forward(Map)} any. The model's
   * file is read again (the loaded model keeps no copy of its bytes); each call returns a new
   * module with its own weights.
   */
  public OnnxModule asModule() throws IOException {
    ModelProto proto =
        file != null
            ? ProtoReader.model(Files.readAllBytes(file), source)
            : ProtoReader.model(bytes, source);
    CompiledGraph trainable =
        GraphCompiler.compile(proto.graph(), opsets, dir, source, true, OpRegistry.standard());
    return new OnnxModule(trainable, source, in -> feeds(in));
  }

  @Override
  public String toString() {
    return "OnnxModel("
        + source
        + ", opset "
        + opsetVersion()
        + ", "
        + inputs
        + " -> "
        + outputs
        + ")";
  }
}
