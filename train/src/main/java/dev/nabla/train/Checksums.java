package dev.nabla.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The integrity checks of {@link Safetensors}: the CRC32C of each tensor and of the header that
 * nabla records in {@code __metadata__}, as the class Javadoc of {@link Safetensors} defines them,
 * and their verification on load.
 */
final class Checksums {
  private Checksums() {}

  /**
   * Checks the header against its checksum and returns each tensor's recorded CRC32C, or null for a
   * file without checksums (written by another tool).
   */
  static Map<String, Integer> recordedChecksums(
      Path file, List<SafetensorsHeader.Entry> entries, Map<String, String> metadata)
      throws IOException {
    String recorded = metadata.get(Safetensors.HEADER_CHECKSUM);
    if (recorded == null && metadata.keySet().stream().noneMatch(Checksums::isChecksumKey)) {
      return null;
    }
    if (recorded == null) {
      throw Safetensors.corrupt(
          file,
          "__metadata__ holds tensor checksums but no '"
              + Safetensors.HEADER_CHECKSUM
              + "': the header was changed");
    }
    int expected = parseChecksum(file, Safetensors.HEADER_CHECKSUM, recorded);
    int actual = headerChecksum(entries, metadata);
    if (actual != expected) {
      throw Safetensors.corrupt(
          file,
          "the header fails its CRC32C check: expected "
              + hex(expected)
              + " (recorded in __metadata__ '"
              + Safetensors.HEADER_CHECKSUM
              + "'), computed "
              + hex(actual)
              + ": a tensor's name, dtype, shape or data_offsets, or a metadata entry, was changed");
    }
    Map<String, Integer> checksums = new HashMap<>();
    for (SafetensorsHeader.Entry e : entries) {
      String key = Safetensors.TENSOR_CHECKSUM + e.name();
      String value = metadata.get(key);
      if (value == null) {
        throw Safetensors.corrupt(
            file, "tensor '" + e.name() + "' has no checksum '" + key + "' in __metadata__");
      }
      checksums.put(e.name(), parseChecksum(file, key, value));
    }
    for (String key : metadata.keySet()) {
      if (key.startsWith(Safetensors.TENSOR_CHECKSUM)
          && !checksums.containsKey(key.substring(Safetensors.TENSOR_CHECKSUM.length()))) {
        throw Safetensors.corrupt(
            file, "__metadata__ '" + key + "' is the checksum of no tensor in the file");
      }
    }
    return checksums;
  }

  /**
   * The CRC32C of the header's description, as the class Javadoc defines it: every tensor's entry
   * in name order, then every metadata entry but the header's checksum in key order.
   */
  static int headerChecksum(List<SafetensorsHeader.Entry> entries, Map<String, String> metadata) {
    StringBuilder text = new StringBuilder();
    List<SafetensorsHeader.Entry> byName = new ArrayList<>(entries);
    byName.sort((a, b) -> a.name().compareTo(b.name()));
    for (SafetensorsHeader.Entry e : byName) {
      text.append("tensor ")
          .append(counted(e.name()))
          .append(' ')
          .append(e.format().name())
          .append(' ');
      for (int i = 0; i < e.shape().length; i++) {
        text.append(i == 0 ? "" : ",").append(e.shape()[i]);
      }
      text.append(' ').append(e.begin()).append(' ').append(e.end()).append('\n');
    }
    for (String key : new TreeMap<>(metadata).keySet()) {
      if (!key.equals(Safetensors.HEADER_CHECKSUM)) {
        text.append("meta ")
            .append(counted(key))
            .append(' ')
            .append(counted(metadata.get(key)))
            .append('\n');
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** {@code <length of s in UTF-8 bytes>:<s>}: unambiguous whatever {@code s} holds. */
  static String counted(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length + ":" + s;
  }

  static boolean isChecksumKey(String key) {
    return key.equals(Safetensors.HEADER_CHECKSUM) || key.startsWith(Safetensors.TENSOR_CHECKSUM);
  }

  static String hex(int crc) {
    return HexFormat.of().toHexDigits(crc);
  }

  static int parseChecksum(Path file, String key, String value) throws IOException {
    if (value.length() != 8
        || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw Safetensors.corrupt(
          file,
          "__metadata__ '"
              + key
              + "' is '"
              + value
              + "', expected a CRC32C as 8 lowercase hex digits");
    }
    return HexFormat.fromHexDigits(value);
  }
}
