package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void demoPrintsGraphGradientAndAPassingGradCheck() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("demo");
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(out).contains("digraph nabla", "MatMul", "Tanh", "Sum", "GradCheck passed");
    assertThat(out).containsPattern("(?m)^result: gradcheck_passed=true seconds=\\d+\\.\\d+$");
  }
}
