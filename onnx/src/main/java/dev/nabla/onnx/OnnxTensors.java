package dev.nabla.onnx;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.ProtoReader;
import dev.nabla.onnx.internal.proto.TensorProto;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Single tensors in ONNX's own format: a serialized {@code TensorProto}, the {@code .pb} files of
 * ONNX's test data ({@code onnx.numpy_helper.from_array(a).SerializeToString()} on the Python
 * side).
 */
public final class OnnxTensors {
  private OnnxTensors() {}

  /** Reads a {@code TensorProto} file: its name (may be empty) and its tensor. */
  public static Map.Entry<String, Tensor> read(Path path) throws IOException {
    String source = path.toString();
    TensorProto t = ProtoReader.tensor(Files.readAllBytes(path), source);
    Path dir = path.toAbsolutePath().getParent();
    return Map.entry(t.name(), TensorCodec.toTensor(t, dir, source));
  }
}
