package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.kernels.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fast path is chosen once; without the Vector API module nabla still runs, and says how to enable it. */
class KernelSelectionTest {

  /** Run in a child JVM: prints the kernels in use and the result of a small matmul. */
  public static final class Probe {
    public static void main(String[] args) {
      Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
      Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
      System.out.println("kernels=" + Kernels.implementation());
      System.out.println("product=" + java.util.Arrays.toString(a.matmul(b).toFloatArray()));
    }
  }

  @Test
  void testsRunOnTheVectorKernels() {
    assertThat(Kernels.implementation()).isEqualTo("vector");
  }

  @Test
  void withoutTheVectorModuleThePlainKernelsRunAndOneLineSaysHowToEnableTheFastPath() throws Exception {
    List<String> out = runProbe();
    String all = String.join("\n", out);
    assertThat(all).contains("kernels=plain", "product=[4.0, 5.0, 10.0, 11.0]");
    assertThat(out.stream().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count()).isEqualTo(1);
  }

  private static List<String> runProbe() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
        .redirectErrorStream(true)
        .start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }
}
