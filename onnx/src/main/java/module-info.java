/**
 * ONNX for nabla: {@link dev.nabla.onnx.OnnxModel} loads an {@code .onnx} file and runs it in pure
 * Java; {@link dev.nabla.onnx.Onnx} exports nabla's models.
 *
 * <p>protobuf-java is an automatic module (its jar names itself {@code com.google.protobuf} in its
 * manifest, a stable name), hence the suppressed lint.
 */
@SuppressWarnings("requires-automatic")
module dev.nabla.onnx {
  requires transitive dev.nabla.core;
  requires transitive dev.nabla.layers;
  // the wire format of .onnx files (CodedInputStream, CodedOutputStream)
  requires com.google.protobuf;

  exports dev.nabla.onnx;
}
