package dev.nabla.train;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.train.SafetensorsHeader.Entry;
import dev.nabla.train.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * so nabla's checkpoints open in PyTorch, NumPy and Hugging Face tools: an 8-byte little-endian
 * header length, a JSON header mapping each name to {@code dtype}, {@code shape} and {@code
 * data_offsets}, then the little-endian tensor bytes. Loading never executes code.
 *
 * <p>Element types: F32, F64, I32, I64 and BOOL are read and written as FLOAT32, FLOAT64, INT32,
 * INT64 and BOOL tensors (a BOOL byte must be 0 or 1); F16 and BF16 are read as FLOAT32 (exactly),
 * and written from FLOAT32 on request ({@link #save(Path, Map, Map, FloatFormat)}).
 *
 * <p>Writes are atomic: the file is written beside the target under a temporary name, forced to
 * disk, then renamed over the target, so a crash during a save leaves the previous file intact. The
 * temporary name, {@code .<name>.<machine>-<pid>.<random>.tmp}, holds the writer's machine (host
 * and boot) and process id: the next save or load of the target deletes the temporary files that
 * this machine's writers left when they stopped running (a process killed mid-save), never a live
 * writer's, and never one written from another machine or container, whose process ids mean nothing
 * here. Reads validate the whole header against the file's real length before allocating anything,
 * so a corrupt or hostile file fails with an {@link IOException} that names the file and the
 * problem, and a load allocates no more than a constant plus a multiple of the file's length.
 *
 * <p>Integrity: {@link #save(Path, Map, Map) save} records checksums in {@code __metadata__}, as
 * strings any safetensors reader passes through, and {@link #load load} verifies them, so that a
 * flipped bit on disk or in transfer fails the load, naming the tensor or the header, instead of
 * loading changed names or weights:
 *
 * <ul>
 *   <li>{@code "nabla.crc32c.<name>"}: the CRC32C ({@link java.util.zip.CRC32C}, as 8 lowercase hex
 *       digits) of tensor {@code <name>}'s data bytes, as stored (little-endian);
 *   <li>{@code "nabla.header_crc32c"}: the CRC32C of the UTF-8 text made of one line per tensor, in
 *       name order, {@code tensor <name> <dtype> <d0,d1,...> <begin> <end>\n}, then one line per
 *       metadata entry but this one (the tensor checksums included), in key order, {@code meta
 *       <key> <value>\n}, where each name, key and value is written as its UTF-8 length, a colon
 *       and itself ({@code 14:model.0.weight}), and the order is {@link String#compareTo}'s. It
 *       covers what the data checksums do not: a renamed tensor, a changed dtype, shape or offset,
 *       a changed metadata value.
 * </ul>
 *
 * A file that carries neither key (written by another tool, or by nabla before checksums) loads
 * unchecked; one that carries tensor checksums without the header's is refused, as its header was
 * changed. The checksum keys are reserved: {@link Contents#metadata()} leaves them out and {@code
 * save} refuses them in its metadata.
 */
public final class Safetensors {
  /** The {@code __metadata__} key of a tensor's checksum is this prefix and the tensor's name. */
  static final String TENSOR_CHECKSUM = "nabla.crc32c.";

  /** The {@code __metadata__} key of the header's checksum. */
  static final String HEADER_CHECKSUM = "nabla.header_crc32c";

  /** The reference implementation refuses headers above 100 MB; so do we. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private Safetensors() {}

  /**
   * The tensors of a file in header order, and its {@code __metadata__} strings.
   *
   * @param tensors the tensors by name, in the header's order (copied, unmodifiable)
   * @param metadata the {@code __metadata__} strings but the checksums, empty when there are none
   *     (copied, unmodifiable)
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Copies both maps, keeping their order, into unmodifiable ones. */
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /**
   * How {@link #save(Path, Map, Map, FloatFormat)} stores FLOAT32 tensors: as they are ({@link
   * #F32}), or narrowed to 16 bits, rounding to the nearest value (ties to even) as PyTorch's
   * {@code .half()} and {@code .bfloat16()} do. Tensors of the other dtypes are always stored as
   * they are. A file's F16 and BF16 tensors load as FLOAT32 (exactly: every 16-bit value is a
   * float).
   */
  public enum FloatFormat {
    /** IEEE 754 single precision, as held. */
    F32,
    /** IEEE 754 half precision (binary16): 11 significant bits, finite up to 65504. */
    F16,
    /** bfloat16: the top 16 bits of a float, 8 significant bits, a float's range. */
    BF16
  }

  /** Writes {@code tensors} (in map order) atomically to {@code file}. */
  public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
    save(file, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} (in map order) and string {@code metadata} atomically to {@code file},
   * with the checksums of the data and of the header (see the class Javadoc).
   *
   * @param metadata strings for the header; keys starting with {@code "nabla.crc32c."} and {@code
   *     "nabla.header_crc32c"} are reserved for the checksums
   */
  public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    save(file, tensors, metadata, FloatFormat.F32);
  }

  /**
   * {@link #save(Path, Map, Map)} with FLOAT32 tensors stored in {@code floats}: F16 or BF16 halve
   * the file (a model's weights in the format PyTorch and Hugging Face load as {@code
   * torch.float16} or {@code torch.bfloat16}); values round to the nearest 16-bit one.
   */
  public static void save(
      Path file, Map<String, Tensor> tensors, Map<String, String> metadata, FloatFormat floats)
      throws IOException {
    if (floats == null) {
      throw new IllegalArgumentException("Safetensors.save: floats must not be null");
    }
    if (file == null || tensors == null || metadata == null) {
      throw new IllegalArgumentException(
          "Safetensors.save: file, tensors and metadata must not be null, got file="
              + file
              + ", tensors="
              + (tensors == null ? null : "given")
              + ", metadata="
              + metadata);
    }
    requireNoNulls("Safetensors.save", metadata);
    for (String key : metadata.keySet()) {
      if (Checksums.isChecksumKey(key)) {
        throw new IllegalArgumentException(
            "Safetensors.save: metadata key '"
                + key
                + "' is reserved: save writes the checksums ('"
                + TENSOR_CHECKSUM
                + "<tensor>' and '"
                + HEADER_CHECKSUM
                + "') itself");
      }
    }
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.equals("__metadata__")) {
        throw new IllegalArgumentException("Safetensors.save: invalid tensor name '" + name + "'");
      }
      Tensor t = e.getValue();
      if (t == null) {
        throw new IllegalArgumentException("Safetensors.save: tensor '" + name + "' is null");
      }
      StoredDType format =
          t.dtype() == DType.FLOAT32 && floats != FloatFormat.F32
              ? StoredDType.valueOf(floats.name())
              : StoredDType.of(t.dtype());
      long bytes = (long) t.size() * format.width;
      entries.add(new Entry(name, format, t.shape(), offset, offset + bytes));
      offset += bytes;
    }
    // The checksums are known only once the data is written: the header goes in last, over a
    // placeholder of the same length (every checksum is 8 hex digits).
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    for (Entry e : entries) {
      meta.put(TENSOR_CHECKSUM + e.name(), Checksums.hex(0));
    }
    meta.put(HEADER_CHECKSUM, Checksums.hex(0));
    int headerBytes = SafetensorsHeader.encode(entries, meta).remaining();

    Path tmp = AtomicFiles.newTempFile(file);
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.position(headerBytes);
        int i = 0;
        for (Tensor t : tensors.values()) {
          Entry e = entries.get(i++);
          meta.put(TENSOR_CHECKSUM + e.name(), Checksums.hex(writeTensor(ch, t, e.format())));
        }
        meta.put(HEADER_CHECKSUM, Checksums.hex(Checksums.headerChecksum(entries, meta)));
        ByteBuffer head = SafetensorsHeader.encode(entries, meta);
        if (head.remaining() != headerBytes) {
          throw new IllegalStateException(
              "Safetensors.save: the header changed length from "
                  + headerBytes
                  + " to "
                  + head.remaining()
                  + " bytes (a bug in nabla)");
        }
        ch.position(0);
        writeFully(ch, head);
        ch.force(true);
      }
      AtomicFiles.moveOver(tmp, file);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Throws an {@link IllegalArgumentException} naming {@code op} when {@code metadata} holds a null
   * key or value (the format's metadata are strings).
   */
  static void requireNoNulls(String op, Map<String, String> metadata) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(
            op
                + ": metadata keys must not be null, got a null key with value "
                + (e.getValue() == null ? "null" : "'" + e.getValue() + "'"));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            op + ": metadata values must not be null, got null for key '" + e.getKey() + "'");
      }
    }
  }

  /**
   * Writes the tensor's bytes in {@code format} at the channel's position; returns their CRC32C.
   */
  private static int writeTensor(FileChannel ch, Tensor t, StoredDType format) throws IOException {
    final int chunk = 1 << 16; // elements per write: bounded memory for any tensor size
    int n = t.size();
    int width = format.width;
    ByteBuffer buf = ByteBuffer.allocate(chunk * width).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i += chunk) {
      int m = Math.min(chunk, n - i);
      buf.clear();
      format.encode(t, i, m, buf);
      buf.limit(m * width);
      crc.update(buf);
      writeFully(ch, buf.flip());
    }
    return (int) crc.getValue();
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Reads a whole file, validating it first and verifying its checksums if it has any. Removes the
   * temporary files that saves to the same path by dead processes left behind (see {@link
   * #save(Path, Map, Map)}).
   *
   * @throws IOException when the file cannot be read, is not a valid safetensors file, or fails a
   *     checksum (the message names the file and the tensor, or the header)
   */
  public static Contents load(Path file) throws IOException {
    return read(file).contents();
  }

  /**
   * What {@link #read} gives: the contents, and whether the file carried checksums (all of which
   * matched).
   */
  record Loaded(Contents contents, boolean checksummed) {}

  /** {@link #load}, telling whether the file carried checksums. */
  static Loaded read(Path file) throws IOException {
    AtomicFiles.removeStaleTemporaries(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "file is " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, file);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw bad(
            file,
            "header length "
                + Long.toUnsignedString(headerLen)
                + " at byte 0 is impossible for a file of "
                + size
                + " bytes (expected 2 to "
                + Math.min(MAX_HEADER_BYTES, size - 8)
                + ")");
      }
      ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headBuf, 8, file);
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      SafetensorsHeader.Parsed header = SafetensorsHeader.parse(file, headBuf, headerLen, dataLen);
      List<Entry> entries = header.entries();
      Map<String, String> metadata = header.metadata();
      Map<String, Integer> checksums = Checksums.recordedChecksums(file, entries, metadata);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        tensors.put(
            e.name(),
            readTensor(ch, file, e, dataStart, checksums == null ? null : checksums.get(e.name())));
      }
      metadata.keySet().removeIf(Checksums::isChecksumKey);
      return new Loaded(new Contents(tensors, metadata), checksums != null);
    }
  }

  private static Tensor readTensor(
      FileChannel ch, Path file, Entry e, long dataStart, Integer checksum) throws IOException {
    int width = e.format().width;
    int n = (int) ((e.end() - e.begin()) / width);
    ByteBuffer buf =
        ByteBuffer.allocate((int) Math.min(e.end() - e.begin(), 1 << 20))
            .order(ByteOrder.LITTLE_ENDIAN);
    long pos = dataStart + e.begin();
    int done = 0;
    Tensor t = Tensor.zeros(e.dtype(), e.shape());
    CRC32C crc = new CRC32C();
    while (done < n) {
      int chunk = Math.min(n - done, buf.capacity() / width);
      buf.clear().limit(chunk * width);
      readFully(ch, buf, pos, file);
      buf.flip();
      e.format().decode(buf, t, done, chunk, file, e.name());
      crc.update(buf);
      pos += (long) chunk * width;
      done += chunk;
    }
    if (checksum != null && (int) crc.getValue() != checksum) {
      throw corrupt(
          file,
          "tensor '"
              + e.name()
              + "' fails its CRC32C check: expected "
              + Checksums.hex(checksum)
              + " (recorded in __metadata__ '"
              + TENSOR_CHECKSUM
              + e.name()
              + "'), computed "
              + Checksums.hex((int) crc.getValue())
              + " from its data bytes "
              + e.begin()
              + " to "
              + e.end());
    }
    return t;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file)
      throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw bad(file, "unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }

  static IOException bad(Path file, String what) {
    return new IOException(file + ": not a valid safetensors file: " + what);
  }

  static IOException corrupt(Path file, String what) {
    return new IOException(file + ": corrupt safetensors file: " + what);
  }
}
