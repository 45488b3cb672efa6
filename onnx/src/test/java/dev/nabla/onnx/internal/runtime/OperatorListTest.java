package dev.nabla.onnx.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/ONNX.md lists exactly the operators the registry runs, so the page cannot drift. */
class OperatorListTest {
  @Test
  void theDocsListEveryRegisteredOperatorAndNoOther() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "ONNX.md"));
    int start = doc.indexOf("<!-- OPS");
    int end = doc.indexOf("<!-- /OPS -->");
    assertThat(start).as("the OPS block in docs/ONNX.md").isGreaterThanOrEqualTo(0);
    String block = doc.substring(doc.indexOf("-->", start) + 3, end).trim();
    List<String> listed = Arrays.asList(block.split("\\s+"));
    assertThat(listed).as("docs/ONNX.md's operators, sorted").isSorted();
    assertThat(listed).containsExactlyElementsOf(OpRegistry.standard().opTypes());
    assertThat(doc).contains("**Operators** (" + listed.size() + ")");
  }
}
