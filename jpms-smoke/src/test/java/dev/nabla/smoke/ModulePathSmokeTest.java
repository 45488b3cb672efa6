package dev.nabla.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's module that requires only {@code dev.nabla.core}, on the module path: it runs with and
 * without the Vector API module, and its code can reach neither core's internals at compile time
 * nor (by reflection) at run time. The programs run in child JVMs started with nothing but the
 * module path (nabla-core's jar, or its classes before packaging, and this module's classes).
 */
class ModulePathSmokeTest {
  private static final String VECTOR_HINT = "--add-modules jdk.incubator.vector";

  @Test
  void aModuleRequiringOnlyCoreRunsOnTheModulePathWithTheVectorKernels() throws Exception {
    Run run = runSmokeMain(true);

    assertThat(run.exitCode()).as("exit status; output:%n%s", run.output()).isZero();
    assertThat(run.lines())
        .contains(
            "core.module=dev.nabla.core",
            "core.exports=[dev.nabla.core]",
            "core.qualifiedExports=[dev.nabla.core.internal.shared to [dev.nabla.layers,"
                + " dev.nabla.optim]]",
            "kernels=vector",
            // [[1,2,3],[4,5,6]] x [[1,0],[0,1],[1,1]], by hand
            "product=[4.0, 5.0, 10.0, 11.0]",
            // d sum(a b) / d b[i][j] = sum of column i of a: 1+4, 2+5, 3+6
            "grad=[5.0, 5.0, 7.0, 7.0, 9.0, 9.0]",
            "internal.reflection=denied",
            "shared.reflection=denied");
    assertThat(run.output()).doesNotContain(VECTOR_HINT);
  }

  @Test
  void withoutTheVectorModuleTheSameModuleRunsOnThePlainKernelsAndOneLineSaysHowToEnableThem()
      throws Exception {
    Run run = runSmokeMain(false);

    assertThat(run.exitCode()).as("exit status; output:%n%s", run.output()).isZero();
    assertThat(run.lines())
        .contains(
            "core.module=dev.nabla.core",
            "kernels=plain",
            "product=[4.0, 5.0, 10.0, 11.0]",
            "grad=[5.0, 5.0, 7.0, 7.0, 9.0, 9.0]",
            "internal.reflection=denied");
    assertThat(run.lines().stream().filter(l -> l.contains(VECTOR_HINT)).count())
        .as("lines naming %s in:%n%s", VECTOR_HINT, run.output())
        .isEqualTo(1);
  }

  @Test
  void aModuleRequiringCoreCannotCompileAgainstCoreInternals(@TempDir Path dir) throws Exception {
    String internal =
        """
        package sneaky;

        import dev.nabla.core.internal.Shapes;

        public class Sneaky {
          public static int size() {
            return Shapes.size(new int[] {2, 3});
          }
        }
        """;
    Javac rejected = compileUserModule(dir.resolve("internal"), internal);
    assertThat(rejected.exitCode())
        .as("javac exit status; output:%n%s", rejected.output())
        .isNotZero();
    assertThat(rejected.output())
        .contains("package dev.nabla.core.internal is not visible")
        .contains("does not export it");

    // Nor against the package core exports to nabla's own modules only.
    String shared =
        """
        package sneaky;

        import dev.nabla.core.Tensor;
        import dev.nabla.core.internal.shared.ReplacedParameters;

        public class Sneaky {
          public static String where(Tensor t) {
            return ReplacedParameters.replacedAt(t);
          }
        }
        """;
    Javac sharedRejected = compileUserModule(dir.resolve("shared"), shared);
    assertThat(sharedRejected.exitCode())
        .as("javac exit status; output:%n%s", sharedRejected.output())
        .isNotZero();
    assertThat(sharedRejected.output())
        .contains("package dev.nabla.core.internal.shared is not visible")
        .contains("does not export it to module sneaky");

    // The control: the same module using the exported API compiles, so the failure above is the
    // module boundary and not a broken setup.
    String exported =
        internal
            .replace("import dev.nabla.core.internal.Shapes;", "import dev.nabla.core.Tensor;")
            .replace("Shapes.size(new int[] {2, 3})", "Tensor.zeros(2, 3).size()");
    Javac accepted = compileUserModule(dir.resolve("exported"), exported);
    assertThat(accepted.exitCode())
        .as("javac exit status; output:%n%s", accepted.output())
        .isZero();
  }

  @Test
  void compilingAgainstCoreDoesNotDragTheIncubatingVectorModuleIntoTheUsersBuild(@TempDir Path dir)
      throws Exception {
    String user =
        """
        package sneaky;

        import dev.nabla.core.Tensor;

        public class Sneaky {
          public static int size() {
            return Tensor.zeros(2, 3).size();
          }
        }
        """;
    Javac javac = compileUserModule(dir, user, "-Xlint:all", "-Werror");

    // were dev.nabla.core to require jdk.incubator.vector (even statically), javac would resolve it
    // here and warn "using incubating module(s)", an error under -Werror
    assertThat(javac.exitCode())
        .as("javac -Xlint:all -Werror exit status; output:%n%s", javac.output())
        .isZero();
    assertThat(javac.output()).doesNotContain("incubat");
  }

  private record Run(int exitCode, String output) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  private record Javac(int exitCode, String output) {}

  /**
   * Starts {@link SmokeMain} as {@code dev.nabla.smoke/dev.nabla.smoke.SmokeMain} in a fresh JVM.
   */
  private static Run runSmokeMain(boolean vectorModule)
      throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (vectorModule) {
      command.add("--add-modules=jdk.incubator.vector");
    }
    command.addAll(
        List.of(
            "--module-path",
                location(Tensor.class) + File.pathSeparator + location(SmokeMain.class),
            "--module", "dev.nabla.smoke/" + SmokeMain.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the smoke program ends").isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code module sneaky { requires dev.nabla.core; }} and one class to {@code dir}, then
   * compiles them with javac (and {@code extraOptions}) against nabla-core on the module path.
   */
  private static Javac compileUserModule(Path dir, String classSource, String... extraOptions)
      throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        src.resolve("module-info.java"), "module sneaky {\n  requires dev.nabla.core;\n}\n");
    Files.createDirectories(src.resolve("sneaky"));
    Files.writeString(src.resolve("sneaky").resolve("Sneaky.java"), classSource);
    ToolProvider javac =
        ToolProvider.findFirst("javac")
            .orElseThrow(
                () -> new AssertionError("javac is not in this JDK (jdk.compiler missing)"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(extraOptions));
    args.addAll(
        List.of(
            "-d",
            dir.resolve("classes").toString(),
            "--module-path",
            location(Tensor.class).toString(),
            src.resolve("module-info.java").toString(),
            src.resolve("sneaky").resolve("Sneaky.java").toString()));
    int exit;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      exit = javac.run(ps, ps, args.toArray(String[]::new));
    }
    return new Javac(exit, out.toString(StandardCharsets.UTF_8));
  }

  /** The jar or classes directory a class was loaded from. */
  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
