package dev.nabla.core.internal.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the FLOAT64 (and, where a loop means the same on integers, INT32) twins of the plain
 * FLOAT32 kernel loops, the way Lucene and EJML generate their per-type variants: each {@code
 * Float*.java} named in {@link #TWINS} is the one hand-written source, and {@code Double*.java}
 * ({@code Int*.java}) is derived from it by type substitution: {@code float} becomes {@code
 * double}, {@code Float} {@code Double}, {@code FLOAT32} {@code FLOAT64}, {@code 2f} {@code 2.0},
 * {@code Scratch.floats} {@code Scratch.doubles}, and {@code (float) } casts are dropped (likewise
 * {@code int}, {@code Int}, {@code INT32}). Two line directives cover what does not substitute: a
 * line ending in {@code // FLOAT32 only} is left out of every twin, and a line ending in {@code //
 * FLOAT64: text} becomes {@code text} (indented as the line was) in the FLOAT64 twin. For the INT32
 * twin, where no value is NaN, {@code Float.isNaN} tests are taken out ({@link #withoutNaNTests});
 * it has only the kinds that make sense on integers: a comment line {@code // INT32: text} becomes
 * {@code text} there and is left out of the other twins, and the lines from a comment line {@code
 * // INT32: leave out} ending in an opening brace to the next such line ending in a closing brace
 * are left out of the INT32 twin (the two marker lines of every twin). {@link TwinGeneratorTest}
 * regenerates every twin and fails when a committed one differs, so the two cannot drift.
 *
 * <p>Run it from the repository root after editing a FLOAT32 source (it needs only the JDK): {@code
 * java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java}.
 */
public final class TwinGenerator {
  /** The kernel package's source folder, relative to the core module. */
  static final Path KERNELS = Path.of("src/main/java/dev/nabla/core/internal/kernels");

  /** A dtype a twin is written for: its class-name prefix, Java type, and dtype name. */
  enum Type {
    FLOAT64("Double", "double", "FLOAT64"),
    INT32("Int", "int", "INT32"),
    /** Like INT32 (the {@code // INT32:} directives apply), over {@code long}. */
    INT64("Long", "long", "INT64"),
    /** Data movement only: sources without arithmetic, over {@code boolean}. */
    BOOL("Boolean", "boolean", "BOOL");

    final String prefix;
    final String primitive;
    final String dtype;

    Type(String prefix, String primitive, String dtype) {
      this.prefix = prefix;
      this.primitive = primitive;
      this.dtype = dtype;
    }

    /** Whether no value is NaN and the {@code // INT32:} directives apply. */
    boolean integral() {
      return this != FLOAT64;
    }
  }

  /**
   * One generated file: the FLOAT32 source it comes from (its path under the kernels folder, {@code
   * sub/FloatX.java}) and the dtype it is written for; the twin is written next to its source.
   */
  record Twin(String source, Type type) {
    /** The twin's path: {@code sub/FloatXLoops.java -> sub/DoubleXLoops.java}. */
    String name() {
      int slash = source.lastIndexOf('/') + 1;
      return source.substring(0, slash) + twinName(source.substring(slash), type);
    }

    /** The source's file name, without its folder. */
    String fileName() {
      return source.substring(source.lastIndexOf('/') + 1);
    }
  }

  /** Every generated twin, by its hand-written FLOAT32 source. */
  static final List<Twin> TWINS =
      List.of(
          new Twin("elementwise/FloatLoops.java", Type.FLOAT64),
          new Twin("elementwise/FloatLoops.java", Type.INT32),
          new Twin("elementwise/FloatCompareLoops.java", Type.FLOAT64),
          new Twin("elementwise/FloatCompareLoops.java", Type.INT32),
          new Twin("gemm/FloatGemmLoops.java", Type.FLOAT64),
          new Twin("shape/FloatSoftmaxLoops.java", Type.FLOAT64),
          new Twin("shape/FloatNormLoops.java", Type.FLOAT64),
          new Twin("conv/FloatPoolLoops.java", Type.FLOAT64),
          new Twin("shape/FloatMaxLoops.java", Type.FLOAT64),
          new Twin("shape/FloatMaxLoops.java", Type.INT32),
          new Twin("conv/FloatIm2col.java", Type.FLOAT64),
          new Twin("conv/FloatConvLoops.java", Type.FLOAT64),
          new Twin("shape/FloatCopyLoops.java", Type.FLOAT64),
          new Twin("shape/FloatCopyLoops.java", Type.INT32),
          new Twin("shape/FloatScanLoops.java", Type.FLOAT64),
          new Twin("attention/FloatAttentionLoops.java", Type.FLOAT64),
          new Twin("elementwise/FloatLoops.java", Type.INT64),
          new Twin("elementwise/FloatCompareLoops.java", Type.INT64),
          new Twin("shape/FloatMaxLoops.java", Type.INT64),
          new Twin("shape/FloatCopyLoops.java", Type.INT64),
          new Twin("shape/FloatCopyLoops.java", Type.BOOL));

  private static final String ONLY = "// FLOAT32 only";
  private static final Pattern REPLACE = Pattern.compile("^(\\s*).*?\\s*// FLOAT64: (.*)$");
  private static final Pattern INT_ONLY = Pattern.compile("^(\\s*)// INT32: (.*)$");
  private static final String LEAVE_OUT = "// INT32: leave out {";
  private static final String LEAVE_OUT_END = "// INT32: leave out }";
  private static final Pattern FLOAT_LITERAL = Pattern.compile("\\b(\\d+)(\\.\\d+)?f\\b");

  private TwinGenerator() {}

  /** The {@code type} twin's file name: {@code FloatX.java -> DoubleX.java} for FLOAT64. */
  static String twinName(String source, Type type) {
    if (!source.startsWith("Float")) {
      throw new IllegalArgumentException(
          "TwinGenerator: a twin's source file name must start with 'Float', got '" + source + "'");
    }
    return type.prefix + source.substring("Float".length());
  }

  /** The {@code type} twin of the FLOAT32 source {@code text}, read from file {@code source}. */
  static String generate(String source, String text, Type type) {
    StringBuilder out = new StringBuilder();
    out.append("// GENERATED from ")
        .append(source)
        .append(" by TwinGenerator (FLOAT32 -> ")
        .append(type.dtype)
        .append(" by type substitution).\n")
        .append("// Do not edit: edit ")
        .append(source)
        .append(" and run\n")
        .append("// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java\n");
    boolean leavingOut = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.equals(LEAVE_OUT) || trimmed.equals(LEAVE_OUT_END)) {
        leavingOut = trimmed.equals(LEAVE_OUT) && type.integral();
        continue;
      }
      if (leavingOut || line.endsWith(ONLY)) {
        continue;
      }
      Matcher intOnly = INT_ONLY.matcher(line);
      if (intOnly.matches()) {
        if (type.integral()) {
          out.append(intOnly.group(1))
              .append(intOnly.group(2).replace("INT32", type.dtype))
              .append('\n');
        }
        continue;
      }
      Matcher m = REPLACE.matcher(line);
      if (m.matches() && type == Type.FLOAT64) {
        out.append(m.group(1)).append(m.group(2)).append('\n');
        continue;
      }
      out.append(substitute(line, type)).append('\n');
    }
    // the split above yields one empty piece after the final newline
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static String substitute(String line, Type type) {
    String s = type.integral() ? withoutNaNTests(line) : line;
    s = s.replace("FLOAT32", type.dtype).replace("(float) ", "");
    s =
        s.replaceAll("\\bFloat(?=[A-Z.])", type.prefix)
            .replaceAll("\\bfloat\\b", type.primitive)
            .replace("Scratch.floats(", "Scratch." + type.primitive + "s(");
    Matcher m = FLOAT_LITERAL.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String fraction = m.group(2) != null ? m.group(2) : type == Type.FLOAT64 ? ".0" : "";
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + fraction));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * {@code line} with its {@code Float.isNaN} tests taken out, for the INT32 twin, where no value
   * is NaN: {@code a && !Float.isNaN(x)} becomes {@code a}, {@code a || Float.isNaN(x)} and {@code
   * a || (Float.isNaN(x) && Float.isNaN(y))} become {@code a}. A NaN test in any other form fails
   * the generator, so no twin is left with a test that cannot compile or means something else.
   */
  static String withoutNaNTests(String line) {
    String arg = "\\(([^()]*)\\)";
    String s =
        line.replaceAll("\\s*&&\\s*!Float\\.isNaN" + arg, "")
            .replaceAll("!Float\\.isNaN" + arg + "\\s*&&\\s*", "")
            .replaceAll(
                "\\s*\\|\\|\\s*\\(Float\\.isNaN" + arg + "(\\s*&&\\s*Float\\.isNaN" + arg + ")*\\)",
                "")
            .replaceAll("\\s*\\|\\|\\s*Float\\.isNaN" + arg, "");
    if (s.contains("Float.isNaN(")) {
      throw new IllegalArgumentException(
          "TwinGenerator: the INT32 twin cannot express the NaN test in '" + line.strip() + "'");
    }
    return s;
  }

  /** The text {@code twin} should have, generated from its source under {@code kernels}. */
  static String expected(Path kernels, Twin twin) throws IOException {
    String text = Files.readString(kernels.resolve(twin.source()), StandardCharsets.UTF_8);
    return generate(twin.fileName(), text, twin.type());
  }

  /** Regenerates every twin under {@code core/} (or under the given module folder). */
  public static void main(String[] args) throws IOException {
    Path kernels = Path.of(args.length > 0 ? args[0] : "core").resolve(KERNELS);
    for (Twin twin : TWINS) {
      Path target = kernels.resolve(twin.name());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(tmp, expected(kernels, twin), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.println("wrote " + target);
    }
  }
}
