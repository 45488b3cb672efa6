package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where MNIST and Fashion-MNIST files are taken from, and what is said when there are none. */
class ResolutionTest {
  @TempDir Path tmp;

  /** A tiny test split of {@code n} 28x28 images whose pixels all equal {@code pixel}. */
  private static void writeSplit(Path dir, int n, int pixel, boolean gzip) {
    byte[] images = new byte[n * 784];
    java.util.Arrays.fill(images, (byte) pixel);
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
    }
    String suffix = gzip ? ".gz" : "";
    IdxFiles.ubyte(dir.resolve("t10k-images-idx3-ubyte" + suffix), images, n, 28, 28);
    IdxFiles.ubyte(dir.resolve("t10k-labels-idx1-ubyte" + suffix), labels, n);
  }

  /** Defaults (no download) with an empty cache of its own. */
  private LoadOptions offline() {
    return LoadOptions.defaults().cacheDir(tmp.resolve("cache"));
  }

  @Test
  void dataDirWinsOverCacheWhichWinsOverEmbedded() throws IOException {
    Path user = tmp.resolve("user");
    writeSplit(user, 3, 255, true);
    writeSplit(tmp.resolve("cache/mnist"), 5, 51, false);

    Mnist fromUser = Mnist.test(offline().dataDir(user));
    assertThat(fromUser.origin()).isEqualTo(Origin.DATA_DIR);
    assertThat(fromUser.size()).isEqualTo(3);
    assertThat(fromUser.images().floatStorage()[0]).isEqualTo(1f);

    Mnist fromCache = Mnist.test(offline());
    assertThat(fromCache.origin()).isEqualTo(Origin.CACHE);
    assertThat(fromCache.source()).isEqualTo(tmp.resolve("cache/mnist").toString());
    assertThat(fromCache.size()).isEqualTo(5);
    assertThat(fromCache.images().floatStorage()[0]).isEqualTo(0.2f);

    Mnist embedded = Mnist.test(offline().cacheDir(tmp.resolve("elsewhere")));
    assertThat(embedded.origin()).isEqualTo(Origin.EMBEDDED);
    assertThat(embedded.size()).isEqualTo(10_000);
  }

  @Test
  void dataDirMayHoldOneSubdirectoryPerDataset() throws IOException {
    writeSplit(tmp.resolve("data/mnist"), 4, 0, true);
    writeSplit(tmp.resolve("data/fashion-mnist"), 6, 0, true);
    assertThat(Mnist.test(offline().dataDir(tmp.resolve("data"))).size()).isEqualTo(4);
    assertThat(FashionMnist.test(offline().dataDir(tmp.resolve("data"))).size()).isEqualTo(6);
  }

  @Test
  void aDataDirWithoutBothFilesFailsNamingItAndTheFilesInsteadOfUsingOtherData() {
    Path user = tmp.resolve("half");
    IdxFiles.ubyte(user.resolve("t10k-images-idx3-ubyte.gz"), new byte[784], 1, 28, 28);
    writeSplit(tmp.resolve("cache/mnist"), 5, 51, false); // other data that must not be used
    assertThatThrownBy(() -> Mnist.test(offline().dataDir(user)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST test split not found in the data dir " + user)
        .hasMessageContaining("--data-dir")
        .hasMessageContaining("looked in " + user + " and " + user.resolve("mnist"))
        .hasMessageContaining("t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz")
        .hasMessageContaining("t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz")
        .hasMessageContaining("found only t10k-images-idx3-ubyte.gz in " + user)
        .hasMessageContaining("neither in " + user.resolve("mnist"))
        .hasMessageContaining("--download (LoadOptions.download(true))");
  }

  @Test
  void aDataDirThatDoesNotExistFailsForEveryDataset() {
    Path missing = tmp.resolve("no-such-dir");
    assertThatThrownBy(() -> Mnist.train(offline().dataDir(missing)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST train split not found in the data dir " + missing)
        .hasMessageContaining("it does not exist");
    // the Debian install holds Fashion-MNIST, but a named data dir is the only place looked at
    assertThatThrownBy(() -> FashionMnist.test(offline().dataDir(missing)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Fashion-MNIST test split not found in the data dir " + missing);
  }

  @Test
  void aDataDirMayHoldRawFiles() throws IOException {
    Path user = tmp.resolve("raw");
    writeSplit(user, 2, 0, false);
    assertThat(Mnist.test(offline().dataDir(user)).origin()).isEqualTo(Origin.DATA_DIR);
  }

  @Test
  void fashionFromTheCacheWinsOverTheDebianInstall() throws IOException {
    writeSplit(tmp.resolve("cache/fashion-mnist"), 2, 0, true);
    FashionMnist f = FashionMnist.test(offline());
    assertThat(f.origin()).isEqualTo(Origin.CACHE);
    assertThat(f.size()).isEqualTo(2);
  }

  @Test
  void corruptFileInTheCacheFailsNamingItInsteadOfFallingBack() {
    Path cache = tmp.resolve("cache/mnist");
    writeSplit(cache, 3, 0, true);
    IdxFiles.write(
        cache.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.header(0x08, 30)));
    assertThatThrownBy(() -> Mnist.test(offline()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(cache.resolve("t10k-labels-idx1-ubyte.gz").toString())
        .hasMessageContaining("truncated: header promises 30 payload bytes");
  }

  @Test
  void labelCountMustMatchImageCount() {
    Path user = tmp.resolve("mismatch");
    IdxFiles.ubyte(user.resolve("t10k-images-idx3-ubyte"), new byte[2 * 784], 2, 28, 28);
    IdxFiles.ubyte(user.resolve("t10k-labels-idx1-ubyte"), new byte[3], 3);
    assertThatThrownBy(() -> Mnist.test(offline().dataDir(user)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz has shape [3], expected [2]");
  }

  @Test
  void labelsOutsideTheTenClassesAreRejected() {
    Path user = tmp.resolve("bad-label");
    IdxFiles.ubyte(user.resolve("t10k-images-idx3-ubyte"), new byte[2 * 784], 2, 28, 28);
    IdxFiles.ubyte(user.resolve("t10k-labels-idx1-ubyte"), new byte[] {3, 12}, 2);
    assertThatThrownBy(() -> Mnist.test(offline().dataDir(user)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("label 12 of item 1 (byte offset 9) is not a class: expected 0 to 9");
  }

  @Test
  void mnistWithoutFilesOrDownloadSaysWhereItLookedAndHowToGetThem() {
    assertThatThrownBy(() -> Mnist.train(offline().embedded(false)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST train split not found")
        .hasMessageContaining(
            "train-images-idx3-ubyte or train-images-idx3-ubyte.gz and"
                + " train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz")
        .hasMessageContaining(tmp.resolve("cache/mnist") + " (cache)")
        .hasMessageContaining(
            "download them into "
                + tmp.resolve("cache/mnist")
                + " from https://ossci-datasets.s3.amazonaws.com/mnist/")
        .hasMessageContaining("add --download in the examples, LoadOptions.download(true) in code")
        .hasMessageContaining("put both files in " + tmp.resolve("cache/mnist"))
        .hasMessageContaining("NABLA_DATA")
        .hasMessageContaining("LoadOptions.dataDir(...) (--data-dir D in the examples)")
        .hasMessageContaining("LoadOptions.embedded(true)");
  }

  @Test
  void fashionWithoutFilesSuggestsTheDebianPackageAndDownload() {
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).systemDirs(false);
    assertThat(options.download()).isFalse();
    assertThatThrownBy(() -> FashionMnist.test(options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Fashion-MNIST test split not found")
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("--download")
        .hasMessageContaining("fashion-mnist/ subdirectory");
  }

  @Test
  void cacheRootFollowsTheOptionThenTheSystemProperty() {
    String before = System.getProperty("nabla.data");
    try {
      System.setProperty("nabla.data", tmp.resolve("prop").toString());
      assertThat(LoadOptions.defaults().cacheDir()).isEqualTo(tmp.resolve("prop"));
      assertThat(LoadOptions.defaults().cacheDir(tmp).cacheDir()).isEqualTo(tmp);
    } finally {
      if (before == null) {
        System.clearProperty("nabla.data");
      } else {
        System.setProperty("nabla.data", before);
      }
    }
  }

  @Test
  void optionsCheckTheirArguments() {
    assertThatThrownBy(() -> LoadOptions.defaults().normalize(0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "LoadOptions.normalize: expected a finite mean and a finite std > 0, got mean=0.1, std=0.0");
    assertThatThrownBy(
            () ->
                LoadOptions.defaults()
                    .timeouts(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LoadOptions.timeouts: expected positive durations");
    assertThatThrownBy(() -> Mnist.load(null, LoadOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MNIST.load: split and options must not be null");
  }
}
