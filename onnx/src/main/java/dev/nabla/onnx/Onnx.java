package dev.nabla.onnx;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.onnx.internal.export.Exporter;
import dev.nabla.onnx.internal.proto.ModelProto;
import dev.nabla.onnx.internal.proto.ProtoWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;

/**
 * Exports nabla models as ONNX files, which ONNX Runtime, PyTorch's tooling and {@link
 * OnnxModel#load} run.
 *
 * <pre>{@code
 * Module model = new Sequential(new Dense(784, 100), new ReLU(), new Dense(100, 10));
 * Onnx.export(model, Tensor.zeros(1, 784), Path.of("mlp.onnx"));
 * OnnxModel onnx = OnnxModel.load(Path.of("mlp.onnx"));   // onnx.run(x) equals model.predict(x)
 * }</pre>
 *
 * <p>The file imports ONNX opset 17 (IR version 8). Its graph has one input, {@code input}, with
 * the example's dtype and shape, except that the first dimension is the symbol {@code batch} (any
 * batch size runs; other axes can be made symbolic too), and one output, {@code output}. It
 * computes the module's forward pass in evaluation mode: Dropout is the identity, BatchNorm uses
 * its running statistics. The parameters and buffers the graph uses are its initializers, named as
 * in the module's {@link Module#stateDict()} ({@code 0.weight}, {@code
 * encoder.layers.0.self_attn.in_proj_weight}); tied weights are stored once.
 *
 * <p>The exporter knows {@code Sequential} (nested too) and every layer of {@code
 * dev.nabla.layers}: Dense, Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten, Dropout, BatchNorm1d,
 * BatchNorm2d, LayerNorm, RMSNorm, LSTM, GRU (stacked and bidirectional, batch first, from zero
 * states), Embedding, LearnedPositionalEmbedding, SinusoidalPositionalEncoding, MultiheadAttention
 * (self-attention), TransformerEncoderLayer, TransformerDecoderLayer (its one-input form, the input
 * its own memory), TransformerEncoder, TransformerDecoder, ReLU, LeakyReLU, Tanh, Sigmoid, GELU,
 * Softmax and LogSoftmax. Any other module fails the export with a message naming it.
 */
public final class Onnx {
  private Onnx() {}

  /**
   * Writes {@code module} as an ONNX model to {@code path}, atomically: the file is written next to
   * {@code path} under a temporary name and then moved over it, so a reader never sees half a model
   * and a failed export leaves an existing file as it was. The module runs once on {@code
   * exampleInput} (in evaluation mode, every module's mode restored afterwards), which fixes the
   * shapes of the graph's values and checks that the input fits.
   *
   * @throws IllegalArgumentException naming the layer, for a module the exporter does not know or
   *     an example the module rejects
   * @throws IOException when the file cannot be written
   */
  public static void export(Module module, Tensor exampleInput, Path path) throws IOException {
    export(module, exampleInput, path, Map.of(0, "batch"));
  }

  /**
   * As {@link #export(Module, Tensor, Path)}, with the input axes in {@code dynamicAxes} symbolic
   * under the names it gives ({@code Map.of(0, "batch", 1, "sequence")} for a sequence model that
   * takes any length), and the others fixed at the example's sizes ({@code Map.of()}: every axis
   * fixed). An output axis is symbolic when its size follows a dynamic input axis: the module is
   * run once more for each dynamic axis, on the example made one shorter along it (longer when it
   * is 1), which also checks that the model takes other sizes there.
   *
   * @throws IllegalArgumentException naming the layer, for a module the exporter does not know, an
   *     example the module rejects, or a dynamic axis whose size the model cannot change
   * @throws IOException when the file cannot be written
   */
  public static void export(
      Module module, Tensor exampleInput, Path path, Map<Integer, String> dynamicAxes)
      throws IOException {
    Objects.requireNonNull(path, "path");
    ModelProto model = Exporter.export(module, exampleInput, dynamicAxes, version());
    Path target = path.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        ProtoWriter.model(model, out);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String version() {
    String v = Onnx.class.getPackage().getImplementationVersion();
    return v == null ? "" : v;
  }
}
