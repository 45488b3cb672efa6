package dev.nabla.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void terminalBarDrawsTheTaskAndReachesOneHundredPercent() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Progress p = Progress.bar("train-images-idx3-ubyte.gz", 4L << 20, out)) {
      p.update(1L << 20);
      p.update(4L << 20);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("train-images-idx3-ubyte.gz").contains("100%").contains("4/4 MiB");
  }

  @Test
  void withoutATerminalTwoPlainLinesAreWritten() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Progress p = Progress.lines("t10k-labels-idx1-ubyte.gz", 4542, out)) {
      p.update(4542);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).isEqualTo("nabla: downloading t10k-labels-idx1-ubyte.gz (4542 bytes)");
    assertThat(lines[1]).startsWith("nabla: t10k-labels-idx1-ubyte.gz: 4542 bytes in ");
  }
}
