package dev.nabla.train;

import static dev.nabla.train.Safetensors.bad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.core.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a {@link Safetensors} file: written from the tensor entries and metadata, and
 * parsed back with every field validated against the data area's real length, so that a corrupt or
 * hostile header fails with an {@link IOException} naming the file and the problem.
 */
final class SafetensorsHeader {
  /**
   * Strict about what the format allows: one JSON object and nothing after it but the padding, each
   * name once (the reference implementation's parser refuses the rest too).
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private SafetensorsHeader() {}

  /** A tensor's header entry: its stored element format, shape and byte range in the data area. */
  record Entry(String name, StoredDType format, int[] shape, long begin, long end) {
    /** The dtype the tensor has in nabla. */
    DType dtype() {
      return format.dtype;
    }
  }

  /** The 8-byte length and the JSON header, padded with spaces so that the data starts aligned. */
  static ByteBuffer encode(List<Entry> entries, Map<String, String> metadata) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    metadata.forEach(meta::put);
    for (Entry e : entries) {
      ObjectNode entry = header.putObject(e.name);
      entry.put("dtype", e.format.name());
      ArrayNode shape = entry.putArray("shape");
      for (int d : e.shape) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(e.begin).add(e.end);
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8; // the data starts 8-byte aligned
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    return head.flip();
  }

  /** A parsed header: the tensor entries in header order, and the {@code __metadata__} strings. */
  record Parsed(List<Entry> entries, Map<String, String> metadata) {}

  /**
   * Parses and validates the {@code headerLen} header bytes in {@code headBuf} (filled, not yet
   * flipped) of {@code file}, whose data area holds {@code dataLen} bytes: UTF-8 JSON, one object,
   * every entry well formed, the entries tiling the data area exactly.
   */
  static Parsed parse(Path file, ByteBuffer headBuf, long headerLen, long dataLen)
      throws IOException {
    String where = "header (bytes 8 to " + (8 + headerLen) + ")";
    JsonNode header;
    try {
      // The format's header is UTF-8: decoding it here, strictly, keeps Jackson from guessing
      // UTF-16 or UTF-32 from zero bytes (a guess that failed with an exception that named no
      // file: found by fuzzing).
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(headBuf.flip())
              .toString();
      header = JSON.readTree(text);
    } catch (CharacterCodingException e) {
      throw bad(file, where + " is not UTF-8 text: " + e);
    } catch (JsonProcessingException e) {
      throw bad(file, where + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (header == null || !header.isObject()) {
      throw bad(file, "header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : header.properties()) {
      if (f.getKey().equals("__metadata__")) {
        readMetadata(file, f.getValue(), metadata);
      } else {
        entries.add(entry(file, f.getKey(), f.getValue(), dataLen));
      }
    }
    checkLayout(file, entries, dataLen);
    return new Parsed(entries, metadata);
  }

  private static Entry entry(Path file, String name, JsonNode node, long dataLen)
      throws IOException {
    if (!node.isObject()) {
      throw bad(file, "entry '" + name + "' is not an object");
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw bad(file, "entry '" + name + "' has no dtype string");
    }
    StoredDType format = StoredDType.ofCode(dtypeNode.asText());
    if (format == null) {
      throw bad(
          file,
          "entry '"
              + name
              + "' has dtype "
              + dtypeNode.asText()
              + ", which nabla does not read (expected F32, F64, F16, BF16, I32, I64 or BOOL)");
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw bad(file, "entry '" + name + "' has no shape array");
    }
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      // canConvertToInt: a BigInteger node's asLong() would silently wrap 2^64 + 1 to 1
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
        throw bad(file, "entry '" + name + "' has an invalid dimension " + d + " in its shape");
      }
      shape[i] = d.intValue();
    }
    // The element count as nabla's tensors count it (left to right, failing past 2^31 - 1 even when
    // a later dimension is 0), so that no shape that passes here fails in Tensor.zeros below with
    // an IllegalArgumentException instead of this IOException.
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw bad(
            file,
            "entry '"
                + name
                + "' has shape "
                + Arrays.toString(shape)
                + ": more than 2^31-1 elements, more than a nabla tensor holds");
      }
    }
    JsonNode off = node.get("data_offsets");
    if (off == null
        || !off.isArray()
        || off.size() != 2
        || !off.get(0).isIntegralNumber()
        || !off.get(1).isIntegralNumber()
        || !off.get(0).canConvertToLong()
        || !off.get(1).canConvertToLong()) {
      throw bad(file, "entry '" + name + "' has no data_offsets [begin, end]");
    }
    long begin = off.get(0).asLong(), end = off.get(1).asLong();
    if (begin < 0 || end < begin || end > dataLen) {
      throw bad(
          file,
          "entry '"
              + name
              + "' has data_offsets ["
              + begin
              + ", "
              + end
              + "] outside the "
              + dataLen
              + " data bytes");
    }
    if (count * format.width != end - begin) {
      throw bad(
          file,
          "entry '"
              + name
              + "' of shape "
              + Arrays.toString(shape)
              + " "
              + format
              + " needs "
              + count * format.width
              + " bytes but data_offsets span "
              + (end - begin));
    }
    return new Entry(name, format, shape, begin, end);
  }

  /** The format requires the tensors to tile the data area exactly: no gaps, no overlaps. */
  private static void checkLayout(Path file, List<Entry> entries, long dataLen) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
    long at = 0;
    for (Entry e : sorted) {
      if (e.begin != at) {
        throw bad(
            file,
            "entry '"
                + e.name
                + "' starts at data byte "
                + e.begin
                + ", expected "
                + at
                + (e.begin < at ? " (it overlaps the previous tensor)" : " (there is a gap)"));
      }
      at = e.end;
    }
    if (at != dataLen) {
      throw bad(file, "the tensors cover " + at + " data bytes but the file holds " + dataLen);
    }
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out)
      throws IOException {
    if (!node.isObject()) {
      throw bad(file, "__metadata__ is not an object");
    }
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!f.getValue().isTextual()) {
        throw bad(file, "__metadata__ value of '" + f.getKey() + "' is not a string");
      }
      out.put(f.getKey(), f.getValue().asText());
    }
  }
}
