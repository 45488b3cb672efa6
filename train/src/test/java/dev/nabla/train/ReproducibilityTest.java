package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Backend;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Dataset;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Init;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeds and the same thread count give bit-identical weights: an MLP with dropout trained
 * for one epoch on 2,000 embedded MNIST digits, shuffled, twice.
 */
class ReproducibilityTest {
  @TempDir static Path emptyCache;
  private static Dataset digits;

  @BeforeAll
  static void load() throws Exception {
    digits = digits(emptyCache);
  }

  /** The first 2,000 embedded training digits, flattened and normalised. */
  static Dataset digits(Path cache) throws Exception {
    LoadOptions embedded = LoadOptions.defaults().cacheDir(cache).flatten(true).normalize(true);
    return Mnist.train(embedded).subset(0, 2000);
  }

  static Sequential model(long seed) {
    return new Sequential(
        new Dense(784, 128, true, Init.pytorchDefault(), Init.pytorchDefault(), seed),
        new ReLU(),
        new Dropout(0.2, seed + 10),
        new Dense(128, 64, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 1),
        new ReLU(),
        new Dense(64, 10, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 2));
  }

  /**
   * Trains one epoch (batches of 64, shuffled with {@code shuffleSeed}); returns every state
   * tensor.
   */
  static Map<String, float[]> trainOnce(long modelSeed, long shuffleSeed) {
    Sequential model = model(modelSeed);
    Adam adam = new Adam(model.namedParameters(), 1e-3);
    new Trainer(model, new CrossEntropyLoss(), adam)
        .setProgress(ProgressStyle.SILENT)
        .fit(
            DataLoader.builder(digits).batchSize(64).shuffle(true).seed(shuffleSeed).build(),
            null,
            1);
    Map<String, float[]> state = new LinkedHashMap<>();
    model.stateDict().forEach((k, t) -> state.put("model." + k, t.toFloatArray()));
    adam.stateDict()
        .forEach(
            (k, t) -> {
              if (t.dtype() == DType.FLOAT32) {
                state.put("adam." + k, t.toFloatArray());
              }
            });
    return state;
  }

  private static boolean bitIdentical(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  @Test
  void sameSeedsAndThreadCountGiveBitIdenticalWeightsAndOptimizerState() {
    Map<String, float[]> first = trainOnce(42L, 7L);
    Map<String, float[]> second = trainOnce(42L, 7L);

    assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
    assertThat(first).containsKeys("model.0.weight", "adam.0.weight.exp_avg");
    for (String k : first.keySet()) {
      assertThat(bitIdentical(first.get(k), second.get(k)))
          .as("%s after one epoch on %s", k, Backend.describe())
          .isTrue();
    }
    // Training did move the weights away from their initial values.
    Tensor initial = model(42L).stateDict().get("0.weight");
    assertThat(bitIdentical(first.get("model.0.weight"), initial.toFloatArray())).isFalse();
  }

  /** SHA-256 of the raw bits of every tensor of the model trained by {@link #trainOnce}. */
  static String fingerprint(Dataset data) throws Exception {
    digits = data;
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    trainOnce(42L, 7L)
        .forEach(
            (k, v) -> {
              if (k.startsWith("model.")) {
                ByteBuffer b = ByteBuffer.allocate(4 * v.length);
                for (float f : v) {
                  b.putInt(Float.floatToRawIntBits(f));
                }
                md.update(b.array());
              }
            });
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The thread count does not change this model's weights: its kernels (GEMM split by rows or
   * columns, elementwise maps split by ranges) keep every element's summation order. A JVM's pool
   * size is fixed at start-up, so the other count runs in a child JVM.
   */
  @Test
  void denseModelsGiveTheSameWeightsWithAnotherThreadCount() throws Exception {
    int other = Backend.threads() == 1 ? 2 : 1;
    String here = fingerprint(digits);
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "--add-modules=jdk.incubator.vector",
                "-Xss8m",
                "-Dnabla.threads=" + other,
                "-cp",
                childClassPath(),
                ThreadCountProbe.class.getName(),
                emptyCache.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .as("a child JVM with %d kernel threads (this one: %s)", other, Backend.describe())
        .contains("fingerprint " + here);
  }

  /** Surefire runs this module on the module path: the child gets every jar, on its class path. */
  private static String childClassPath() {
    String sep = java.io.File.pathSeparator;
    return java.util.stream.Stream.of(
            System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
        .filter(p -> p != null && !p.isBlank())
        .collect(java.util.stream.Collectors.joining(sep));
  }

  @Test
  void anotherShuffleSeedGivesOtherWeights() {
    // Guards the test above: the comparison can fail, and the shuffling seed reaches the result.
    float[] a = trainOnce(42L, 7L).get("model.5.weight");
    float[] b = trainOnce(42L, 8L).get("model.5.weight");
    assertThat(a).isNotNull().hasSize(64 * 10);
    assertThat(Arrays.equals(a, b)).isFalse();
  }
}
