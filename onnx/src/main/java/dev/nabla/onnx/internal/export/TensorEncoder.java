package dev.nabla.onnx.internal.export;

import com.google.protobuf.UnsafeByteOperations;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.TensorProto;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes a nabla tensor as a {@code TensorProto}: its dimensions, the ONNX element type of its
 * dtype and its elements in row-major order as little-endian {@code raw_data} (BOOL as one byte, 0
 * or 1), the encoding ONNX's own {@code numpy_helper.from_array} uses. {@link TensorCodec#toTensor}
 * reads it back.
 */
public final class TensorEncoder {
  private TensorEncoder() {}

  /** {@code t} as a {@code TensorProto} named {@code name}, with its data in {@code raw_data}. */
  public static TensorProto encode(String name, Tensor t) {
    int n = t.size();
    int[] shape = t.shape();
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    ByteBuffer b;
    switch (t.dtype()) {
      case FLOAT32 -> {
        b = buffer(n * 4L, name);
        b.asFloatBuffer().put(t.toFloatArray());
      }
      case FLOAT64 -> {
        b = buffer(n * 8L, name);
        b.asDoubleBuffer().put(t.toDoubleArray());
      }
      case INT32 -> {
        b = buffer(n * 4L, name);
        b.asIntBuffer().put(t.toIntArray());
      }
      case INT64 -> {
        b = buffer(n * 8L, name);
        b.asLongBuffer().put(t.toLongArray());
      }
      case BOOL -> {
        b = buffer(n, name);
        boolean[] v = t.toBooleanArray();
        for (int i = 0; i < n; i++) {
          b.put(i, (byte) (v[i] ? 1 : 0));
        }
      }
      default -> throw new AssertionError(t.dtype());
    }
    return new TensorProto(
        name,
        dims,
        TensorCodec.onnxType(t.dtype()),
        new float[0],
        new int[0],
        new long[0],
        new double[0],
        new long[0],
        List.of(),
        UnsafeByteOperations.unsafeWrap(b.array()),
        List.of(),
        0,
        false,
        "");
  }

  private static ByteBuffer buffer(long bytes, String name) {
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "TensorEncoder: tensor '"
              + name
              + "' needs "
              + bytes
              + " bytes, more than a protobuf message holds (2 GB); ONNX stores such tensors as"
              + " external data, which nabla does not write");
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
