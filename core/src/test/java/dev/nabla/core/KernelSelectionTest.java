package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.kernels.Kernels;
import java.util.List;
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

  private static List<String> runProbe() throws Exception {
    return ChildJvm.run(Probe.class, List.of(), 60);
  }
}
