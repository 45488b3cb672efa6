package dev.nabla.train;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.train.internal.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;

/**
 * The element formats of a {@link Safetensors} file that nabla reads, by their header code, with
 * the dtype each loads as and its bytes per element: F16 and BF16 load as FLOAT32 and are written
 * from FLOAT32 on request. Each encodes a run of a tensor's elements into a little-endian buffer
 * and decodes one back.
 */
enum StoredDType {
  F32(DType.FLOAT32, 4),
  F64(DType.FLOAT64, 8),
  I32(DType.INT32, 4),
  I64(DType.INT64, 8),
  BOOL(DType.BOOL, 1),
  F16(DType.FLOAT32, 2),
  BF16(DType.FLOAT32, 2);

  final DType dtype;
  final int width;

  StoredDType(DType dtype, int width) {
    this.dtype = dtype;
    this.width = width;
  }

  /** The format a tensor of {@code d} is written in when no narrower one is asked for. */
  static StoredDType of(DType d) {
    return switch (d) {
      case FLOAT32 -> F32;
      case FLOAT64 -> F64;
      case INT32 -> I32;
      case INT64 -> I64;
      case BOOL -> BOOL;
    };
  }

  /** The format of header code {@code code}, or null when nabla does not read it. */
  static StoredDType ofCode(String code) {
    for (StoredDType s : values()) {
      if (s.name().equals(code)) {
        return s;
      }
    }
    return null;
  }

  /** Writes elements {@code [from, from + n)} of {@code t} at the start of {@code buf}. */
  void encode(Tensor t, int from, int n, ByteBuffer buf) {
    switch (this) {
      case F32 -> buf.asFloatBuffer().put(t.floatStorage(), from, n);
      case F64 -> buf.asDoubleBuffer().put(t.doubleStorage(), from, n);
      case I32 -> buf.asIntBuffer().put(t.intStorage(), from, n);
      case I64 -> buf.asLongBuffer().put(t.longStorage(), from, n);
      case BOOL -> {
        boolean[] b = t.boolStorage();
        for (int k = 0; k < n; k++) {
          buf.put(k, b[from + k] ? (byte) 1 : 0);
        }
      }
      case F16, BF16 -> {
        float[] f = t.floatStorage();
        ShortBuffer s = buf.asShortBuffer();
        for (int k = 0; k < n; k++) {
          float v = f[from + k];
          s.put(k, this == F16 ? HalfFloats.toF16(v) : HalfFloats.toBF16(v));
        }
      }
    }
  }

  /**
   * Reads {@code n} elements from the start of {@code buf} into {@code t} from element {@code at};
   * a BOOL byte other than 0 or 1 fails naming the file, the tensor and the element.
   */
  void decode(ByteBuffer buf, Tensor t, int at, int n, Path file, String name) throws IOException {
    switch (this) {
      case F32 -> buf.asFloatBuffer().get(t.floatStorage(), at, n);
      case F64 -> buf.asDoubleBuffer().get(t.doubleStorage(), at, n);
      case I32 -> buf.asIntBuffer().get(t.intStorage(), at, n);
      case I64 -> buf.asLongBuffer().get(t.longStorage(), at, n);
      case BOOL -> {
        boolean[] dst = t.boolStorage();
        for (int k = 0; k < n; k++) {
          byte v = buf.get(buf.position() + k);
          if (v != 0 && v != 1) {
            throw Safetensors.bad(
                file,
                "tensor '"
                    + name
                    + "' is BOOL but element "
                    + (at + k)
                    + " is byte "
                    + v
                    + " (expected 0 or 1)");
          }
          dst[at + k] = v == 1;
        }
      }
      case F16, BF16 -> {
        float[] f = t.floatStorage();
        ShortBuffer s = buf.asShortBuffer();
        for (int k = 0; k < n; k++) {
          short h = s.get(k);
          f[at + k] = this == F16 ? HalfFloats.fromF16(h) : HalfFloats.fromBF16(h);
        }
      }
    }
  }
}
