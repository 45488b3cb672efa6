package dev.nabla.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test models written by ONNX's own Python package ({@code onnx.helper}, Debian's python3-onnx
 * under /usr/bin/python3, which CI installs): the script runs with {@code onnx}, {@code helper},
 * {@code TensorProto}, {@code numpy_helper} and {@code np} imported and {@code out} set to the
 * output path, and must save a model there.
 */
final class PythonOnnx {
  static final String PYTHON = "/usr/bin/python3";

  private PythonOnnx() {}

  /** Runs {@code body} and returns the path of the model it saved. */
  static Path model(Path dir, String name, String body) throws IOException, InterruptedException {
    Path out = dir.resolve(name + ".onnx");
    run(
        "import onnx, numpy as np\n"
            + "from onnx import helper, TensorProto, numpy_helper\n"
            + "out = "
            + quote(out.toString())
            + "\n"
            + body);
    return out;
  }

  /** Runs a Python script under /usr/bin/python3; fails with its output when it fails. */
  static String run(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile("nabla-onnx", ".py");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(List.of(PYTHON, file.toString())).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("python timed out: " + output);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            PYTHON
                + " failed (exit "
                + p.exitValue()
                + "; CI installs python3-onnx for it):\n"
                + output
                + "\nscript:\n"
                + script);
      }
      return output;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
