package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Module;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints carry checksums: a flipped bit anywhere in a file nabla wrote fails the load with an
 * {@link IOException} naming the file (and the tensor, for the data), never loads changed names or
 * weights; files without checksums, as other tools write them, still load.
 */
class CheckpointIntegrityTest {
  @TempDir Path dir;

  /** How many single-bit flips of the data area are tried, each in a fresh copy of the file. */
  static final int DATA_FLIPS = 200;

  private static final Tensor X = Tensor.randn(11L, 6, 2);
  private static final Tensor Y = Tensor.of(new int[] {0, 1, 2, 0, 1, 2}, 6);

  private static Module net(long seed) {
    return new Sequential(
        new Dense(2, 4, Init.uniform(-1, 1), seed),
        new Tanh(),
        new Dense(4, 3, Init.uniform(-1, 1), seed + 1));
  }

  private static Module layer(long seed) {
    return new Dense(2, 3, Init.uniform(-1, 1), seed);
  }

  /** A checkpoint of a model and an Adam state after two steps, as bytes. */
  private byte[] checkpoint() throws IOException {
    Module model = net(1L);
    Adam adam = new Adam(model.namedParameters(), 0.05);
    for (int i = 0; i < 2; i++) {
      adam.zeroGrad();
      new CrossEntropyLoss().apply(model.apply(X), Y).backward();
      adam.step();
    }
    Path file = dir.resolve("good.safetensors");
    Checkpoint.save(file, model, adam, 2, Map.of("seed", "1"));
    return Files.readAllBytes(file);
  }

