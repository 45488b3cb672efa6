package dev.nabla.onnx;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NumPy's {@code .npy} files, the format {@code numpy.save} writes and {@code numpy.load} reads:
 * the inputs and outputs of {@code ./nabla run-onnx}.
 *
 * <p>{@link #read} takes format versions 1.0, 2.0 and 3.0 and the element types {@code f4}, {@code
 * f8}, {@code i4}, {@code i8} and {@code b1} (as FLOAT32, FLOAT64, INT32, INT64 and BOOL), in
 * either byte order; {@code f2} is widened to FLOAT32, {@code u1}, {@code i1}, {@code i2} and
 * {@code u2} to INT32, and {@code u4} to INT64, all exactly. A Fortran-ordered array is read and
 * transposed into nabla's row-major order. Anything else (structured or object arrays, other types)
 * and any malformed file fail with an {@link IOException} naming the file, the byte offset and what
 * is wrong.
 *
 * <p>{@link #write} writes version 1.0 (2.0 when the header needs it) in little-endian C order. It
 * is atomic: the bytes go to a temporary file beside the target, which is then renamed over it, so
 * a reader never sees half a file.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npy() {}

  /** Reads a {@code .npy} file into a tensor of its shape. */
  public static Tensor read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(path + ": " + size + " bytes, more than nabla reads into one tensor");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "no such .npy file");
    }
    return read(bytes, path.toString());
  }

  /** Parses the bytes of a {@code .npy} file; {@code source} names it in messages. */
  static Tensor read(byte[] bytes, String source) throws IOException {
    if (bytes.length < MAGIC.length + 2
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw error(
          source,
          0,
          "not a .npy file: it does not start with the magic \\x93NUMPY"
              + (bytes.length < 8 ? " (" + bytes.length + " bytes)" : ""));
    }
    int major = bytes[6] & 0xFF, minor = bytes[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw error(
          source, 6, "format version " + major + "." + minor + "; nabla reads 1.0, 2.0 and 3.0");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    int headerStart = 8 + lengthBytes;
    if (bytes.length < headerStart) {
      throw error(source, 8, "truncated: the file ends inside the header's length");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8) & 0xFFFFFFFFL;
    if (headerStart + headerLength > bytes.length) {
      throw error(
          source,
          8,
          "truncated: the header is "
              + headerLength
              + " bytes long, but only "
              + (bytes.length - headerStart)
              + " bytes follow");
    }
    String text;
    try {
      text =
          (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, headerStart, (int) headerLength))
              .toString();
    } catch (CharacterCodingException e) {
      throw error(source, headerStart, "the header is not valid UTF-8");
    }
    Header h = new HeaderParser(text, source, headerStart).parse();
    int dataStart = headerStart + (int) headerLength;
    return decode(bytes, headerStart, dataStart, h, source);
  }

  /** What the header says: the element type, the order and the shape. */
  private record Header(String descr, boolean fortran, int[] shape) {}

  /**
   * A parser of the header: a Python dict literal of {@code 'descr'}, {@code 'fortran_order'} and
   * {@code 'shape'}, as {@code numpy.lib.format} writes it (and {@code ast.literal_eval} reads it).
   */
  private static final class HeaderParser {
    private final String s;
    private final String source;
    private final int base;
    private int i;

    HeaderParser(String s, String source, int base) {
      this.s = s;
      this.source = source;
      this.base = base;
    }

    private IOException fail(String what) {
      return error(source, base + i, what + " (header: " + abbreviated() + ")");
    }

    private String abbreviated() {
      String t = s.strip();
      return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    private void space() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private boolean peek(char c) {
      space();
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c, String what) throws IOException {
      if (!peek(c)) {
        throw fail("expected '" + c + "' " + what);
      }
      i++;
    }

    Header parse() throws IOException {
      if (!peek('{')) {
        throw fail("the header is not a dict");
      }
      i++;
      Map<String, Object> values = new LinkedHashMap<>();
      while (!peek('}')) {
        String key = string("as a key of the header's dict");
        if (!List.of("descr", "fortran_order", "shape").contains(key)) {
          throw fail(
              "unknown key '" + key + "' (a .npy header has descr, fortran_order and shape)");
        }
        expect(':', "after the key '" + key + "'");
        Object value = value(key);
        if (values.put(key, value) != null) {
          throw fail("the key '" + key + "' appears twice");
        }
        if (!peek(',')) {
          break;
        }
        i++;
      }
      expect('}', "at the end of the header's dict");
      space();
      if (i != s.length()) {
        throw fail("text after the header's dict");
      }
      for (String k : List.of("descr", "fortran_order", "shape")) {
        if (!values.containsKey(k)) {
          throw fail("the header has no '" + k + "'");
        }
      }
      if (!(values.get("descr") instanceof String descr)) {
        throw fail(
            "'descr' is the field list "
                + values.get("descr")
                + " of a structured dtype; nabla reads plain arrays only");
      }
      if (!(values.get("fortran_order") instanceof Boolean fortran)) {
        throw fail("'fortran_order' is " + values.get("fortran_order") + ", not True or False");
      }
      if (!(values.get("shape") instanceof int[] shape)) {
        throw fail("'shape' is " + values.get("shape") + ", not a tuple of sizes");
      }
      return new Header(descr, fortran, shape);
    }

    private Object value(String key) throws IOException {
      space();
      if (i >= s.length()) {
        throw fail("the header ends before the value of '" + key + "'");
      }
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        return string("");
      }
      if (s.startsWith("True", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        return tuple(key);
      }
      if (c == '[') {
        // a structured dtype's field list: skip it to report it
        int depth = 0, start = i;
        for (; i < s.length(); i++) {
          if (s.charAt(i) == '[') {
            depth++;
          } else if (s.charAt(i) == ']' && --depth == 0) {
            i++;
            return List.of(s.substring(start, Math.min(i, start + 60)));
          }
        }
        throw fail("unclosed '[' in the value of '" + key + "'");
      }
      throw fail("the value of '" + key + "' is not a string, True, False or a tuple");
    }

    private int[] tuple(String key) throws IOException {
      i++; // (
      List<Integer> sizes = new ArrayList<>();
      long count = 1;
      while (!peek(')')) {
        space();
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw fail("'" + key + "' holds something other than non-negative whole numbers");
        }
        long v;
        try {
          v = Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
          v = Long.MAX_VALUE;
        }
        if (i < s.length() && s.charAt(i) == 'L') {
          i++; // Python 2's long literals
        }
        if (v > Integer.MAX_VALUE) {
          throw fail("'" + key + "' has the size " + s.substring(start, i) + ", more than 2^31-1");
        }
        count *= Math.max(v, 1);
        if (count > Integer.MAX_VALUE) {
          throw fail("'" + key + "' has more than 2^31-1 elements");
        }
        sizes.add((int) v);
        if (!peek(',')) {
          break;
        }
        i++;
      }
      expect(')', "at the end of '" + key + "'");
      return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private String string(String what) throws IOException {
      space();
      if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
        throw fail("expected a quoted string " + what);
      }
      char q = s.charAt(i++);
      int start = i;
      while (i < s.length() && s.charAt(i) != q) {
        if (s.charAt(i) == '\\') {
          throw fail("escapes in strings are not supported");
        }
        i++;
      }
      if (i >= s.length()) {
        throw fail("unterminated string");
      }
      return s.substring(start, i++);
    }
  }

  /** The element types {@link #read} takes: the dtype made and the bytes per element. */
  private enum Stored {
    F2(DType.FLOAT32, 2),
    F4(DType.FLOAT32, 4),
    F8(DType.FLOAT64, 8),
    B1(DType.BOOL, 1),
    I1(DType.INT32, 1),
    U1(DType.INT32, 1),
    I2(DType.INT32, 2),
    U2(DType.INT32, 2),
    I4(DType.INT32, 4),
    U4(DType.INT64, 4),
    I8(DType.INT64, 8);

    final DType dtype;
    final int width;

    Stored(DType dtype, int width) {
      this.dtype = dtype;
      this.width = width;
    }
  }

  private static Tensor decode(
      byte[] bytes, int headerOffset, int dataStart, Header h, String source) throws IOException {
    String d = h.descr();
    if (d.length() < 3 || "<>|=".indexOf(d.charAt(0)) < 0) {
      throw error(
          source,
          headerOffset,
          "dtype '" + d + "' is not a byte order (<, >, |) followed by a type code and a size");
    }
    Stored st =
        switch (d.substring(1)) {
          case "f2" -> Stored.F2;
          case "f4" -> Stored.F4;
          case "f8" -> Stored.F8;
          case "b1" -> Stored.B1;
          case "i1" -> Stored.I1;
          case "u1" -> Stored.U1;
          case "i2" -> Stored.I2;
          case "u2" -> Stored.U2;
          case "i4" -> Stored.I4;
          case "u4" -> Stored.U4;
          case "i8" -> Stored.I8;
          default ->
              throw error(
                  source,
                  headerOffset,
                  "dtype '"
                      + d
                      + "' is not supported; nabla reads float16/32/64 (f2, f4, f8), int8/16/32/64"
                      + " (i1, i2, i4, i8), uint8/16/32 (u1, u2, u4) and bool (b1)");
        };
    ByteOrder order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    if (d.charAt(0) == '=') {
      order = ByteOrder.nativeOrder();
    }
    if (d.charAt(0) == '|' && st.width > 1) {
      throw error(
          source, headerOffset, "dtype '" + d + "' has no byte order ('|') but is multi-byte");
    }
    int[] shape = h.shape();
    long count = 1;
    for (int s : shape) {
      count *= s;
    }
    long need = count * st.width;
    long have = bytes.length - dataStart;
    if (have != need) {
      throw error(
          source,
          dataStart,
          "the shape "
              + Arrays.toString(shape)
              + " of '"
              + d
              + "' needs "
              + need
              + " bytes of data, the file has "
              + have
              + (have < need ? " (truncated)" : " (extra bytes after the data)"));
    }
    int n = (int) count;
    ByteBuffer b = ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(order);
    int[] stored = h.fortran() ? reversed(shape) : shape;
    Tensor t =
        switch (st) {
          case F4 -> {
            float[] v = new float[n];
            b.asFloatBuffer().get(v);
            yield Tensor.of(v, stored);
          }
          case F2 -> {
            float[] v = new float[n];
            for (int k = 0; k < n; k++) {
              v[k] = Float.float16ToFloat(b.getShort(2 * k));
            }
            yield Tensor.of(v, stored);
          }
          case F8 -> {
            double[] v = new double[n];
            b.asDoubleBuffer().get(v);
            yield Tensor.of(v, stored);
          }
          case B1 -> {
            boolean[] v = new boolean[n];
            for (int k = 0; k < n; k++) {
              v[k] = b.get(k) != 0;
            }
            yield Tensor.of(v, stored);
          }
          case I4 -> {
            int[] v = new int[n];
            b.asIntBuffer().get(v);
            yield Tensor.of(v, stored);
          }
          case I8 -> {
            long[] v = new long[n];
            b.asLongBuffer().get(v);
            yield Tensor.of(v, stored);
          }
          case U4 -> {
            long[] v = new long[n];
            for (int k = 0; k < n; k++) {
              v[k] = b.getInt(4 * k) & 0xFFFFFFFFL;
            }
            yield Tensor.of(v, stored);
          }
          case I1, U1, I2, U2 -> {
            int[] v = new int[n];
            for (int k = 0; k < n; k++) {
              v[k] =
                  switch (st) {
                    case I1 -> b.get(k);
                    case U1 -> b.get(k) & 0xFF;
                    case I2 -> b.getShort(2 * k);
                    default -> b.getShort(2 * k) & 0xFFFF;
                  };
            }
            yield Tensor.of(v, stored);
          }
        };
    if (h.fortran() && shape.length > 1) {
      int[] axes = new int[shape.length];
      for (int k = 0; k < axes.length; k++) {
        axes[k] = axes.length - 1 - k;
      }
      try (var _ = Grad.disabled()) {
        t = t.permute(axes);
      }
    }
    return t;
  }

  private static int[] reversed(int[] shape) {
    int[] r = new int[shape.length];
    for (int k = 0; k < r.length; k++) {
      r[k] = shape[r.length - 1 - k];
    }
    return r;
  }

  private static IOException error(String source, long offset, String what) {
    return new IOException(source + ": at byte " + offset + ": " + what);
  }

  /**
   * Writes {@code tensor} as a {@code .npy} file (little-endian, C order; FLOAT32 as {@code <f4},
   * FLOAT64 {@code <f8}, INT32 {@code <i4}, INT64 {@code <i8}, BOOL {@code |b1}), atomically: a
   * temporary file beside {@code path} renamed over it. The folder must exist.
   */
  public static void write(Path path, Tensor tensor) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tensor, "tensor");
    byte[] bytes = bytes(tensor);
    Path target = path.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** The bytes of {@code tensor}'s {@code .npy} file. */
  static byte[] bytes(Tensor tensor) {
    DType dt = tensor.dtype();
    String descr =
        switch (dt) {
          case FLOAT32 -> "<f4";
          case FLOAT64 -> "<f8";
          case INT32 -> "<i4";
          case INT64 -> "<i8";
          case BOOL -> "|b1";
        };
    int[] shape = tensor.shape();
    StringBuilder sb = new StringBuilder("{'descr': '").append(descr);
    sb.append("', 'fortran_order': False, 'shape': (");
    for (int k = 0; k < shape.length; k++) {
      sb.append(k == 0 ? "" : ", ").append(shape[k]);
    }
    sb.append(shape.length == 1 ? ",), }" : "), }");
    // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64
    int major = 10 + sb.length() + 1 <= 65535 ? 1 : 2;
    int prefix = major == 1 ? 10 : 12;
    int total = prefix + sb.length() + 1;
    int padded = (total + 63) / 64 * 64;
    sb.append(" ".repeat(padded - total)).append('\n');
    byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    int n = tensor.size();
    long dataBytes = (long) n * dt.byteSize();
    if (prefix + header.length + dataBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "Npy.write: a tensor of " + dataBytes + " bytes is too large for one array");
    }
    ByteBuffer b =
        ByteBuffer.allocate(prefix + header.length + (int) dataBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) header.length);
    } else {
      b.putInt(header.length);
    }
    b.put(header);
    switch (dt) {
      case FLOAT32 -> b.asFloatBuffer().put(tensor.floatStorage());
      case FLOAT64 -> b.asDoubleBuffer().put(tensor.doubleStorage());
      case INT32 -> b.asIntBuffer().put(tensor.intStorage());
      case INT64 -> b.asLongBuffer().put(tensor.longStorage());
      case BOOL -> {
        for (boolean v : tensor.boolStorage()) {
          b.put((byte) (v ? 1 : 0));
        }
      }
    }
    return b.array();
  }
}
