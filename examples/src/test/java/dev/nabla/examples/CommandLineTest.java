package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The examples' command line: help, checked option values, exit codes; run through Main.run, which
 * never exits.
 */
class CommandLineTest {
  @TempDir Path dir;

  /** What one Main.run printed and returned. */
  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The defaults each training example documents (README table and its description): epochs, batch,
   * lr.
   */
  private static final Map<String, List<String>> DEFAULTS =
      Map.of(
          "mnist-fc", List.of("35", "1", "0.1"),
          "mnist-mlp", List.of("10", "32", "0.001"),
          "mnist-cnn", List.of("10", "128", "0.001"),
          "fashion-mnist", List.of("10", "128", "0.001"),
          "custom-op", List.of("3", "128", "0.001"));

  @Test
  void everyExampleAnswersHelpAndHWithItsOwnDefaults() {
    List<String> examples = Main.examples(Main.commandLine());
    assertThat(examples)
        .contains(
            "demo",
            "xor",
            "mnist-fc",
            "mnist-mlp",
            "mnist-cnn",
            "fashion-mnist",
            "char-lm",
            "custom-op");
    for (String example : examples) {
      for (String flag : List.of("--help", "-h")) {
        Run r = run(example, flag);
        assertThat(r.code()).as("%s %s exit code; stderr: %s", example, flag, r.err()).isZero();
        assertThat(r.err()).as("%s %s stderr", example, flag).isEmpty();
        assertThat(r.out())
            .as("%s %s", example, flag)
            .startsWith("Usage: nabla " + example)
            .doesNotContain("the example's", "null");
        List<String> d = DEFAULTS.get(example);
        if (d != null) {
          assertThat(defaultOf(r.out(), "--epochs"))
              .as("%s --epochs default", example)
              .isEqualTo(d.get(0));
          assertThat(defaultOf(r.out(), "--batch-size"))
              .as("%s --batch-size default", example)
              .isEqualTo(d.get(1));
          assertThat(defaultOf(r.out(), "--lr")).as("%s --lr default", example).isEqualTo(d.get(2));
          assertThat(defaultOf(r.out(), "--out"))
              .as("%s --out default", example)
              .isEqualTo(
                  example.equals("fashion-mnist") ? "out/fashion-mnist-cnn" : "out/" + example);
          assertThat(defaultOf(r.out(), "--seed")).isEqualTo("42");
        }
      }
    }
    Run xor = run("xor", "--help");
    assertThat(defaultOf(xor.out(), "--epochs")).isEqualTo("1000");
    assertThat(defaultOf(xor.out(), "--lr")).isEqualTo("0.1");
  }

  /** The "(default: ...)" of an option in a help text, which picocli may wrap over lines. */
  private static String defaultOf(String help, String option) {
    String flat = help.replaceAll("\\s+", " ");
    Matcher m =
        Pattern.compile(" " + Pattern.quote(option) + "=\\S+ [^(]*\\(default: ([^)]*)\\)")
            .matcher(flat);
    assertThat(m.find()).as("a default for %s in%n%s", option, help).isTrue();
    return m.group(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mnist-mlp --epochs -1 | --epochs | -1 | value",
        "mnist-mlp --epochs 0 | --epochs | 0 | value",
        "mnist-fc --epochs ten | --epochs | ten | value",
        "mnist-cnn --epochs 99999999999 | --epochs | 99999999999 | value",
        "custom-op --epochs -1 | --epochs | -1 | value",
        "xor --epochs -1 | --epochs | -1 | value",
        "fashion-mnist --epochs -1 | --epochs | -1 | value",
        "mnist-mlp --lr -1 | --lr | -1 | value",
        "mnist-mlp --lr 0 | --lr | 0 | value",
        "mnist-mlp --lr nan | --lr | nan | value",
        "mnist-mlp --lr NaN | --lr | NaN | value",
        "xor --lr Infinity | --lr | Infinity | value",
        "mnist-mlp --batch-size 0 | --batch-size | 0 | value",
        "mnist-fc --batch-size -5 | --batch-size | -5 | value",
        "mnist-cnn --threads 0 | --threads | 0 | value",
        "xor --threads -2 | --threads | -2 | value",
        "mnist-mlp --seed x | --seed | x | value",
        "mnist-mlp --progress sometimes | --progress | sometimes | value",
        "fashion-mnist --model resnet | --model | resnet | value",
        "mnist-mlp --no-such-option | --no-such-option | --no-such-option | unknown",
        "mnist-mlp --epochs | --epochs | --epochs | value",
        "xor --batch-size 4 | --batch-size | --batch-size | unknown",
        "xor --data-dir /tmp | --data-dir | --data-dir | unknown",
        "mnist-mlp --data-dir /no/such/dir | --data-dir | /no/such/dir | value",
        "fashion-mnist --data-dir /etc/hostname | --data-dir | /etc/hostname | value",
        "xor stray | stray | stray | unknown",
        "no-such-example | no-such-example | no-such-example | unknown"
      })
  void aBadOptionFailsInOneLineWithExitCode2BeforeAnyWork(String line) {
    String[] parts = line.split(" \\| ");
    Run r = run(parts[0].split(" "));
    assertThat(r.code()).as("exit code of %s; stderr: %s", parts[0], r.err()).isEqualTo(2);
    assertThat(r.out()).as("nothing ran, so nothing on stdout").isEmpty();
    assertThat(r.errLines()).as("stderr of %s", parts[0]).hasSize(1);
    String message = r.errLines().getFirst();
    assertThat(message)
        .startsWith("nabla")
        .contains(parts[1], parts[2])
        .doesNotContain("Exception", "\tat ", "null");
    if (parts[3].equals("unknown")) {
      // an unknown option or command: the message names those that exist
      assertThat(message).containsAnyOf("takes --epochs", "the examples are demo");
    } else {
      assertThat(message).containsAnyOf("expected", "Missing required parameter");
    }
  }

