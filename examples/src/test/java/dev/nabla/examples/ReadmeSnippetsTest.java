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

/** Compiles and runs every {@code ```java} snippet of the README, so the front page cannot drift. */
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

  /** Hoists the imports, wraps the rest in a method (local classes are legal there), compiles, runs. */
  private static void run(String className, String snippet) throws Exception {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    // A snippet may throw checked exceptions (loading data, saving a checkpoint), as user code does.
    String source = imports + "public class " + className
        + " implements java.util.concurrent.Callable<Void> {\n"
        + "  public Void call() throws Exception {\n    snippet();\n    return null;\n  }\n"
        + "  private void snippet() throws Exception {\n" + body + "  }\n}\n";

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location loc, String name, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            return classes.computeIfAbsent(name, k -> new ByteArrayOutputStream());
          }
        };
      }
    };
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> options = new ArrayList<>(
        List.of("-classpath", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector"));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null) {
      // Surefire runs this test on the module path: nabla's modules are there, not on the class path.
      // The snippet is compiled (and loaded) in the unnamed module, which reads every module it resolves,
      // so it sees exactly what a user's class-path code sees: the exported packages.
      options.addAll(List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH"));
    }
    boolean ok = javac.getTask(null, fm, diagnostics, options, null, List.of(file)).call();
    assertThat(ok).as("README snippet %s compiles:%n%s%n%s", className, source, diagnostics.getDiagnostics()).isTrue();

    ClassLoader loader = new ClassLoader(ReadmeSnippetsTest.class.getClassLoader()) {
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
    ((java.util.concurrent.Callable<?>) loader.loadClass(className).getDeclaredConstructor().newInstance()).call();
    fm.close();
  }

}
