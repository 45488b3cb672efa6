package dev.nabla.core.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed GEMM micro-kernels are exactly what {@link MicroKernelGenerator} writes today. */
class MicroKernelGeneratorTest {

  @Test
  void theCommittedMicroKernelsAreWhatTheGeneratorWrites() throws IOException {
    assertEquals(
        MicroKernelGenerator.generate(),
        Files.readString(MicroKernelGenerator.TARGET, StandardCharsets.UTF_8),
        MicroKernelGenerator.TARGET
            + " differs from what MicroKernelGenerator writes: edit the generator's template, not"
            + " the file, and run java"
            + " core/src/test/java/dev/nabla/core/internal/kernels/MicroKernelGenerator.java");
  }

  @Test
  void everyKernelIsSpelledOutAccumulatorByAccumulator() {
    String text = MicroKernelGenerator.generate();
    for (String kernel :
        new String[] {
          "kernelNarrow(",
          "kernel(",
          "kernelT(",
          "kernelNarrowT(",
          "kernelP(",
          "kernelNarrowP(",
          "kernelNarrow6(",
          "kernel6("
        }) {
      assertTrue(text.contains("  static void " + kernel + "\n"), kernel);
    }
    // eight rows of two accumulators, each updated by one FMA per step, in the three wide 8-row
    // kernels, and the first six rows once more in the 6-row kernel
    for (int r = 0; r < 8; r++) {
      for (int v = 0; v < 2; v++) {
        String fma = "c" + r + v + " = x.fma(b" + v + ", c" + r + v + ");";
        assertEquals(
            r < 6 ? 4 : 3, text.split(java.util.regex.Pattern.quote(fma), -1).length - 1, fma);
      }
    }
    assertTrue(!text.contains("for (int r"), "no loop over the tile's rows may be left");
  }
}
