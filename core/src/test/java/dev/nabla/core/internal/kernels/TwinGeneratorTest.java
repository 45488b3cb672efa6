package dev.nabla.core.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed FLOAT64 kernel twins are exactly what {@link TwinGenerator} derives today. */
class TwinGeneratorTest {

  @Test
  void everyCommittedTwinIsWhatTheGeneratorWritesFromItsFloatSource() throws IOException {
    for (Path[] pair : TwinGenerator.twins(TwinGenerator.KERNELS)) {
      String source = Files.readString(pair[0], StandardCharsets.UTF_8);
      String expected = TwinGenerator.generate(pair[0].getFileName().toString(), source);
      assertTrue(Files.exists(pair[1]), pair[1] + " is missing: run TwinGenerator");
      assertEquals(expected, Files.readString(pair[1], StandardCharsets.UTF_8),
          pair[1] + " differs from what TwinGenerator derives from " + pair[0]
              + ": edit the FLOAT32 source, not the twin, and run "
              + "java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java");
    }
  }

  @Test
  void substitutesTypesLiteralsAndCastsAndFollowsTheDirectives() {
    String source = String.join("\n",
        "final class FloatXLoops {",
        "  /** FLOAT32 rows. */",
        "  static float f(float[] x, double acc) {",
        "    float s = (float) acc * 0.5f + 2f;",
        "    assert !Float.isNaN(s); // FLOAT32 only",
        "    return Math.max(s, 0f); // FLOAT64: return s;",
        "  }",
        "}",
        "");
    String twin = TwinGenerator.generate("FloatXLoops.java", source);
    String body = twin.substring(twin.indexOf("final class"));
    assertEquals(String.join("\n",
        "final class DoubleXLoops {",
        "  /** FLOAT64 rows. */",
        "  static double f(double[] x, double acc) {",
        "    double s = acc * 0.5 + 2.0;",
        "    return s;",
        "  }",
        "}",
        ""), body);
    assertTrue(twin.startsWith("// GENERATED from FloatXLoops.java by TwinGenerator"), twin);
  }

  @Test
  void aSourceMustBeAFloatFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TwinGenerator.twinName("Gemm.java"));
    assertTrue(e.getMessage().contains("Gemm.java"), e.getMessage());
  }
}
