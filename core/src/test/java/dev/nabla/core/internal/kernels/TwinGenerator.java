package dev.nabla.core.internal.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the FLOAT64 twins of the plain FLOAT32 kernel loops, the way Lucene and EJML generate
 * their per-type variants: each {@code Float*Loops.java} named in {@link #SOURCES} is the one
 * hand-written source, and {@code Double*Loops.java} is derived from it by type substitution
 * ({@code float} becomes {@code double}, {@code Float} {@code Double}, {@code FLOAT32}
 * {@code FLOAT64}, {@code 2f} {@code 2.0}, and {@code (float) } casts are dropped). Two line
 * directives cover what does not substitute: a line ending in {@code // FLOAT32 only} is left out
 * of the twin, and a line ending in {@code // FLOAT64: text} becomes {@code text} (indented as the
 * line was). {@link TwinGeneratorTest} regenerates every twin and fails when a committed one
 * differs, so the two cannot drift.
 *
 * <p>Run it from the repository root after editing a FLOAT32 source (it needs only the JDK):
 * {@code java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java}.
 */
public final class TwinGenerator {
  /** The kernel package's source folder, relative to the core module. */
  static final Path KERNELS = Path.of("src/main/java/dev/nabla/core/internal/kernels");

  /** The hand-written FLOAT32 sources whose FLOAT64 twins are generated. */
  static final List<String> SOURCES = List.of(
      "FloatLoops.java",
      "FloatGemmLoops.java",
      "FloatSoftmaxLoops.java",
      "FloatPoolLoops.java");

  private static final String ONLY = "// FLOAT32 only";
  private static final Pattern REPLACE = Pattern.compile("^(\\s*).*?\\s*// FLOAT64: (.*)$");
  private static final Pattern FLOAT_LITERAL = Pattern.compile("\\b(\\d+)(\\.\\d+)?f\\b");

  private TwinGenerator() {}

  /** The file name of the twin of {@code source}: {@code FloatXLoops.java -> DoubleXLoops.java}. */
  static String twinName(String source) {
    if (!source.startsWith("Float")) {
      throw new IllegalArgumentException("a twin source's name starts with Float, got " + source);
    }
    return "Double" + source.substring("Float".length());
  }

  /** The FLOAT64 twin of the FLOAT32 source text {@code text}, read from file {@code source}. */
  static String generate(String source, String text) {
    StringBuilder out = new StringBuilder();
    out.append("// GENERATED from ").append(source).append(" by TwinGenerator (FLOAT32 -> FLOAT64")
        .append(" by type substitution).\n")
        .append("// Do not edit: edit ").append(source).append(" and run\n")
        .append("// java core/src/test/java/dev/nabla/core/internal/kernels/TwinGenerator.java\n");
    for (String line : text.split("\n", -1)) {
      if (line.endsWith(ONLY)) {
        continue;
      }
      Matcher m = REPLACE.matcher(line);
      if (m.matches()) {
        out.append(m.group(1)).append(m.group(2)).append('\n');
        continue;
      }
      out.append(substitute(line)).append('\n');
    }
    // the split above yields one empty piece after the final newline
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static String substitute(String line) {
    String s = line.replace("FLOAT32", "FLOAT64").replace("(float) ", "");
    s = s.replaceAll("\\bFloat(?=[A-Z.])", "Double").replaceAll("\\bfloat\\b", "double");
    Matcher m = FLOAT_LITERAL.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String fraction = m.group(2) == null ? ".0" : m.group(2);
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + fraction));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** The twins as they should be, keyed by the twin's path. */
  static List<Path[]> twins(Path kernels) {
    List<Path[]> pairs = new ArrayList<>();
    for (String source : SOURCES) {
      pairs.add(new Path[] {kernels.resolve(source), kernels.resolve(twinName(source))});
    }
    return pairs;
  }

  /** Regenerates every twin under {@code core/} (or under the given module folder). */
  public static void main(String[] args) throws IOException {
    Path module = Path.of(args.length > 0 ? args[0] : "core");
    for (Path[] pair : twins(module.resolve(KERNELS))) {
      String text = Files.readString(pair[0], StandardCharsets.UTF_8);
      String twin = generate(pair[0].getFileName().toString(), text);
      Path tmp = pair[1].resolveSibling(pair[1].getFileName() + ".tmp");
      Files.writeString(tmp, twin, StandardCharsets.UTF_8);
      Files.move(tmp, pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.println("wrote " + pair[1]);
    }
  }
}