  @Test
  void everyBitFlipInTheDataFailsTheLoadNamingTheTensor() throws IOException {
    byte[] good = checkpoint();
    long headerLen = ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int dataStart = 8 + (int) headerLen;
    JsonNode header =
        new ObjectMapper().readTree(new String(good, 8, (int) headerLen, StandardCharsets.UTF_8));
    Path file = dir.resolve("flipped.safetensors");
    SplittableRandom random = new SplittableRandom(20_261_202L);
    Map<String, Integer> hits = new LinkedHashMap<>();

    for (int i = 0; i < DATA_FLIPS; i++) {
      int at = random.nextInt(dataStart, good.length);
      int bit = random.nextInt(8);
      String tensor = tensorAt(header, at - dataStart);
      byte[] bad = good.clone();
      bad[at] ^= (byte) (1 << bit);
      Files.write(file, bad);
      Module fresh = net(5L);
      float[] before = fresh.stateDict().get("0.weight").toFloatArray();

      assertThatThrownBy(
              () -> Checkpoint.load(file, fresh, new Adam(fresh.namedParameters(), 0.05)))
          .as("bit %d of byte %d (tensor %s)", bit, at, tensor)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              file
                  + ": corrupt safetensors file: tensor '"
                  + tensor
                  + "' fails its CRC32C check: expected ")
          .hasMessageContaining("computed ");
      assertThat(fresh.stateDict().get("0.weight").toFloatArray()).containsExactly(before);
      hits.merge(tensor, 1, Integer::sum);
    }
    // the flips hit the model's tensors and the optimizer's
    assertThat(hits.keySet())
        .anyMatch(n -> n.startsWith("model."))
        .anyMatch(n -> n.startsWith("optimizer."));
  }

  /** The tensor whose data_offsets hold byte {@code offset} of the data area. */
  private static String tensorAt(JsonNode header, long offset) {
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      JsonNode off = e.getValue().get("data_offsets");
      if (off != null && off.get(0).asLong() <= offset && offset < off.get(1).asLong()) {
        return e.getKey();
      }
    }
    throw new AssertionError("no tensor holds data byte " + offset);
  }

  /**
   * Every single-bit flip of the length and the header, each in a fresh copy: the load fails, as an
   * invalid file or a checksum mismatch, and never loads renamed tensors or changed metadata. A
   * single layer keeps the header short (about 3000 flips, a load each).
   */
  @Test
  void everyBitFlipInTheHeaderFailsTheLoad() throws IOException {
    Path saved = dir.resolve("good.safetensors");
    Checkpoint.save(saved, layer(1L), null, 2, Map.of("seed", "1"));
    byte[] good = Files.readAllBytes(saved);
    int headerEnd = 8 + (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Path file = dir.resolve("flipped.safetensors");
    int checksumFailures = 0;
    for (int at = 0; at < headerEnd; at++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[at] ^= (byte) (1 << bit);
        Files.write(file, bad);
        Throwable t = catchThrowable(() -> Checkpoint.load(file, layer(5L), null));
        assertThat(t).as("bit %d of byte %d", bit, at).isInstanceOf(IOException.class);
        assertThat(t.getMessage()).as("bit %d of byte %d", bit, at).startsWith(file.toString());
        if (t.getMessage().contains("CRC32C")) {
          checksumFailures++;
        }
      }
    }
    // most flips of a name, a number or a metadata value still parse: only the checksum stops them
    assertThat(checksumFailures).isGreaterThan(headerEnd);
  }

  /** A file laid out by hand, without __metadata__, as another tool writes one. */
  @Test
  void aFileWithoutChecksumsFromAnotherToolStillLoads() throws IOException {
    Module model = net(1L);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((n, t) -> tensors.put(Checkpoint.MODEL_PREFIX + n, t));
    Path file = Files.write(dir.resolve("foreign.safetensors"), foreignFile(tensors, null));

    Module fresh = net(5L);
    Checkpoint.Info info = Checkpoint.load(file, fresh, null);
    assertThat(info.epoch()).isZero();
    assertThat(info.metadata()).isEmpty();
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());

    // a checkpoint of nabla's first layout, before checksums, loads too
    Files.write(file, foreignFile(tensors, "{\"nabla_checkpoint\":\"1\",\"epoch\":\"3\"}"));
    assertThat(Checkpoint.load(file, net(5L), null).epoch()).isEqualTo(3);
  }

  /**
   * What cannot come from a bit flip alone, nor from another tool: checksums stripped or partial.
   */
  @Test
  void aFileThatLostItsChecksumsIsRefused() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    net(1L).stateDict().forEach((n, t) -> tensors.put(Checkpoint.MODEL_PREFIX + n, t));
    Path file = dir.resolve("stripped.safetensors");

    Files.write(file, foreignFile(tensors, "{\"nabla_checkpoint\":\"2\",\"epoch\":\"3\"}"));
    assertThatThrownBy(() -> Checkpoint.load(file, net(5L), null))
        .isInstanceOf(IOException.class)
        .hasMessage(
            file
                + ": corrupt checkpoint: its __metadata__ says 'nabla_checkpoint': '2', a "
                + "layout that carries checksums, but it has none: the header was changed");

    Files.write(file, foreignFile(tensors, "{\"nabla.crc32c.model.0.bias\":\"00000000\"}"));
    assertThatThrownBy(() -> Safetensors.load(file))
        .isInstanceOf(IOException.class)
        .hasMessage(
            file
                + ": corrupt safetensors file: __metadata__ holds tensor checksums but no "
                + "'nabla.header_crc32c': the header was changed");
  }

  @Test
  void checksumKeysAreReservedAndLeftOutOfTheMetadata() throws IOException {
    Module model = net(1L);
    Path file = dir.resolve("m.safetensors");
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, 1, Map.of("nabla.crc32c.x", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Checkpoint.save: metadata key 'nabla.crc32c.x' is reserved");
    assertThatThrownBy(
            () ->
                Safetensors.save(
                    file, Map.of("w", Tensor.ones(1)), Map.of("nabla.header_crc32c", "00000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Safetensors.save: metadata key 'nabla.header_crc32c' is reserved");
    assertThat(file).doesNotExist();

    Checkpoint.save(file, model, null, 1, Map.of("seed", "1"));
    assertThat(Checkpoint.load(file, net(5L), null).metadata()).isEqualTo(Map.of("seed", "1"));
    assertThat(Safetensors.load(file).metadata())
        .isEqualTo(Map.of("seed", "1", "epoch", "1", "nabla_checkpoint", "2"));
  }

  /**
   * The FLOAT32 tensors laid out as the safetensors format describes, by hand, with {@code
   * metadataJson} as {@code __metadata__} unless it is null.
   */
  private static byte[] foreignFile(Map<String, Tensor> tensors, String metadataJson) {
    StringBuilder json = new StringBuilder("{");
    if (metadataJson != null) {
      json.append("\"__metadata__\":").append(metadataJson);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      long end = offset + 4L * e.getValue().size();
      json.append(json.length() > 1 ? "," : "")
          .append('"')
          .append(e.getKey())
          .append("\":{\"dtype\":\"F32\",\"shape\":")
          .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", ""))
          .append(",\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(end)
          .append("]}");
      offset = end;
    }
    byte[] header = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(8 + header.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header);
    for (Tensor t : tensors.values()) {
      for (float v : t.toFloatArray()) {
        buf.putFloat(v);
      }
    }
    return buf.array();
  }
}
