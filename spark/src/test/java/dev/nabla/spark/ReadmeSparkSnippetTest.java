package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's SparkTrainer snippet (its {@code ```java spark} block: the examples module's snippet
 * test has no Spark to run it with) compiles against this module, so the front page cannot drift
 * from the API.
 */
class ReadmeSparkSnippetTest {
  @Test
  void theReadmesSparkSnippetCompiles(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java spark\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("a ```java spark block in README.md").isTrue();
    String source =
        """
        import dev.nabla.layers.*;
        import dev.nabla.layers.Module;
        import dev.nabla.losses.*;
        import dev.nabla.optim.*;
        import dev.nabla.spark.*;
        import org.apache.spark.sql.Dataset;
        import org.apache.spark.sql.Row;

        public class Snippet {
          static Module mlp() {
            return new Sequential(new Dense(784, 10));
          }

          static void run(Dataset<Row> df) {
        """
            + m.group(1)
            + "  }\n}\n";
    Path file = dir.resolve("Snippet.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  fm,
                  diagnostics,
                  List.of(
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      dir.toString(),
                      "-proc:none"),
                  null,
                  fm.getJavaFileObjects(file.toFile()))
              .call();
      assertThat(ok)
          .as("README's Spark snippet compiles:%n%s%n%s", source, diagnostics.getDiagnostics())
          .isTrue();
    }
    assertThat(dir.resolve("Snippet.class").toFile()).exists();
  }
}
