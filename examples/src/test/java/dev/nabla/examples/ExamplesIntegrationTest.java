package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Sequential;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run end to end, as ./nabla runs them, on the embedded data. */
class ExamplesIntegrationTest {
  @TempDir Path dir;

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code of %s; output:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  private static Map<String, Double> result(String out) {
    Matcher m = Pattern.compile("(?m)^result:(.*)$").matcher(out);
    assertThat(m.find()).as("a result: line in%n%s", out).isTrue();
    Map<String, Double> r = new HashMap<>();
    for (String kv : m.group(1).trim().split(" ")) {
      String[] p = kv.split("=");
      r.put(p[0], Double.parseDouble(p[1]));
    }
    return r;
  }

  @Test
  void xorLearnsXorAndPrintsTheTutorialsEpochLines() {
    String out = run("xor", "--progress", "off", "--out", dir.toString());
    assertThat(out).contains("epoch 1/1000 error=", "epoch 1000/1000 error=");
    Map<String, Double> r = result(out);
    assertThat(r.get("train_accuracy")).isEqualTo(1.0);
    assertThat(r.get("final_error")).isLessThan(0.01);
    assertThat(r).containsKeys("samples_per_s", "seconds");
  }

  @Test
  void shortMnistMlpReaches93PercentAndLeavesALoadableCheckpoint() throws Exception {
    Path out = dir.resolve("mlp");
    String text = run("mnist-mlp", "--epochs", "2", "--progress", "off", "--out", out.toString());
    Map<String, Double> r = result(text);
    assertThat(r.get("test_accuracy")).as("test accuracy after 2 epochs").isGreaterThanOrEqualTo(0.93);
    assertThat(r.get("samples_per_s")).isPositive();
    assertThat(out.resolve("history.csv")).exists();
    assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(3);
    assertThat(out.resolve("history.png")).exists();

    // The checkpoint reproduces the trained model's test accuracy in a fresh one.
    Sequential fresh = MnistModels.mlp(123L);
    Checkpoint.Info info = Checkpoint.load(out.resolve("model.safetensors"), fresh, null);
    assertThat(info.epoch()).isEqualTo(2);
    Mnist test = Mnist.test(LoadOptions.defaults().flatten(true).normalize(true).quiet(true));
    Tensor logits = Metrics.predict(fresh, test.images());
    assertThat(Metrics.accuracy(logits, test.labels())).isEqualTo(r.get("test_accuracy"), org.assertj.core.api.Assertions.within(1e-4));
  }
}
