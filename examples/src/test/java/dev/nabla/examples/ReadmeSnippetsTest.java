package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Compiles and runs every {@code ```java} snippet of the README, so the front page cannot drift.
 */
class ReadmeSnippetsTest {

  @Test
  void everyJavaSnippetInTheReadmeCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> snippets = new ArrayList<>();
    while (m.find()) {
      snippets.add(m.group(1));
    }
    assertThat(snippets).as("java snippets in README.md").hasSizeGreaterThanOrEqualTo(2);
    for (int i = 0; i < snippets.size(); i++) {
      run("Snippet" + i, snippets.get(i));
    }
  }

  @Test
  void theReadmesExamplesFlagsAndResultLinesAreWhatRuns(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    CommandLine cl = Main.commandLine();
    List<String> examples = Main.examples(cl);

    // The flags line is the one ./nabla list prints.
    String header = Main.ListCommand.header();
    Matcher usage = Pattern.compile("(\\./nabla <example> \\[.*\\]);").matcher(header);
    assertThat(usage.find()).as("a usage in the list header %s", header).isTrue();
    assertThat(readme)
        .as("README shows the flags ./nabla list prints")
        .contains("`" + usage.group(1) + "`");
    CommandLineTest.Run list = CommandLineTest.run("list");
    assertThat(list.out()).startsWith(header);

    // The table lists exactly the examples, in the order ./nabla list shows them.
    String examplesTable = readme.substring(readme.indexOf("| example | what it trains"));
    examplesTable = examplesTable.substring(0, examplesTable.indexOf("\n\n"));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(examplesTable);
    List<String> table = new ArrayList<>();
    while (row.find()) {
      table.add(row.group(1));
    }
    assertThat(table).isEqualTo(examples);
    for (String example : examples) {
      assertThat(list.out()).containsPattern("(?m)^  " + Pattern.quote(example) + " ");
    }

    // "The training examples, ..." are those that write to an output folder (have --out); the rest
    // do not.
    String prose = readme.replaceAll("\\s+", " ");
    Matcher training = Pattern.compile("The training examples, (.*?), print").matcher(prose);
    assertThat(training.find()).isTrue();
    List<String> writers =
        examples.stream()
            .filter(e -> cl.getSubcommands().get(e).getCommandSpec().findOption("--out") != null)
            .toList();
    assertThat(names(training.group(1))).containsExactlyInAnyOrderElementsOf(writers);
    Matcher xorTakes = Pattern.compile("`xor` takes (.*?) only").matcher(prose);
    assertThat(xorTakes.find()).isTrue();
    assertThat(names(xorTakes.group(1)))
        .containsExactlyInAnyOrderElementsOf(
            cl.getSubcommands().get("xor").getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(o -> o.longestName())
                .toList());

    // The sample result lines: their keys are those the examples print, and they cover every
    // example.
    Matcher sample =
        Pattern.compile("(?m)^result:((?: [a-z_]+=…)+)\\s+\\((.*)\\)$").matcher(readme);
    Map<String, List<String>> keysOf = new HashMap<>();
    while (sample.find()) {
      List<String> keys =
          Pattern.compile("([a-z_]+)=")
              .matcher(sample.group(1))
              .results()
              .map(r -> r.group(1))
              .toList();
      for (String e : names(sample.group(2))) {
        keysOf.put(e, keys);
      }
    }
    assertThat(keysOf.keySet()).containsExactlyInAnyOrderElementsOf(examples);
    assertThat(resultKeys(CommandLineTest.run("demo"))).isEqualTo(keysOf.get("demo"));
    assertThat(resultKeys(CommandLineTest.run("xor", "--epochs", "10")))
        .isEqualTo(keysOf.get("xor"));
    assertThat(
            resultKeys(
                CommandLineTest.run(
                    "mnist-fc", "--epochs", "1", "--progress", "off", "--out", dir.toString())))
        .isEqualTo(keysOf.get("mnist-fc"));
    assertThat(keysOf.get("mnist-cnn"))
        .isEqualTo(keysOf.get("mnist-fc")); // all go through ImageClassifier
  }

  /** The names in "`a`, `b` and `c`" or "a, b, c". */
  private static List<String> names(String text) {
    return List.of(text.replace("`", "").split(",\\s*|\\s+and\\s+"));
  }

  private static List<String> resultKeys(CommandLineTest.Run run) {
    assertThat(run.code()).as("exit code; stderr %s", run.err()).isZero();
    Matcher m = Pattern.compile("(?m)^result:(.*)$").matcher(run.out());
    assertThat(m.find()).as("a result line in %s", run.out()).isTrue();
    return Pattern.compile(" ([a-z_]+)=")
        .matcher(m.group(1))
        .results()
        .map(r -> r.group(1))
        .toList();
  }

  /**
   * Hoists the imports, wraps the rest in a method (local classes are legal there), compiles, runs.
   */
  private static void run(String className, String snippet) throws Exception {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    // A snippet may throw checked exceptions (loading data, saving a checkpoint), as user code
    // does.
    String source =
        imports
            + "public class "
            + className
            + " implements java.util.concurrent.Callable<Void> {\n"
            + "  public Void call() throws Exception {\n    snippet();\n    return null;\n  }\n"
            + "  private void snippet() throws Exception {\n"
            + body
            + "  }\n}\n";

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    StandardJavaFileManager std =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    JavaFileManager fm =
        new ForwardingJavaFileManager<>(std) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location loc, String name, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(
                URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
              @Override
              public OutputStream openOutputStream() {
                return classes.computeIfAbsent(name, k -> new ByteArrayOutputStream());
              }
            };
          }
        };
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    List<String> options =
        new ArrayList<>(
            List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "--add-modules",
                "jdk.incubator.vector"));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null) {
      // Surefire runs this test on the module path: nabla's modules are there, not on the class
      // path.
      // The snippet is compiled (and loaded) in the unnamed module, which reads every module it
      // resolves,
      // so it sees exactly what a user's class-path code sees: the exported packages.
      options.addAll(List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH"));
    }
    boolean ok = javac.getTask(null, fm, diagnostics, options, null, List.of(file)).call();
    assertThat(ok)
        .as("README snippet %s compiles:%n%s%n%s", className, source, diagnostics.getDiagnostics())
        .isTrue();

    ClassLoader loader =
        new ClassLoader(ReadmeSnippetsTest.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            ByteArrayOutputStream bytes = classes.get(name);
            if (bytes == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] b = bytes.toByteArray();
            return defineClass(name, b, 0, b.length);
          }
        };
    ((java.util.concurrent.Callable<?>)
            loader.loadClass(className).getDeclaredConstructor().newInstance())
        .call();
    fm.close();
  }
}
