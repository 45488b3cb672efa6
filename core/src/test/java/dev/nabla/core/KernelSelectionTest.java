package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.kernels.Kernels;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fast path is chosen once; without the Vector API module nabla still runs, and says how to
 * enable it.
 */
class KernelSelectionTest {

  /** Run in a child JVM: prints the kernels in use and the result of a small matmul. */
  public static final class Probe {
    public static void main(String[] args) {
      Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
      Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
      System.out.println("module=" + Tensor.class.getModule().getName());
      System.out.println("kernels=" + Kernels.implementation());
      System.out.println("product=" + java.util.Arrays.toString(a.matmul(b).toFloatArray()));
    }
  }

  @Test
  void testsRunOnTheVectorKernels() {
    assertThat(Kernels.implementation()).isEqualTo("vector");
  }

  @Test
  void withoutTheVectorModuleThePlainKernelsRunAndOneLineSaysHowToEnableTheFastPath()
      throws Exception {
    List<String> out = runProbe();
    String all = String.join("\n", out);
    // the child runs where this test runs: in the named module dev.nabla.core under Surefire
    assertThat(all)
        .contains(
            "module=" + Tensor.class.getModule().getName(),
            "kernels=plain",
            "product=[4.0, 5.0, 10.0, 11.0]");
    assertThat(out.stream().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count())
        .isEqualTo(1);
  }

  /**
   * Starts the probe the way this test runs: on the module path when Surefire put nabla-core there
   * (the test classes patched into {@code dev.nabla.core}), so the reflective loading of the Vector
   * API kernels is checked in a named module; on the class path otherwise.
   */
  private static List<String> runProbe()
      throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Tensor.class.getModule().isNamed()) {
      Path testClasses =
          Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      command.addAll(
          List.of(
              "--module-path", System.getProperty("jdk.module.path"),
              "--patch-module", "dev.nabla.core=" + testClasses,
              "--module", "dev.nabla.core/" + Probe.class.getName()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("probe exit status; output:%n%s", new String(bytes, StandardCharsets.UTF_8))
        .isZero();
    return new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }
}
