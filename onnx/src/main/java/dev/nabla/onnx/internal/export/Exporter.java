package dev.nabla.onnx.internal.export;

import static dev.nabla.onnx.internal.export.GraphBuilder.integer;
import static dev.nabla.onnx.internal.export.GraphBuilder.integers;
import static dev.nabla.onnx.internal.export.GraphBuilder.real;
import static dev.nabla.onnx.internal.export.GraphBuilder.string;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Activation;
import dev.nabla.layers.AvgPool2d;
import dev.nabla.layers.BatchNorm;
import dev.nabla.layers.Conv1d;
import dev.nabla.layers.Conv2d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Embedding;
import dev.nabla.layers.Flatten;
import dev.nabla.layers.GELU;
import dev.nabla.layers.GRU;
import dev.nabla.layers.LSTM;
import dev.nabla.layers.LayerNorm;
import dev.nabla.layers.LeakyReLU;
import dev.nabla.layers.LearnedPositionalEmbedding;
import dev.nabla.layers.LogSoftmax;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.Module;
import dev.nabla.layers.MultiheadAttention;
import dev.nabla.layers.RMSNorm;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Sigmoid;
import dev.nabla.layers.SinusoidalPositionalEncoding;
import dev.nabla.layers.Softmax;
import dev.nabla.layers.Tanh;
import dev.nabla.layers.TransformerDecoder;
import dev.nabla.layers.TransformerDecoderLayer;
import dev.nabla.layers.TransformerEncoder;
import dev.nabla.layers.TransformerEncoderLayer;
import dev.nabla.onnx.internal.proto.AttributeProto;
import dev.nabla.onnx.internal.proto.Dimension;
import dev.nabla.onnx.internal.proto.GraphProto;
import dev.nabla.onnx.internal.proto.ModelProto;
import dev.nabla.onnx.internal.proto.OperatorSetId;
import dev.nabla.onnx.internal.proto.TypeProto;
import dev.nabla.onnx.internal.proto.ValueInfoProto;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Translates a nabla module into an ONNX graph at opset {@value #OPSET}, layer by layer. Each layer
 * is run on the example as it flows through the model (evaluation mode, no graph), which checks the
 * input and gives every value's shape. The graph itself depends on no size that is not fixed by the
 * weights: reshapes copy the leading (batch, sequence) dimensions with 0, position tables are
 * sliced to the length read from the input, and recurrent layers run over any number of steps; the
 * declared input and output types say which axes are symbolic.
 *
 * <p>Parameters and buffers become initializers under their state-dict names; where ONNX wants a
 * tensor in another layout (LSTM's and GRU's gate order, PyTorch-layout projection weights), nodes
 * rearrange the initializer, so that the file's initializers are exactly the model's state. Other
 * constants (eps, scales, shapes) are {@code Constant} nodes.
 */
public final class Exporter {
  /** The ONNX operator set the exporter writes. */
  public static final int OPSET = 17;

  /** ONNX IR version 8, the one of opset 17 (ONNX 1.12). */
  public static final long IR_VERSION = 8;

  private static final String LAYERS =
      "Sequential, Dense, Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten, Dropout, BatchNorm1d,"
          + " BatchNorm2d, LayerNorm, RMSNorm, LSTM, GRU, Embedding, LearnedPositionalEmbedding,"
          + " SinusoidalPositionalEncoding, MultiheadAttention, TransformerEncoderLayer,"
          + " TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, ReLU, LeakyReLU,"
          + " Tanh, Sigmoid, GELU, Softmax, LogSoftmax";

  /** A value of the graph: its name and what it holds for the example input. */
  private record Value(String name, Tensor example) {
    int rank() {
      return example.rank();
    }
  }

  private final GraphBuilder g;

  /** The state-dict name of every parameter and buffer of the root module, by live tensor. */
  private final Map<Tensor, String> stateNames = new IdentityHashMap<>();

  private Exporter(Module root, DType dtype) {
    this.g = new GraphBuilder(dtype);
    root.namedParameters().forEach((n, t) -> stateNames.putIfAbsent(t, n));
    root.namedBuffers().forEach((n, t) -> stateNames.putIfAbsent(t, n));
  }

  /**
   * The ONNX model of {@code module} for inputs like {@code example}: input {@code input}, output
   * {@code output}. The input's axes in {@code dynamicAxes} are the symbols it names, the others
   * the example's sizes; an output axis is symbolic when its size follows a dynamic input axis (the
   * module is run again with that axis one shorter, or longer when it is 1, to find out). The
   * module is run in evaluation mode (every module's mode is restored afterwards).
   *
   * @throws IllegalArgumentException naming the layer, for a layer the exporter does not know, or
   *     when the module rejects the example or an input whose dynamic axis has another size
   */
  public static ModelProto export(
      Module module, Tensor example, Map<Integer, String> dynamicAxes, String producerVersion) {
    if (module == null || example == null || dynamicAxes == null) {
      throw new IllegalArgumentException(
          "Onnx.export: module, exampleInput and dynamicAxes must not be null");
    }
    if (example.rank() == 0) {
      throw new IllegalArgumentException(
          "Onnx.export: the example input is a scalar; it needs a batch dimension first");
    }
    Map<Integer, String> axes = new java.util.TreeMap<>();
    dynamicAxes.forEach(
        (axis, name) -> {
          if (axis == null || axis < 0 || axis >= example.rank()) {
            throw new IllegalArgumentException(
                "Onnx.export: dynamic axis "
                    + axis
                    + " is not an axis of the example input "
                    + Arrays.toString(example.shape()));
          }
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                "Onnx.export: dynamic axis " + axis + " needs a name, got '" + name + "'");
          }
          axes.put(axis, name);
        });
    DType floatType = floatType(module, example);
    // every module's own mode, restored parents first (train(mode) sets a whole subtree)
    Map<Module, Boolean> modes = new LinkedHashMap<>();
    modes.put(module, module.isTraining());
    module.namedModules().values().forEach(m -> modes.putIfAbsent(m, m.isTraining()));
    module.eval();
    try (var _ = Grad.disabled()) {
      Exporter e = new Exporter(module, floatType);
      e.g.reserve("input");
      Value out = e.layer(module, "", new Value("input", example));
      String name = "output";
      if (!e.g.renameLastOutput(out.name(), name)) {
        e.g.renameLastOutput(e.g.op("", "Identity", List.of(out.name())), name);
      }
      String[] inDims = new String[example.rank()];
      axes.forEach((axis, symbol) -> inDims[axis] = symbol);
      String[] outDims = outputSymbols(module, example, out.example(), axes);
      GraphProto graph =
          new GraphProto(
              "nabla",
              e.g.nodes(),
              e.g.initializers(),
              List.of(info("input", example, inDims)),
              List.of(info(name, out.example(), outDims)),
              List.of(),
              0,
              "");
      return new ModelProto(
          IR_VERSION,
          List.of(new OperatorSetId("", OPSET)),
          "nabla",
          producerVersion,
          "",
          0,
          "",
          graph,
          List.of(),
          0,
          0);
    } finally {
      modes.forEach((m, training) -> m.train(training));
    }
  }

  /** The floating-point dtype of the model: its first parameter's, else the example's. */
  private static DType floatType(Module module, Tensor example) {
    for (Tensor t : module.parameters()) {
      return t.dtype();
    }
    for (Tensor t : module.namedBuffers().values()) {
      if (t.dtype().isFloatingPoint()) {
        return t.dtype();
      }
    }
    return example.dtype().isFloatingPoint() ? example.dtype() : DType.FLOAT32;
  }

  /**
   * Which output axes follow which dynamic input axis: the module runs on the example with that
   * axis one shorter (longer when it is 1); each output axis whose size changes gets its symbol.
   */
  private static String[] outputSymbols(
      Module module, Tensor example, Tensor output, Map<Integer, String> axes) {
    String[] symbols = new String[output.rank()];
    axes.forEach(
        (axis, symbol) -> {
          int n = example.dim(axis);
          Tensor probe =
              n > 1 ? example.slice(axis, 0, n - 1) : Tensor.concat(axis, example, example);
          Tensor y;
          try {
            y = module.apply(probe);
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                "Onnx.export: input axis "
                    + axis
                    + " ('"
                    + symbol
                    + "') cannot be dynamic: the model rejects an input of shape "
                    + Arrays.toString(probe.shape())
                    + " (the example is "
                    + Arrays.toString(example.shape())
                    + "): "
                    + ex.getMessage(),
                ex);
          }
          if (y.rank() != output.rank()) {
            throw new IllegalArgumentException(
                "Onnx.export: the output's rank changes with input axis "
                    + axis
                    + " ('"
                    + symbol
                    + "')");
          }
          for (int d = 0; d < symbols.length; d++) {
            if (symbols[d] == null && y.dim(d) != output.dim(d)) {
              symbols[d] = symbol;
            }
          }
        });
    return symbols;
  }

  /** The declared type of a graph input or output: fixed sizes but where a symbol is given. */
  private static ValueInfoProto info(String name, Tensor example, String[] symbols) {
    List<Dimension> dims = new ArrayList<>();
    int[] s = example.shape();
    for (int i = 0; i < s.length; i++) {
      dims.add(
          symbols[i] != null ? new Dimension(false, 0, symbols[i]) : new Dimension(true, s[i], ""));
    }
    return new ValueInfoProto(
        name, TypeProto.tensor(TensorCodec.onnxType(example.dtype()), dims), "");
  }

  // ---------------------------------------------------------------- dispatch

  /** The child's model path: {@code /0/self_attn} for scopes, dotted for messages. */
  private static String child(String scope, String name) {
    return scope + "/" + name;
  }

  private static String dotted(String scope) {
    return scope.isEmpty() ? "the model" : "'" + scope.substring(1).replace('/', '.') + "'";
  }

  private Value layer(Module m, String scope, Value x) {
    return switch (m) {
      case Sequential s -> {
        Value y = x;
        for (Map.Entry<String, Module> c : s.namedChildren().entrySet()) {
          y = layer(c.getValue(), child(scope, c.getKey()), y);
        }
        yield y;
      }
      case Dense d -> dense(d, scope, x);
      case Conv1d c ->
          conv(c, scope, x, 1, c.kernel(), c.stride(), c.padding(), c.dilation(), c.groups());
      case Conv2d c ->
          conv(c, scope, x, 2, c.kernel(), c.stride(), c.padding(), c.dilation(), c.groups());
      case MaxPool2d p -> pool(p, "MaxPool", scope, x, p.kernel(), p.stride(), p.padding());
      case AvgPool2d p -> pool(p, "AveragePool", scope, x, p.kernel(), p.stride(), p.padding());
      case Flatten f -> unary(f, scope, x, "Flatten", integer("axis", 1));
      case Dropout _ -> x; // the identity in evaluation mode
      case BatchNorm b -> batchNorm(b, scope, x);
      case LayerNorm n -> layerNorm(n, scope, x);
      case RMSNorm n -> rmsNorm(n, scope, x);
      case ReLU r -> unary(r, scope, x, "Relu");
      case Tanh t -> unary(t, scope, x, "Tanh");
      case Sigmoid s -> unary(s, scope, x, "Sigmoid");
      case LeakyReLU l -> unary(l, scope, x, "LeakyRelu", real("alpha", l.slope()));
      case Softmax s -> unary(s, scope, x, "Softmax", integer("axis", s.axis()));
      case LogSoftmax s -> unary(s, scope, x, "LogSoftmax", integer("axis", s.axis()));
      case GELU a -> new Value(gelu(scope, x.name()), run(a, x));
      case Embedding e -> embedding(e, scope, x);
      case LearnedPositionalEmbedding p -> positions(p, "weight", scope, x);
      case SinusoidalPositionalEncoding p -> positions(p, "pe", scope, x);
      case LSTM r ->
          recurrent(r, scope, x, true, r.hiddenSize(), r.numLayers(), r.directions(), r.hasBias());
      case GRU r ->
          recurrent(r, scope, x, false, r.hiddenSize(), r.numLayers(), r.directions(), r.hasBias());
      case MultiheadAttention a -> {
        Tensor y = run(a, x);
        yield new Value(attention(a, scope, x.name(), x.name()), y);
      }
      case TransformerEncoderLayer l -> new Value(encoderLayer(l, scope, x.name()), run(l, x));
      case TransformerDecoderLayer l ->
          new Value(decoderLayer(l, scope, x.name(), x.name()), run(l, x));
      case TransformerEncoder t -> {
        String h = x.name();
        Tensor example = x.example();
        String layers = child(scope, "layers");
        for (int i = 0; i < t.numLayers(); i++) {
          h = encoderLayer(t.layer(i), child(layers, Integer.toString(i)), h);
          example = t.layer(i).apply(example);
        }
        Value out = new Value(h, example);
        yield t.norm() == null ? out : layer(t.norm(), child(scope, "norm"), out);
      }
      case TransformerDecoder t -> {
        String h = x.name();
        Tensor example = x.example();
        String layers = child(scope, "layers");
        for (int i = 0; i < t.numLayers(); i++) {
          h = decoderLayer(t.layer(i), child(layers, Integer.toString(i)), h, x.name());
          example = t.layer(i).forward(example, x.example(), null, null, null, null, false);
        }
        Value out = new Value(h, example);
        yield t.norm() == null ? out : layer(t.norm(), child(scope, "norm"), out);
      }
      default ->
          throw new IllegalArgumentException(
              "Onnx.export: layer "
                  + dotted(scope)
                  + " of type "
                  + m.getClass().getName()
                  + " ("
                  + firstLine(m)
                  + ") is not supported; the exporter knows "
                  + LAYERS);
    };
  }

  private static String firstLine(Module m) {
    String s = m.toString();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).trim();
  }

  /** The module's output for the example (evaluation mode, no graph). */
  private static Tensor run(Module m, Value x) {
    return m.apply(x.example());
  }

  /** The state-dict name of {@code m}'s own parameter or buffer {@code local}, as initializer. */
  private String param(Module m, String local) {
    Tensor t = m.namedParameters().get(local);
    if (t == null) {
      t = m.namedBuffers().get(local);
    }
    if (t == null) {
      throw new IllegalStateException("Onnx.export: " + firstLine(m) + " has no tensor " + local);
    }
    String name = stateNames.get(t);
    return g.initializer(name == null ? local : name, t);
  }

  private boolean has(Module m, String local) {
    return m.namedParameters().containsKey(local);
  }

  private Value unary(Module m, String scope, Value x, String op, AttributeProto... attributes) {
    return new Value(g.op(scope, op, List.of(x.name()), attributes), run(m, x));
  }

  // ---------------------------------------------------------------- layers

  private Value dense(Dense d, String scope, Value x) {
    String w = param(d, "weight");
    String y;
    if (x.rank() == 2 && d.bias() != null) {
      y = g.op(scope, "Gemm", List.of(x.name(), w, param(d, "bias")));
    } else {
      y = g.op(scope, "MatMul", List.of(x.name(), w));
      if (d.bias() != null) {
        y = g.op(scope, "Add", List.of(y, param(d, "bias")));
      }
    }
    return new Value(y, run(d, x));
  }

  /** A Dense on a value whose example is not tracked (inside a transformer layer). */
  private String dense(Dense d, String scope, String x) {
    String y = g.op(scope, "MatMul", List.of(x, param(d, "weight")));
    return d.bias() == null ? y : g.op(scope, "Add", List.of(y, param(d, "bias")));
  }

  private Value conv(
      Module c,
      String scope,
      Value x,
      int dims,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups) {
    List<String> in = new ArrayList<>(List.of(x.name(), param(c, "weight")));
    if (has(c, "bias")) {
      in.add(param(c, "bias"));
    }
    String y =
        g.op(
            scope,
            "Conv",
            in,
            integers("kernel_shape", repeat(kernel, dims)),
            integers("strides", repeat(stride, dims)),
            integers("pads", repeat(padding, 2 * dims)),
            integers("dilations", repeat(dilation, dims)),
            integer("group", groups));
    return new Value(y, run(c, x));
  }

  private static long[] repeat(long v, int n) {
    long[] a = new long[n];
    Arrays.fill(a, v);
    return a;
  }

  private Value pool(Module p, String op, String scope, Value x, int kernel, int stride, int pad) {
    List<AttributeProto> attrs =
        new ArrayList<>(
            List.of(
                integers("kernel_shape", kernel, kernel),
                integers("strides", stride, stride),
                integers("pads", pad, pad, pad, pad)));
    if (op.equals("AveragePool")) {
      attrs.add(integer("count_include_pad", 1)); // nabla's, PyTorch's default
    }
    String y = g.op(scope, op, List.of(x.name()), attrs.toArray(new AttributeProto[0]));
    return new Value(y, run(p, x));
  }

  private Value batchNorm(BatchNorm b, String scope, Value x) {
    String y =
        g.op(
            scope,
            "BatchNormalization",
            List.of(
                x.name(),
                param(b, "weight"),
                param(b, "bias"),
                param(b, "running_mean"),
                param(b, "running_var")),
            real("epsilon", b.eps()));
    return new Value(y, run(b, x));
  }

  private Value layerNorm(LayerNorm n, String scope, Value x) {
    return new Value(layerNorm(n, scope, x.name()), run(n, x));
  }

  private String layerNorm(LayerNorm n, String scope, String x) {
    int[] shape = n.normalizedShape();
    List<String> in = new ArrayList<>(List.of(x));
    if (n.elementwiseAffine()) {
      in.add(param(n, "weight"));
      in.add(param(n, "bias"));
    } else {
      // opset 17's LayerNormalization requires a scale: ones, as a constant (not a parameter);
      // the bias is optional, but ONNX Runtime 1.17 fails without one: zeros
      in.add(g.constant(scope, Tensor.ones(g.dtype, shape)));
      in.add(g.constant(scope, Tensor.zeros(g.dtype, shape)));
    }
    return g.op(
        scope, "LayerNormalization", in, integer("axis", -shape.length), real("epsilon", n.eps()));
  }

  /** {@code x / sqrt(mean(x * x over the trailing axes) + eps) * weight}: opset 17 has no op. */
  private Value rmsNorm(RMSNorm n, String scope, Value x) {
    int k = n.normalizedShape().length;
    long[] axes = new long[k];
    for (int i = 0; i < k; i++) {
      axes[i] = i - k;
    }
    String sq = g.op(scope, "Mul", List.of(x.name(), x.name()));
    String ms =
        g.op(scope, "ReduceMean", List.of(sq), integers("axes", axes), integer("keepdims", 1));
    String rms =
        g.op(scope, "Sqrt", List.of(g.op(scope, "Add", List.of(ms, g.scalar(scope, n.eps())))));
    String y = g.op(scope, "Div", List.of(x.name(), rms));
    if (n.elementwiseAffine()) {
      y = g.op(scope, "Mul", List.of(y, param(n, "weight")));
    }
    return new Value(y, run(n, x));
  }

  /** The exact GELU, {@code x * 0.5 * (1 + erf(x / sqrt 2))}: opset 17 has no Gelu op. */
  private String gelu(String scope, String x) {
    String e =
        g.op(scope, "Erf", List.of(g.op(scope, "Div", List.of(x, g.scalar(scope, Math.sqrt(2))))));
    String onePlus = g.op(scope, "Add", List.of(e, g.scalar(scope, 1)));
    return g.op(
        scope, "Mul", List.of(g.op(scope, "Mul", List.of(x, onePlus)), g.scalar(scope, 0.5)));
  }

  private String activation(Activation a, String scope, String x) {
    return a == Activation.RELU ? g.op(scope, "Relu", List.of(x)) : gelu(scope, x);
  }

  private Value embedding(Embedding e, String scope, Value x) {
    if (x.example().dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Onnx.export: Embedding "
              + dotted(scope)
              + " takes integer ids, but its input is "
              + x.example().dtype());
    }
    String y = g.op(scope, "Gather", List.of(param(e, "weight"), x.name()), integer("axis", 0));
    return new Value(y, run(e, x));
  }

  /** {@code x + table[0..T-1]}, T the input's sequence length (axis 1), read at run time. */
  private Value positions(Module p, String table, String scope, Value x) {
    Tensor y = run(p, x); // checks the input's shape and length first
    String t = param(p, table);
    String length = g.op(scope, "Shape", List.of(x.name()), integer("start", 1), integer("end", 2));
    String rows = g.op(scope, "Slice", List.of(t, g.ints(scope, 0), length, g.ints(scope, 0)));
    return new Value(g.op(scope, "Add", List.of(x.name(), rows)), y);
  }

  // ---------------------------------------------------------------- recurrent layers

  /**
   * LSTM or GRU, batch first: transposed to ONNX's time-major layout, one ONNX node per layer (both
   * directions in one), the gates reordered from PyTorch's (i, f, g, o) to ONNX's (i, o, f, c) and
   * from (r, z, n) to (z, r, h), GRU with {@code linear_before_reset=1} as PyTorch computes it.
   */
  private Value recurrent(
      Module r,
      String scope,
      Value x,
      boolean lstm,
      int hidden,
      int numLayers,
      int directions,
      boolean bias) {
    Tensor y = run(r, x);
    int[] order = lstm ? new int[] {0, 3, 1, 2} : new int[] {1, 0, 2};
    int gates = order.length;
    String seq = g.op(scope, "Transpose", List.of(x.name()), integers("perm", 1, 0, 2));
    for (int layer = 0; layer < numLayers; layer++) {
      List<String> w = new ArrayList<>(), rr = new ArrayList<>(), b = new ArrayList<>();
      for (int d = 0; d < directions; d++) {
        String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
        w.add(reorder(scope, param(r, "weight_ih" + suffix), order, gates));
        rr.add(reorder(scope, param(r, "weight_hh" + suffix), order, gates));
        if (bias) {
          String bi = reorder(scope, param(r, "bias_ih" + suffix), order, gates);
          String bh = reorder(scope, param(r, "bias_hh" + suffix), order, gates);
          b.add(g.op(scope, "Concat", List.of(bi, bh), integer("axis", 0)));
        }
      }
      List<String> in = new ArrayList<>();
      in.add(seq);
      in.add(stackDirections(scope, w));
      in.add(stackDirections(scope, rr));
      if (bias) {
        in.add(stackDirections(scope, b));
      }
      List<AttributeProto> attrs =
          new ArrayList<>(
              List.of(
                  integer("hidden_size", hidden),
                  string("direction", directions == 2 ? "bidirectional" : "forward")));
      if (!lstm) {
        attrs.add(integer("linear_before_reset", 1));
      }
      String out = g.op(scope, lstm ? "LSTM" : "GRU", in, attrs.toArray(new AttributeProto[0]));
      // Y [T, directions, B, H] -> [T, B, directions * H]
      String tbdh = g.op(scope, "Transpose", List.of(out), integers("perm", 0, 2, 1, 3));
      seq = g.op(scope, "Reshape", List.of(tbdh, g.ints(scope, 0, 0, -1)));
    }
    String out = g.op(scope, "Transpose", List.of(seq), integers("perm", 1, 0, 2));
    return new Value(out, y);
  }

  /** Splits {@code t} into {@code gates} blocks along axis 0 and concatenates them in order. */
  private String reorder(String scope, String t, int[] order, int gates) {
    String[] parts = g.op(scope, "Split", List.of(t), gates, integer("axis", 0));
    List<String> ordered = new ArrayList<>();
    for (int i : order) {
      ordered.add(parts[i]);
    }
    return g.op(scope, "Concat", ordered, integer("axis", 0));
  }

  /** The per-direction tensors with a leading direction axis: [directions, ...]. */
  private String stackDirections(String scope, List<String> perDirection) {
    List<String> u = new ArrayList<>();
    for (String t : perDirection) {
      u.add(g.op(scope, "Unsqueeze", List.of(t, g.ints(scope, 0))));
    }
    return u.size() == 1 ? u.getFirst() : g.op(scope, "Concat", u, integer("axis", 0));
  }

  // ---------------------------------------------------------------- attention and transformers

  /** {@code x.linear(w, b)}: {@code x wᵀ + b} for a weight in PyTorch's [out, in] layout. */
  private String linear(String scope, String x, String w, String b) {
    String wt = g.op(scope, "Transpose", List.of(w), integers("perm", 1, 0));
    String y = g.op(scope, "MatMul", List.of(x, wt));
    return b == null ? y : g.op(scope, "Add", List.of(y, b));
  }

  /** [B, L, E] -> [B, heads, L, D]. */
  private String heads(String scope, String x, int heads, int d) {
    String r = g.op(scope, "Reshape", List.of(x, g.ints(scope, 0, 0, heads, d)));
    return g.op(scope, "Transpose", List.of(r), integers("perm", 0, 2, 1, 3));
  }

  /**
   * Multi-head attention of {@code query} over {@code memory} (the same value for self-attention):
   * the projections, {@code softmax(q kᵀ / sqrt(D)) v} per head, the output projection.
   */
  private String attention(MultiheadAttention a, String scope, String query, String memory) {
    if (!a.packedProjection()) {
      throw new IllegalArgumentException(
          "Onnx.export: MultiheadAttention "
              + dotted(scope)
              + " has separate q/k/v projections (kdim "
              + a.kdim()
              + ", vdim "
              + a.vdim()
              + "); the exporter writes self-attention, whose key and value are the query");
    }
    int e = a.embedDim(), h = a.numHeads(), d = a.headDim();
    String w = param(a, "in_proj_weight");
    String bias = a.hasBias() ? param(a, "in_proj_bias") : null;
    String q, k, v;
    if (query.equals(memory)) {
      // one product, then [B, T, 3, H, D] -> [3, B, H, T, D] and its three blocks, as nabla does
      String qkv = linear(scope, query, w, bias);
      String r = g.op(scope, "Reshape", List.of(qkv, g.ints(scope, 0, 0, 3, h, d)));
      String p = g.op(scope, "Transpose", List.of(r), integers("perm", 2, 0, 3, 1, 4));
      q = g.op(scope, "Gather", List.of(p, g.index(scope, 0)), integer("axis", 0));
      k = g.op(scope, "Gather", List.of(p, g.index(scope, 1)), integer("axis", 0));
      v = g.op(scope, "Gather", List.of(p, g.index(scope, 2)), integer("axis", 0));
    } else {
      String[] ws = g.op(scope, "Split", List.of(w), 3, integer("axis", 0));
      String[] bs =
          bias == null ? new String[3] : g.op(scope, "Split", List.of(bias), 3, integer("axis", 0));
      q = heads(scope, linear(scope, query, ws[0], bs[0]), h, d);
      k = heads(scope, linear(scope, memory, ws[1], bs[1]), h, d);
      v = heads(scope, linear(scope, memory, ws[2], bs[2]), h, d);
    }
    String kt = g.op(scope, "Transpose", List.of(k), integers("perm", 0, 1, 3, 2));
    String logits = g.op(scope, "MatMul", List.of(q, kt));
    String scaled = g.op(scope, "Mul", List.of(logits, g.scalar(scope, 1 / Math.sqrt(d))));
    String weights = g.op(scope, "Softmax", List.of(scaled), integer("axis", -1));
    String o = g.op(scope, "MatMul", List.of(weights, v));
    String merged =
        g.op(
            scope,
            "Reshape",
            List.of(
                g.op(scope, "Transpose", List.of(o), integers("perm", 0, 2, 1, 3)),
                g.ints(scope, 0, 0, e)));
    String outScope = child(scope, "out_proj");
    return linear(
        outScope,
        merged,
        param(a, "out_proj.weight"),
        a.hasBias() ? param(a, "out_proj.bias") : null);
  }

  /**
   * A transformer layer's sublayers in order, each inside its residual connection with its norm
   * ({@code norm1}, {@code norm2}, ...): {@code norm(x + f(x))}, or pre-norm {@code x +
   * f(norm(x))}.
   */
  private String sublayers(
      Module layer, boolean normFirst, String scope, String x, List<UnaryOperator<String>> fs) {
    String h = x;
    for (int i = 0; i < fs.size(); i++) {
      String name = "norm" + (i + 1);
      LayerNorm norm = (LayerNorm) layer.namedChildren().get(name);
      String normScope = child(scope, name);
      UnaryOperator<String> f = fs.get(i);
      h =
          normFirst
              ? g.op(scope, "Add", List.of(h, f.apply(layerNorm(norm, normScope, h))))
              : layerNorm(norm, normScope, g.op(scope, "Add", List.of(h, f.apply(h))));
    }
    return h;
  }

  /** The layer's attention child {@code name} over {@code memory}, or self-attention (null). */
  private UnaryOperator<String> attend(Module layer, String name, String scope, String memory) {
    MultiheadAttention a = (MultiheadAttention) layer.namedChildren().get(name);
    String s = child(scope, name);
    return in -> attention(a, s, in, memory == null ? in : memory);
  }

  private String feedForward(Module layer, Activation act, String scope, String x) {
    Map<String, Module> c = layer.namedChildren();
    String h = dense((Dense) c.get("linear1"), child(scope, "linear1"), x);
    h = activation(act, scope, h);
    return dense((Dense) c.get("linear2"), child(scope, "linear2"), h);
  }

  private String encoderLayer(TransformerEncoderLayer l, String scope, String x) {
    return sublayers(
        l,
        l.normFirst(),
        scope,
        x,
        List.of(
            attend(l, "self_attn", scope, null), in -> feedForward(l, l.activation(), scope, in)));
  }

  /** A decoder layer whose cross-attention reads {@code memory}. */
  private String decoderLayer(TransformerDecoderLayer l, String scope, String x, String memory) {
    return sublayers(
        l,
        l.normFirst(),
        scope,
        x,
        List.of(
            attend(l, "self_attn", scope, null),
            attend(l, "multihead_attn", scope, memory),
            in -> feedForward(l, l.activation(), scope, in)));
  }
}
