package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/ARCHITECTURE.md ("Adding an op"), compiled and run: the op and its
 * OpCheck below are the code the guide shows, and a test checks that the guide still shows exactly
 * this code.
 */
class ArchitectureExampleTest {

  // example:op
  /** softplus(x) = log(1 + e^x), as max(x, 0) + log(1 + e^-|x|): e^x never overflows. */
  static final class Softplus extends Op {
    @Override
    public String name() {
      return "softplus";
    }

    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      Tensor x = in[0];
      ctx.save(x);
      return x.relu().add(x.abs().neg().exp().add(1).log());
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      // d softplus / dx = sigmoid(x)
      return new Tensor[] {grad.mul(ctx.saved(0).sigmoid())};
    }
  }

  // end

  // example:test
  @Test
  void softplusPassesOpCheck() {
    OpCheck.unary(
            "softplus",
            x -> new Softplus().apply(x),
            v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))))
        .domain(-20, 20)
        .check();
  }

  // end

  @Test
  void theGuideShowsTheCodeOfThisFile() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/nabla/core/ArchitectureExampleTest.java"));
    String guide = Files.readString(Path.of("../docs/ARCHITECTURE.md"));
    List<String> examples = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)  // example:\\w+\\n(.*?)  // end\\n").matcher(source);
    while (m.find()) {
      examples.add(m.group(1).replaceAll("(?m)^  ", ""));
    }
    assertThat(examples).hasSize(2);
    for (String example : examples) {
      assertThat(guide)
          .as("docs/ARCHITECTURE.md shows this code verbatim")
          .contains(example.strip());
    }
  }
}
