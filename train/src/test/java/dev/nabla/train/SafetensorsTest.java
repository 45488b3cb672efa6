package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsNamesOrderShapesDtypesValuesAndMetadata() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("0.weight", Tensor.randn(1L, 3, 4));
    in.put("0.bias", Tensor.of(new double[] {1.5, -2}, 2));
    in.put("labels", Tensor.of(new int[] {7, -1, 3}, 3));
    in.put("scalar", Tensor.scalar(2.5f));
    in.put("empty", Tensor.zeros(0, 3));
    Path f = dir.resolve("m.safetensors");
    Safetensors.save(f, in, Map.of("format", "pt"));
    Safetensors.Contents out = Safetensors.load(f);
    assertThat(out.tensors().keySet())
        .containsExactly("0.weight", "0.bias", "labels", "scalar", "empty");
    assertThat(out.metadata()).isEqualTo(Map.of("format", "pt")); // the checksums left out
    for (var e : in.entrySet()) {
      Tensor t = out.tensors().get(e.getKey());
      assertThat(t.dtype()).isEqualTo(e.getValue().dtype());
      assertThat(t.shape()).containsExactly(e.getValue().shape());
      assertThat(t.toDoubleArray()).containsExactly(e.getValue().toDoubleArray());
    }
  }

  /** A file laid out by hand from the format's description, as another tool would write it. */
  @Test
  void readsAFileWrittenByTheSpecificationNotByUs() throws IOException {
    String json =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header).putFloat(1.25f).putFloat(-3f).putInt(42);
    Path f = dir.resolve("spec.safetensors");
    Files.write(f, buf.array());
    Safetensors.Contents c = Safetensors.load(f);
    assertThat(c.tensors().get("a").toFloatArray()).containsExactly(1.25f, -3f);
    assertThat(c.tensors().get("b").shape()).isEmpty();
    assertThat(c.tensors().get("b").intItem()).isEqualTo(42);
  }

  /**
   * The header, with its checksums computed here as the class Javadoc of Safetensors defines them.
   */
  @Test
  void writtenHeaderIsAlignedAndLittleEndianWithTheDocumentedChecksums() throws IOException {
    Path f = dir.resolve("x.safetensors");
    Safetensors.save(f, Map.of("x", Tensor.of(new float[] {1f}, 1)));
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    String data = crc32c(new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1f, little-endian
    String header =
        crc32c(
            ("tensor 1:x F32 1 0 4\nmeta 14:nabla.crc32c.x 8:" + data + "\n")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip())
        .isEqualTo(
            "{\"__metadata__\":{\"nabla.crc32c.x\":\""
                + data
                + "\",\"nabla.header_crc32c\":\""
                + header
                + "\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
    assertThat(ByteBuffer.wrap(bytes, 8 + (int) n, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat())
        .isEqualTo(1f);
  }

  @Test
  void saveReplacesTheOldFileAndLeavesNoTemporaryFiles() throws IOException {
    Path f = dir.resolve("m.safetensors");
    Safetensors.save(f, Map.of("w", Tensor.ones(2)));
    Safetensors.save(f, Map.of("w", Tensor.full(3f, 2)));
    assertThat(Safetensors.load(f).tensors().get("w").toFloatArray()).containsExactly(3f, 3f);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.safetensors");
    }
  }

  @Test
  void badFilesFailWithTheFileNameAndWhatIsWrong() throws IOException {
    assertBad(new byte[] {1, 2, 3}, "shorter than the 8-byte header length");
    assertBad(withHeader("{}", 0, Long.MAX_VALUE), "header length");
    assertBad(withHeader("[1,2]", 0, -1), "not a JSON object");
    assertBad(withHeader("{\"a\":", 0, -1), "not valid JSON");
    assertBad(
        withHeader("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, -1),
        "dtype F8_E4M3, which nabla does not read");
    assertBad(
        withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, -1),
        "needs 8 bytes but data_offsets span 4");
    assertBad(
        withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, -1),
        "cover 4 data bytes but the file holds 8");
    assertBad(
        withHeader(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            8,
            -1),
        "overlaps");
    assertBad(
        withHeader(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,4]}}",
            4,
            -1),
        "has shape [2147483647, 2147483647]: more than 2^31-1 elements, more than a nabla tensor holds");
    assertBad(
        withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, -1),
        "invalid dimension -1");
    assertBad(
        withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,400]}}", 4, -1),
        "outside the 4 data bytes");
  }

  /**
   * Headers the format does not allow, each of which used to pass or fail with something other than
   * an IOException that names the file.
   */
  @Test
  void headersTheFormatForbidsFailWithTheFileName() throws IOException {
    String f32 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    // zero bytes before the JSON made Jackson guess UTF-32, then fail with a
    // CharConversionException
    assertBad(withHeader("\0\0\0" + f32, 4, -1), "is not valid JSON");
    byte[] latin1 = withHeader("{\"\u00e9\":1}", 0, -1);
    latin1[8 + 2] = (byte) 0xe9; // é in Latin-1: not UTF-8
    assertBad(latin1, "is not UTF-8 text");
    assertBad(withHeader(f32 + " {}", 4, -1), "is not valid JSON");
    assertBad(
        withHeader(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            4,
            -1),
        "Duplicate field 'a'");
    // 2^64 + 1 is an integral number whose asLong() is 1
    assertBad(
        withHeader(f32.replace("[1]", "[18446744073709551617]"), 4, -1),
        "invalid dimension 18446744073709551617");
    assertBad(
        withHeader(f32.replace("[0,4]", "[18446744073709551616,18446744073709551620]"), 4, -1),
        "has no data_offsets [begin, end]");
    // no element, but more than a tensor's count before the zero: Tensor.zeros would refuse it
    assertBad(
        withHeader(f32.replace("[1]", "[65536,65536,0]").replace("[0,4]", "[0,0]"), 0, -1),
        "has shape [65536, 65536, 0]: more than 2^31-1 elements, more than a nabla tensor holds");
  }

  private void assertBad(byte[] bytes, String message) throws IOException {
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, bytes);
    assertThatThrownBy(() -> Safetensors.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining(message);
  }

  private static byte[] withHeader(String json, int dataBytes, long claimedLength) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(claimedLength >= 0 ? claimedLength : h.length).put(h);
    return b.array();
  }

  @Test
  void nullArgumentsKeysValuesAndTensorsAreRefusedWithTheirOwnMessage() {
    Path f = dir.resolve("m.safetensors");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, null);
    assertThatThrownBy(() -> Safetensors.save(f, Map.of("w", Tensor.ones(1)), nullKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Safetensors.save: metadata keys must not be null, got a null key with value null");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("format", null);
    assertThatThrownBy(() -> Safetensors.save(f, Map.of("w", Tensor.ones(1)), nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Safetensors.save: metadata values must not be null, got null for key 'format'");
    Map<String, Tensor> nullTensor = new HashMap<>();
    nullTensor.put("w", null);
    assertThatThrownBy(() -> Safetensors.save(f, nullTensor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Safetensors.save: tensor 'w' is null");
    assertThatThrownBy(() -> Safetensors.save(f, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Safetensors.save: file, tensors and metadata must not be null");
    assertThat(Files.exists(f)).isFalse();
  }

  private static String crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return String.format("%08x", crc.getValue());
  }

  @Test
  void dtypeOfEveryKindRoundTrips() throws IOException {
    for (DType d : DType.values()) {
      Path f = dir.resolve(d + ".safetensors");
      Tensor t = Tensor.ones(d, 2, 2);
      Safetensors.save(f, Map.of("t", t));
      assertThat(Safetensors.load(f).tensors().get("t").dtype()).isEqualTo(d);
    }
  }
}
