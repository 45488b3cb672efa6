package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.examples.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./nabla char-lm}: the small preset trains for a fixed number of steps, learns more than
 * character frequencies, writes its outputs and samples text; bad options are refused by name.
 */
class CharLmTest {
  @TempDir Path dir;

  /**
   * The cross-entropy of a unigram model of the text (the entropy of its character frequencies):
   * 3.09 nats per character for the six novels (the figure; the dataset's README). A model
   * below it has learned something about context.
   */
  static final double UNIGRAM = 3.09;

  private static Map<String, String> result(String out) {
    Matcher m = Pattern.compile("(?m)^result: (.*)$").matcher(out);
    assertThat(m.find()).as("a result line in:\n%s", out).isTrue();
    return Arrays.stream(m.group(1).split(" "))
        .map(kv -> kv.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
  }

  @Test
  void theSmallPresetLearnsContextWritesItsFilesAndSamples() throws Exception {
    Run r =
        CommandLineTest.run(
            "char-lm",
            "--preset",
            "small",
            "--steps",
            "200",
            // the step count, not the preset's 30 s, ends the run (a loaded machine is slower)
            "--minutes",
            "10",
            "--eval-every",
            "100",
            "--tokens",
            "40",
            "--prompt",
            "Emma",
            "--progress",
            "off",
            "--out",
            dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> res = result(r.out());
    assertThat(res).containsKeys("val_loss", "tokens_per_s", "steps", "seconds");
    assertThat(res.get("steps")).isEqualTo("200");
    assertThat(Double.parseDouble(res.get("val_loss"))).isLessThan(UNIGRAM).isGreaterThan(0.5);
    assertThat(dir.resolve("model.safetensors")).isRegularFile();
    assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(3); // header + 2 points
    assertThat(dir.resolve("history.png")).isRegularFile();
    Matcher sample = Pattern.compile("(?s)--- sample[^\n]*\n(.*?)\n---\n").matcher(r.out());
    assertThat(sample.find()).as(r.out()).isTrue();
    assertThat(sample.group(1)).startsWith("Emma");
    assertThat(sample.group(1).codePointCount(0, sample.group(1).length())).isEqualTo(4 + 40);
  }

  @Test
  void aPromptCharacterOutsideTheNovelsIsRefusedByName() {
    Run r =
        CommandLineTest.run(
            "char-lm",
            "--preset",
            "small",
            "--steps",
            "1",
            "--prompt",
            "€uro",
            "--out",
            dir.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--prompt").contains("'€'").contains("U+20AC");
  }

  @Test
  void headsMustDivideTheWidth() {
    Run r = CommandLineTest.run("char-lm", "--embd", "30", "--heads", "4", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--heads").contains("30").contains("4");
  }
}
