package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ./nabla launcher's own commands (those that need no build), and the README's library section.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "nabla");

  private static String launch(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("exit code of ./nabla %s; output:%n%s", String.join(" ", args), out)
        .isZero();
    return out;
  }

  @Test
  void helpAndNoArgumentsPrintTheUsageOfEveryCommand() throws Exception {
    String script = Files.readString(LAUNCHER);
    // the commands the script handles itself: its case labels and its "$cmd" = X tests
    List<String> commands = new ArrayList<>(List.of("list", "<example>"));
    Matcher m = Pattern.compile("(?m)^  ([a-z]+)\\)$|\"\\$cmd\" = ([a-z]+) ").matcher(script);
    while (m.find()) {
      commands.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    assertThat(commands).contains("test", "install", "bench", "peers");
    // the Spark programs, which the script runs itself (nabla-spark, on the class path)
    assertThat(script).contains("\"$cmd\" = spark-mnist ]", "\"$cmd\" = spark-bench ]");
    commands.addAll(List.of("spark-mnist", "spark-bench"));
    for (String[] args :
        List.of(
            new String[] {}, new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"})) {
      String out = launch(args);
      for (String c : commands) {
        assertThat(out)
            .as("usage of ./nabla %s", String.join(" ", args))
            .containsPattern("(?m)^  \\./nabla " + Pattern.quote(c) + " ");
      }
      assertThat(out).doesNotContain("#!/", "set -euo");
    }
  }

  @Test
  void theLibrarySectionNamesThePomsCoordinatesAndRelease() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String pom = Files.readString(Path.of("..", "pom.xml"));
    String version =
        first(pom, "(?s)<artifactId>nabla-parent</artifactId>\\s*<version>([^<]+)</version>");
    String group =
        first(pom, "(?s)<modelVersion>[^<]*</modelVersion>\\s*<groupId>([^<]+)</groupId>");
    String release = first(pom, "<maven.compiler.release>([^<]+)</maven.compiler.release>");
    assertThat(readme)
        .contains(
            "./nabla install",
            "`" + group + ":<artifact>:" + version + "`",
            "<release>" + release + "</release>",
            "--add-modules jdk.incubator.vector");
    assertThat(
            first(readme, "(?s)<artifactId>nabla-bom</artifactId>\\s*<version>([^<]+)</version>"))
        .isEqualTo(version);
    // the profile ./nabla install uses exists and attaches sources and Javadoc
    assertThat(Files.readString(LAUNCHER)).contains("install -DskipTests -Plibrary-jars");
    assertThat(first(pom, "(?s)<id>library-jars</id>(.*?)</profile>"))
        .contains("maven-source-plugin", "jar-no-fork", "maven-javadoc-plugin", "<goal>jar</goal>");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in the file", regex).isTrue();
    return m.group(1);
  }
}
