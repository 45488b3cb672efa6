package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST digits shipped as resources, loaded offline with an empty cache. */
class EmbeddedMnistTest {
  @TempDir static Path emptyCache;
  private static Mnist train;
  private static Mnist test;

  static LoadOptions embeddedOnly() {
    return LoadOptions.defaults().cacheDir(emptyCache);
  }

  @BeforeAll
  static void load() throws IOException {
    train = Mnist.train(embeddedOnly());
    test = Mnist.test(embeddedOnly());
  }

  @Test
  void resourcesHaveTheChecksumsOfTheSharedReadme() throws Exception {
    // md5 sums from shared/datasets/mnist/README.md (also in PROVENANCE.md next to the files)
    assertThat(resourceMd5("t10k-images-idx3-ubyte.gz"))
        .isEqualTo("2c57910da66b1e3036e350d10c8c03e1");
    assertThat(resourceMd5("t10k-labels-idx1-ubyte.gz"))
        .isEqualTo("cb1dbc8694c1ed44a28edef0c01aec2a");
    assertThat(resourceMd5("train-images-idx3-ubyte.gz"))
        .isEqualTo("f633e132afcb9b9905d02dae7a964e42");
    assertThat(resourceMd5("train-labels-idx1-ubyte.gz"))
        .isEqualTo("4b98bd8a8c50a128d9ad9455b06f7ba3");
  }

  @Test
  void embeddedSplitsHoldTenThousandDigitsEach() {
    assertThat(train.origin()).isEqualTo(Origin.EMBEDDED);
    assertThat(test.origin()).isEqualTo(Origin.EMBEDDED);
    assertThat(train.size()).isEqualTo(Mnist.EMBEDDED_TRAIN_SIZE).isEqualTo(10_000);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(train.images().shape()).containsExactly(10_000, 1, 28, 28);
    assertThat(train.images().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(test.labels().shape()).containsExactly(10_000);
    assertThat(test.labels().dtype()).isEqualTo(DType.INT32);
    assertThat(test.source()).startsWith("embedded:");
    assertThat(test.split()).isEqualTo(Split.TEST);
  }

  @Test
  void classCountsMatchTheReadme() {
    assertThat(classCounts(test.labels()))
        .containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    assertThat(classCounts(train.labels()))
        .containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
  }

  @Test
  void pixelsAreScaledToTheUnitIntervalWithTheReadmesMean() {
    float[] px = test.images().floatStorage();
    double sum = 0;
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : px) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
    assertThat(sum / px.length).isCloseTo(33.79 / 255, within(0.005 / 255));
  }

  @Test
  void normalisationUsesMnistsMeanAndStd() throws IOException {
    Mnist norm = Mnist.test(embeddedOnly().normalize(true));
    float[] raw = test.images().floatStorage();
    float[] n = norm.images().floatStorage();
    for (int i = 0; i < 784 * 3; i++) {
      assertThat(n[i]).isCloseTo((raw[i] - 0.1307f) / 0.3081f, within(1e-5f));
    }
    Mnist custom = Mnist.test(embeddedOnly().normalize(0.5, 0.25));
    assertThat(custom.images().floatStorage()[0]).isCloseTo((raw[0] - 0.5f) / 0.25f, within(1e-6f));
    assertThat(Mnist.MEAN).isEqualTo(0.1307f);
    assertThat(Mnist.STD).isEqualTo(0.3081f);
  }

  @Test
  void flattenAndOneHotShapeTheTensorsForAnMlpWithMse() throws IOException {
    Mnist flat = Mnist.test(embeddedOnly().flatten(true).oneHot(true));
    assertThat(flat.images().shape()).containsExactly(10_000, 784);
    assertThat(flat.targets().shape()).containsExactly(10_000, 10);
    assertThat(flat.targets().dtype()).isEqualTo(DType.FLOAT32);
    float[] oneHot = flat.targets().floatStorage();
    int[] labels = flat.labels().intStorage();
    for (int i = 0; i < 100; i++) {
      for (int c = 0; c < 10; c++) {
        assertThat(oneHot[i * 10 + c]).isEqualTo(c == labels[i] ? 1f : 0f);
      }
    }
    Example e = flat.get(7);
    assertThat(e.input().shape()).containsExactly(784);
    assertThat(e.target().shape()).containsExactly(10);
  }

  @Test
  void firstTestDigitIsASeven() {
    // The first image of the official t10k set is a 7: a well-known fact, independent of this code.
    assertThat(test.get(0).target().intItem()).isEqualTo(7);
    assertThat(test.get(0).input().shape()).containsExactly(1, 28, 28);
    assertThat(test.classes()).hasSize(10);
  }

  @Test
  void aBatchOf128ComesFromTheDirectCopy() {
    var loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(1L).build();
    Example b = loader.iterator().next();
    assertThat(b.input().shape()).containsExactly(128, 1, 28, 28);
    assertThat(b.target().shape()).containsExactly(128);
  }

  private static int[] classCounts(Tensor labels) {
    int[] counts = new int[10];
    for (int l : labels.intStorage()) {
      counts[l]++;
    }
    return counts;
  }

  private static String resourceMd5(String file) throws IOException, NoSuchAlgorithmException {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    try (InputStream in = Mnist.class.getResourceAsStream("/dev/nabla/datasets/mnist/" + file)) {
      assertThat(in).as(file).isNotNull();
      md5.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md5.digest());
  }
}
