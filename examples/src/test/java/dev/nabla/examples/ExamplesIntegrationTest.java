package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.Mnist;
import dev.nabla.layers.Sequential;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.Metrics;
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
    CommandLineTest.Run r = CommandLineTest.run(args);
    assertThat(r.code())
        .as("exit code of %s; output:%n%s%n%s", String.join(" ", args), r.out(), r.err())
        .isZero();
    return r.out();
  }

  static Map<String, Double> result(String out) {
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
    String out = run("xor");
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
    assertThat(r.get("test_accuracy"))
        .as("test accuracy after 2 epochs")
        .isGreaterThanOrEqualTo(0.93);
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
    assertThat(Metrics.accuracy(logits, test.labels()))
        .isEqualTo(r.get("test_accuracy"), org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void resumeContinuesFromTheOutputFoldersCheckpointToTheBitsOfAnUninterruptedRun()
      throws Exception {
    Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
    String common = "--progress lines --seed 7 --out ";
    run(("mnist-fc --epochs 2 " + common + straight).split(" "));
    String first = run(("mnist-fc --epochs 1 " + common + resumed).split(" "));
    assertThat(first).contains("epoch 1/1").doesNotContain("resuming");
    String second = run(("mnist-fc --epochs 2 --resume " + common + resumed).split(" "));
    assertThat(second)
        .contains("resuming from " + resumed.resolve("model.safetensors") + " after epoch 1")
        .containsPattern("(?m)^epoch 2/2")
        .doesNotContainPattern("(?m)^epoch 1/2");

    Sequential a = MnistModels.tutorial(0), b = MnistModels.tutorial(1);
    assertThat(Checkpoint.load(straight.resolve("model.safetensors"), a, null).epoch())
        .isEqualTo(2);
    assertThat(Checkpoint.load(resumed.resolve("model.safetensors"), b, null).epoch()).isEqualTo(2);
    a.stateDict()
        .forEach(
            (k, v) ->
                assertThat(v.toFloatArray())
                    .as(k)
                    .containsExactly(b.stateDict().get(k).toFloatArray()));

    // a checkpoint that already holds --epochs: one line, exit 2, nothing trained
    CommandLineTest.Run again =
        CommandLineTest.run(("mnist-fc --epochs 2 --resume " + common + resumed).split(" "));
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.out()).doesNotContainPattern("(?m)^epoch ");
    assertThat(again.errLines().stream().filter(l -> l.startsWith("nabla mnist-fc")))
        .singleElement()
        .asString()
        .contains("--resume", "finished 2 epochs", "--epochs 2");
  }
}
