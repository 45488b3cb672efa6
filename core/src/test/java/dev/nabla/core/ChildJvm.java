package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test's {@code main} class in a child JVM, the way the tests run: module or class path. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with the JVM options and arguments given, on the module path when Surefire
   * put nabla-core there (the test classes patched into {@code dev.nabla.core}), on the class path
   * otherwise; asserts it exits with 0 within {@code timeoutSeconds} and returns its output lines
   * (standard output and error together).
   */
  public static List<String> run(
      Class<?> main, List<String> jvmOptions, long timeoutSeconds, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (Tensor.class.getModule().isNamed()) {
      Path testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
      command.addAll(
          List.of(
              "--module-path", System.getProperty("jdk.module.path"),
              "--patch-module", "dev.nabla.core=" + testClasses,
              "--module", "dev.nabla.core/" + main.getName()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    }
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
    String out = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s exit status; output:%n%s", main.getName(), out).isZero();
    return out.lines().toList();
  }
}
