package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzipped splits are read through a decompressed copy in the cache, and images are kept as bytes
 * and converted per batch: both must give exactly what reading and converting everything gave.
 */
class UnpackedTest {
  @TempDir Path tmp;

  /**
   * {@code n} 28x28 images whose pixel {@code p} of image {@code i} is {@code (i * 7 + p) % 256}.
   */
  private static void writeSplit(Path dir, int n) {
    byte[] images = new byte[n * 784];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < 784; p++) {
        images[i * 784 + p] = (byte) ((i * 7 + p) % 256);
      }
    }
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) ((i * 3) % 10);
    }
    IdxFiles.ubyte(dir.resolve("t10k-images-idx3-ubyte.gz"), images, n, 28, 28);
    IdxFiles.ubyte(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels, n);
  }

  private static List<Path> copies(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void aGzippedSplitIsUnpackedOnceThenReadFromTheCopyWithTheSameContentAndOrigin()
      throws IOException {
    Path data = tmp.resolve("data");
    writeSplit(data, 6);
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).dataDir(data);
    Mnist first = Mnist.test(options);
    Path unpacked = tmp.resolve("cache/unpacked/mnist");
    List<Path> written = copies(unpacked);
    assertThat(written).hasSize(2);
    assertThat(written.get(0).getFileName().toString()).startsWith("t10k-images-idx3-ubyte.");
    // The copy is the raw IDX file: what reading the gzipped one gives.
    assertThat(IdxReader.read(written.get(0)))
        .isEqualTo(IdxReader.read(data.resolve("t10k-images-idx3-ubyte.gz")));

    Mnist second = Mnist.test(options);
    assertThat(second.origin()).isEqualTo(Origin.DATA_DIR);
    assertThat(second.source()).isEqualTo(data.toString());
    assertThat(second.images().floatStorage()).containsExactly(first.images().floatStorage());
    assertThat(second.labels().intStorage()).containsExactly(first.labels().intStorage());
    assertThat(copies(unpacked)).isEqualTo(written);
  }

  @Test
  void aChangedSourceReplacesItsCopyAndADamagedCopyIsIgnored() throws IOException {
    Path data = tmp.resolve("data");
    writeSplit(data, 6);
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).dataDir(data);
    Mnist.test(options);
    Path unpacked = tmp.resolve("cache/unpacked/mnist");
    List<Path> before = copies(unpacked);

    writeSplit(data, 4);
    assertThat(Mnist.test(options).size()).isEqualTo(4);
    List<Path> after = copies(unpacked);
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);

    // A truncated copy: the gzipped file is read instead, and the copy rewritten.
    Path images = after.get(0);
    Files.write(images, new byte[] {0, 0, 8});
    assertThat(Mnist.test(options).size()).isEqualTo(4);
    assertThat(Files.size(images)).isEqualTo(16 + 4 * 784);
  }

  @Test
  void batchesConvertedFromBytesEqualTheRowsOfTheFloatImages() throws IOException {
    Path data = tmp.resolve("data");
    writeSplit(data, 9);
    for (LoadOptions options :
        List.of(
            LoadOptions.defaults().dataDir(data),
            LoadOptions.defaults().dataDir(data).flatten(true).oneHot(true),
            LoadOptions.defaults().dataDir(data).normalize(0.25, 0.5))) {
      options = options.cacheDir(tmp.resolve("cache"));
      Mnist bytes = Mnist.test(options);
      int[] idx = {8, 0, 3, 3};
      Example batch = bytes.batch(idx);
      Example one = bytes.get(5);
      // An independent oracle: the whole float tensor, made by images(), read row by row.
      Mnist floats = Mnist.test(options);
      Tensor all = floats.images();
      int row = 784;
      float[] got = batch.input().floatStorage();
      for (int k = 0; k < idx.length; k++) {
        for (int p = 0; p < row; p++) {
          assertThat(got[k * row + p]).isEqualTo(all.floatStorage()[idx[k] * row + p]);
          float pixel = ((idx[k] * 7 + p) % 256) / 255f;
          assertThat(got[k * row + p])
              .isEqualTo(
                  options.normalize()
                      ? (float) ((((idx[k] * 7 + p) % 256) / 255.0 - 0.25) / 0.5)
                      : pixel);
        }
      }
      assertThat(batch.input().shape())
          .containsExactly(options.flatten() ? new int[] {4, 784} : new int[] {4, 1, 28, 28});
      assertThat(one.input().shape())
          .containsExactly(options.flatten() ? new int[] {784} : new int[] {1, 28, 28});
      assertThat(one.input().floatStorage()[0]).isEqualTo(all.floatStorage()[5 * row]);
      if (options.oneHot()) {
        assertThat(batch.target().shape()).containsExactly(4, 10);
        assertThat(batch.target().floatStorage()[0 * 10 + (8 * 3) % 10]).isEqualTo(1f);
        assertThat(one.target().shape()).containsExactly(10);
      } else {
        assertThat(batch.target().intStorage()).containsExactly(4, 0, 9, 9);
        assertThat(one.target().shape()).isEmpty();
        assertThat(one.target().intStorage()).containsExactly(5);
      }
      // After images(), batches read the live float tensor: a change to it shows.
      floats.images().floatStorage()[0] = 42f;
      assertThat(floats.batch(new int[] {0}).input().floatStorage()[0]).isEqualTo(42f);
      assertThatThrownBy(() -> bytes.batch(new int[] {9}))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("Mnist.batch: index 9 at position 0 is out of range [0, 9)");
      assertThatThrownBy(() -> bytes.get(-1))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("Mnist.get: index -1 is out of range [0, 9)");
    }
  }
}
