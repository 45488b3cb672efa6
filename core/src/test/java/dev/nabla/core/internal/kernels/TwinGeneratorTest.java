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
    Path kernels = TwinGenerator.KERNELS;
    for (TwinGenerator.Twin twin : TwinGenerator.TWINS) {
      Path target = kernels.resolve(twin.name());
      assertTrue(Files.exists(target), target + " is missing: run TwinGenerator");
      assertEquals(
          TwinGenerator.expected(kernels, twin),
          Files.readString(target, StandardCharsets.UTF_8),
          target
              + " differs from what TwinGenerator derives from "
              + twin.source()
              + ": edit the FLOAT32 source, not the twin, and run "
              + "java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java");
    }
  }

  @Test
  void substitutesTypesLiteralsAndCastsAndFollowsTheDirectives() {
    String source =
        String.join(
            "\n",
            "final class FloatXLoops {",
            "  /** FLOAT32 rows. */",
            "  static float f(float[] x, double acc) {",
            "    float s = (float) acc * 0.5f + 2f;",
            "    assert !Float.isNaN(s); // FLOAT32 only",
            "    return Math.max(s, 0f); // FLOAT64: return s;",
            "  }",
            "}",
            "");
    String twin = TwinGenerator.generate("FloatXLoops.java", source, TwinGenerator.Type.FLOAT64);
    String body = twin.substring(twin.indexOf("final class"));
    assertEquals(
        String.join(
            "\n",
            "final class DoubleXLoops {",
            "  /** FLOAT64 rows. */",
            "  static double f(double[] x, double acc) {",
            "    double s = acc * 0.5 + 2.0;",
            "    return s;",
            "  }",
            "}",
            ""),
        body);
    assertTrue(twin.startsWith("// GENERATED from FloatXLoops.java by TwinGenerator"), twin);
  }

  @Test
  void anInt32TwinTakesIntTypesAndDropsTheFloat64Directive() {
    String source =
        String.join(
            "\n",
            "final class FloatYLoops {",
            "  static float f(float a) {",
            "    return a + 2f; // FLOAT64: return a;",
            "  }",
            "}");
    String twin = TwinGenerator.generate("FloatYLoops.java", source, TwinGenerator.Type.INT32);
    assertEquals(
        String.join(
            "\n",
            "final class IntYLoops {",
            "  static int f(int a) {",
            "    return a + 2; // FLOAT64: return a;",
            "  }",
            "}"),
        twin.substring(twin.indexOf("final class")));
    assertEquals(
        "IntYLoops.java", TwinGenerator.twinName("FloatYLoops.java", TwinGenerator.Type.INT32));
  }

  @Test
  void theInt32DirectivesLeaveOutFloatingPointCodeAndAddIntegerOnlyLines() {
    String source =
        String.join(
            "\n",
            "final class FloatZLoops {",
            "  static float f(Kind op, float a) {",
            "    switch (op) {",
            "      // INT32: case DIV -> throw unsupported(op);",
            "      case ADD -> a = a + 1f;",
            "      // INT32: leave out {",
            "      case DIV -> a = a / 2f;",
            "      // INT32: leave out }",
            "    }",
            "    return a;",
            "  }",
            "}");
    String ints = TwinGenerator.generate("FloatZLoops.java", source, TwinGenerator.Type.INT32);
    assertEquals(
        String.join(
            "\n",
            "final class IntZLoops {",
            "  static int f(Kind op, int a) {",
            "    switch (op) {",
            "      case DIV -> throw unsupported(op);",
            "      case ADD -> a = a + 1;",
            "    }",
            "    return a;",
            "  }",
            "}"),
        ints.substring(ints.indexOf("final class")));
    String doubles = TwinGenerator.generate("FloatZLoops.java", source, TwinGenerator.Type.FLOAT64);
    assertEquals(
        String.join(
            "\n",
            "final class DoubleZLoops {",
            "  static double f(Kind op, double a) {",
            "    switch (op) {",
            "      case ADD -> a = a + 1.0;",
            "      case DIV -> a = a / 2.0;",
            "    }",
            "    return a;",
            "  }",
            "}"),
        doubles.substring(doubles.indexOf("final class")));
  }

  @Test
  void theInt32TwinDropsNaNTestsAndTheFloat64TwinKeepsThem() {
    String source =
        String.join(
            "\n",
            "final class FloatNLoops {",
            "  static boolean f(float v, float b) {",
            "    for (int k = 1; k < 3 && !Float.isNaN(b); k++) {}",
            "    boolean x = v > b || Float.isNaN(v);",
            "    boolean y = v == b || (Float.isNaN(v) && Float.isNaN(b));",
            "    return x && y || (Float.isNaN(v) && !Float.isNaN(b));",
            "  }",
            "}");
    String ints = TwinGenerator.generate("FloatNLoops.java", source, TwinGenerator.Type.INT32);
    assertEquals(
        String.join(
            "\n",
            "final class IntNLoops {",
            "  static boolean f(int v, int b) {",
            "    for (int k = 1; k < 3; k++) {}",
            "    boolean x = v > b;",
            "    boolean y = v == b;",
            "    return x && y;",
            "  }",
            "}"),
        ints.substring(ints.indexOf("final class")));
    String doubles = TwinGenerator.generate("FloatNLoops.java", source, TwinGenerator.Type.FLOAT64);
    assertTrue(doubles.contains("k < 3 && !Double.isNaN(b)"), doubles);
    assertTrue(doubles.contains("(Double.isNaN(v) && Double.isNaN(b))"), doubles);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TwinGenerator.withoutNaNTests("    return Float.isNaN(v) ? 1 : 0;"));
    assertTrue(e.getMessage().contains("Float.isNaN(v) ? 1 : 0"), e.getMessage());
  }

  @Test
  void aSourceMustBeAFloatFile() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TwinGenerator.twinName("Gemm.java", TwinGenerator.Type.FLOAT64));
    assertTrue(e.getMessage().contains("Gemm.java"), e.getMessage());
  }
}
