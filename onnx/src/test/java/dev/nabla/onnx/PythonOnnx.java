package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts under {@code /usr/bin/python3} with ONNX's own package ({@code python3-onnx},
 * which CI installs): its checker and shape inference are the independent judges of the files nabla
 * writes. A machine without it fails the test with a message saying so (no skipping).
 */
public final class PythonOnnx {
  public static final String PYTHON = "/usr/bin/python3";

  private PythonOnnx() {}

  /**
   * Runs {@code script} with {@code args}; returns its standard output, failing the test with the
   * script's output when it exits non-zero.
   */
  public static String run(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(PYTHON + " did not finish in 120 s: " + out);
      }
      if (out.contains("NO_ONNX")) {
        throw new AssertionError(
            PYTHON
                + " cannot import onnx ("
                + out.trim()
                + "): install Debian's python3-onnx (apt-get install -y python3-onnx), as CI does");
      }
      assertThat(p.exitValue()).as("%s exit status; its output:%n%s", PYTHON, out).isZero();
      return out;
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run "
              + PYTHON
              + " ("
              + e.getMessage()
              + "): CI installs python3 and python3-onnx",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A test model written by {@code onnx.helper}: {@code body} runs with {@code onnx}, {@code
   * helper}, {@code TensorProto}, {@code numpy_helper} and {@code np} imported and {@code out} set
   * to the path it must save the model to; returns that path.
   */
  public static java.nio.file.Path model(java.nio.file.Path dir, String name, String body) {
    java.nio.file.Path out = dir.resolve(name + ".onnx");
    run(
        IMPORT
            + "import numpy as np\n"
            + "from onnx import helper, TensorProto, numpy_helper\n"
            + "out = sys.argv[1]\n"
            + body,
        out.toString());
    return out;
  }

  /** The import every script starts with: a missing onnx package prints NO_ONNX. */
  public static final String IMPORT =
      """
      import sys
      try:
          import onnx
          from onnx import shape_inference
      except Exception as e:
          print("NO_ONNX", repr(e))
          sys.exit(3)
      """;

  /**
   * Checks the model file with {@code onnx.checker.check_model(full_check=True)} and strict shape
   * inference; returns the output's inferred shape as Python prints it, e.g. {@code ['batch', 10]}.
   */
  public static String check(java.nio.file.Path model) {
    String out =
        run(
            IMPORT
                + """
                m = onnx.load(sys.argv[1])
                onnx.checker.check_model(m, full_check=True)
                inferred = shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
                known = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
                out = known[m.graph.output[0].name].type.tensor_type
                dims = [d.dim_value if d.HasField('dim_value') else d.dim_param for d in out.shape.dim]
                print("CHECKED", dims)
                """,
            model.toString());
    assertThat(out).contains("CHECKED");
    return out.substring(out.indexOf("CHECKED") + 8).trim();
  }

  /** {@code s} as a Python string literal. */
  public static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
