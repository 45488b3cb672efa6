package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.StringEntry;
import dev.nabla.onnx.internal.proto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Converts ONNX's {@code TensorProto} to nabla tensors: data from {@code raw_data} (little-endian),
 * from the typed field the element type uses, or from an external file next to the model. Every
 * length is checked against the shape; a mismatch, an unsupported element type or an external path
 * that leaves the model's folder throws an {@link IOException} naming the tensor and what is wrong.
 */
public final class TensorCodec {
  private TensorCodec() {}

  /** The nabla dtype of an ONNX element type, or null when nabla has none. */
  public static DType dtype(int onnxType) {
    return switch (onnxType) {
      case TensorProto.FLOAT -> DType.FLOAT32;
      case TensorProto.DOUBLE -> DType.FLOAT64;
      case TensorProto.INT32 -> DType.INT32;
      case TensorProto.INT64 -> DType.INT64;
      case TensorProto.BOOL -> DType.BOOL;
      default -> null;
    };
  }

  /** The ONNX element type of a nabla dtype. */
  public static int onnxType(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> TensorProto.FLOAT;
      case FLOAT64 -> TensorProto.DOUBLE;
      case INT32 -> TensorProto.INT32;
      case INT64 -> TensorProto.INT64;
      case BOOL -> TensorProto.BOOL;
    };
  }

  /**
   * The tensor {@code t} holds. {@code modelDir} is the folder external data is resolved against
   * (null: external data is refused); {@code source} names the file in messages.
   */
  public static Tensor toTensor(TensorProto t, Path modelDir, String source) throws IOException {
    String what = source + ": tensor '" + t.name() + "'";
    DType dt = dtype(t.dataType());
    if (dt == null) {
      throw new dev.nabla.onnx.UnsupportedModelException(
          source,
          java.util.List.of(
              "tensor '"
                  + t.name()
                  + "' has element type "
                  + TensorProto.typeName(t.dataType())
                  + "; nabla supports float, double, int32, int64 and bool"),
          java.util.Set.of(TensorProto.typeName(t.dataType()) + " tensors"));
    }
    if (t.segmented()) {
      throw new IOException(what + " is segmented, which nabla does not read");
    }
    int[] shape = new int[t.dims().length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = t.dims()[i];
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new IOException(what + " has dimension " + d + " in " + Arrays.toString(t.dims()));
      }
      shape[i] = (int) d;
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw new IOException(
            what + " has " + Arrays.toString(t.dims()) + ", more than 2^31-1 elements");
      }
    }
    int n = (int) count;
    if (t.dataLocation() == TensorProto.LOCATION_EXTERNAL) {
      return fromBytes(external(t, modelDir, what, (long) n * width(dt)), dt, shape, n, what);
    }
    if (t.rawData() != null) {
      ByteBuffer b = t.rawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      return fromBytes(b, dt, shape, n, what);
    }
    switch (dt) {
      case FLOAT32 -> {
        check(what, "float_data", t.floatData().length, n);
        return Tensor.of(t.floatData().clone(), shape);
      }
      case FLOAT64 -> {
        check(what, "double_data", t.doubleData().length, n);
        return Tensor.of(t.doubleData().clone(), shape);
      }
      case INT32 -> {
        check(what, "int32_data", t.int32Data().length, n);
        return Tensor.of(t.int32Data().clone(), shape);
      }
      case INT64 -> {
        check(what, "int64_data", t.int64Data().length, n);
        return Tensor.of(t.int64Data().clone(), shape);
      }
      case BOOL -> {
        check(what, "int32_data", t.int32Data().length, n);
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
          b[i] = t.int32Data()[i] != 0;
        }
        return Tensor.of(b, shape);
      }
    }
    throw new AssertionError(dt);
  }

  private static void check(String what, String field, int length, int n) throws IOException {
    if (length != n) {
      throw new IOException(
          what + " has " + length + " values in " + field + ", its shape needs " + n);
    }
  }

  private static int width(DType dt) {
    return switch (dt) {
      case FLOAT32, INT32 -> 4;
      case FLOAT64, INT64 -> 8;
      case BOOL -> 1;
    };
  }

  private static Tensor fromBytes(ByteBuffer b, DType dt, int[] shape, int n, String what)
      throws IOException {
    long need = (long) n * width(dt);
    if (b.remaining() != need) {
      throw new IOException(
          what
              + " has "
              + b.remaining()
              + " bytes of data, its shape "
              + Arrays.toString(shape)
              + " of "
              + dt
              + " needs "
              + need);
    }
    switch (dt) {
      case FLOAT32 -> {
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        return Tensor.of(f, shape);
      }
      case FLOAT64 -> {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return Tensor.of(d, shape);
      }
      case INT32 -> {
        int[] v = new int[n];
        b.asIntBuffer().get(v);
        return Tensor.of(v, shape);
      }
      case INT64 -> {
        long[] v = new long[n];
        b.asLongBuffer().get(v);
        return Tensor.of(v, shape);
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = b.get(i) != 0;
        }
        return Tensor.of(v, shape);
      }
    }
    throw new AssertionError(dt);
  }

  /**
   * Reads external data: {@code location} (relative, inside modelDir), {@code offset}, {@code
   * length}.
   */
  private static ByteBuffer external(TensorProto t, Path modelDir, String what, long need)
      throws IOException {
    String location = null;
    long offset = 0, length = -1;
    for (StringEntry e : t.externalData()) {
      switch (e.key()) {
        case "location" -> location = e.value();
        case "offset" -> offset = parse(e, what);
        case "length" -> length = parse(e, what);
        case "checksum" -> {}
        default -> throw new IOException(what + ": unknown external_data key '" + e.key() + "'");
      }
    }
    if (location == null || location.isEmpty()) {
      throw new IOException(what + " is stored externally but names no location");
    }
    if (modelDir == null) {
      throw new IOException(
          what
              + " is stored externally in '"
              + location
              + "', but the model was not loaded from a file");
    }
    Path base = modelDir.toAbsolutePath().normalize();
    Path p;
    try {
      p = base.resolve(location).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IOException(
          what
              + ": external data location '"
              + location
              + "' is not a valid path: "
              + e.getReason());
    }
    if (Path.of(location).isAbsolute() || !p.startsWith(base)) {
      throw new IOException(
          what
              + ": external data location '"
              + location
              + "' is outside the model's folder "
              + base);
    }
    if (!Files.isRegularFile(p)) {
      throw new IOException(what + ": external data file " + p + " does not exist");
    }
    Path real = p.toRealPath();
    if (!real.startsWith(base.toRealPath(LinkOption.NOFOLLOW_LINKS))
        && !real.startsWith(base.toRealPath())) {
      throw new IOException(
          what + ": external data file " + p + " links outside the model's folder " + base);
    }
    if (length < 0) {
      length = need;
    }
    if (need > Integer.MAX_VALUE) {
      throw new IOException(what + ": " + need + " bytes of external data, more than 2^31-1");
    }
    if (length != need) {
      throw new IOException(
          what + ": external data length " + length + " bytes, its shape needs " + need);
    }
    try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset < 0 || offset + length > size) {
        throw new IOException(
            what
                + ": external data at offset "
                + offset
                + " with length "
                + length
                + " runs past the end of "
                + real
                + " ("
                + size
                + " bytes)");
      }
      ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining()) {
        if (ch.read(b, offset + b.position()) < 0) {
          throw new IOException(what + ": " + real + " ended early");
        }
      }
      b.flip();
      return b;
    }
  }

  private static long parse(StringEntry e, String what) throws IOException {
    try {
      return Long.parseLong(e.value());
    } catch (NumberFormatException x) {
      throw new IOException(
          what + ": external_data " + e.key() + " '" + e.value() + "' is not a number");
    }
  }
}