  @Test
  void outThatIsAFileFailsBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Run r = run("mnist-fc", "--out", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .contains("--out", "directory", file.toString());
  }

  @Test
  void outThatCannotBeCreatedFailsBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path under = file.resolve("run");
    Run r = run("mnist-mlp", "--out", under.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).as("nothing trained").isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .contains("--out", "cannot create", under.toString())
        .doesNotContain("Exception");
  }

  @Test
  void fashionMnistsTwoModelsWriteToTwoFolders() {
    Path cnn = fashionOut("fashion-mnist");
    Path mlp = fashionOut("fashion-mnist", "--model", "mlp");
    assertThat(cnn).isEqualTo(Path.of("out", "fashion-mnist-cnn"));
    assertThat(mlp).isEqualTo(Path.of("out", "fashion-mnist-mlp"));
    // --out, when given, is where both go
    assertThat(fashionOut("fashion-mnist", "--model", "mlp", "--out", dir.toString()))
        .isEqualTo(dir);
    // and the other examples keep out/<example>
    CommandLine cl = Main.commandLine();
    cl.parseArgs("mnist-cnn");
    assertThat(
            ((MnistExamples.Cnn) cl.getSubcommands().get("mnist-cnn").getCommand())
                .o.out("mnist-cnn"))
        .isEqualTo(Path.of("out", "mnist-cnn"));
  }

  /** The folder fashion-mnist writes to for these arguments, as its call() computes it. */
  private static Path fashionOut(String... args) {
    CommandLine cl = Main.commandLine();
    cl.parseArgs(args);
    MnistExamples.Fashion f =
        (MnistExamples.Fashion) cl.getSubcommands().get("fashion-mnist").getCommand();
    return f.o.out(f.variant());
  }

  @Test
  void resumeWithoutACheckpointNamesTheFolderAndTheFile() {
    Path empty = dir.resolve("never-trained");
    Run r = run("mnist-mlp", "--resume", "--out", empty.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).as("fails before loading data").isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .contains("--resume", empty.toString(), empty.resolve("model.safetensors").toString());
  }

  @Test
  void aFailingExampleReturnsNonZeroWithoutExitingTheJvm() throws Exception {
    // a checkpoint that is not one: the example fails while resuming; Main.run returns, it does not
    // exit
    Path out = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(out.resolve("model.safetensors"), "not a checkpoint");
    Run r = run("mnist-fc", "--resume", "--progress", "off", "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.errLines().stream().filter(l -> l.startsWith("nabla mnist-fc")))
        .singleElement()
        .asString()
        .startsWith("nabla mnist-fc: failed: ")
        .contains("model.safetensors");
    assertThat(run("demo").code()).as("the JVM is still here and runs the next example").isZero();
  }
}
