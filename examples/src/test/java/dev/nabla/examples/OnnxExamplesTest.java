package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./nabla run-onnx} and {@code ./nabla onnx-mnist}, through Main.run. The model and the
 * {@code .npy} files of run-onnx's tests are made at test time by ONNX's and numpy's Python helpers
 * (Debian's python3-onnx, under /usr/bin/python3), which also check what nabla wrote.
 */
class OnnxExamplesTest {
  @TempDir Path dir;

  private static final String PYTHON = "/usr/bin/python3";

  /** Runs Python code with {@code d} bound to the temp dir; returns its stdout. */
  private String python(String code) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
    Process p =
        new ProcessBuilder(
                PYTHON, "-c", "import numpy as np, sys\nd = sys.argv[1]\n" + code, dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assumeTrue(!out.contains("No module named 'onnx'"), "python3-onnx is not installed");
    assertThat(p.exitValue()).as("python: %s", out).isZero();
    return out;
  }

  /**
   * model.onnx: x, y float[batch, 3] -> 'sum/out' = x + y and 'relu' = Relu(x); x.npy, y.npy (batch
   * 2) and numpy's expected outputs; x64.npy holds x as float64.
   */
  private Path model() throws Exception {
    python(
        """
        import onnx
        from onnx import helper, TensorProto
        add = helper.make_node('Add', ['x', 'y'], ['sum/out'])
        relu = helper.make_node('Relu', ['x'], ['relu'])
        vi = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, ['batch', 3])
        g = helper.make_graph([add, relu], 'g', [vi('x'), vi('y')], [vi('sum/out'), vi('relu')])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)], producer_name='test')
        onnx.checker.check_model(m, full_check=True)
        onnx.save(m, d + '/model.onnx')
        x = np.array([[-1.5, 2, 3], [4, -5, 0.25]], dtype=np.float32)
        y = np.array([[10, 20, 30], [40, 50, 60]], dtype=np.float32)
        np.save(d + '/x.npy', x)
        np.save(d + '/y.npy', y)
        np.save(d + '/x64.npy', x.astype(np.float64))
        np.save(d + '/expected_sum.npy', x + y)
        np.save(d + '/expected_relu.npy', np.maximum(x, 0))
        """);
    return dir.resolve("model.onnx");
  }

  @Test
  void runOnnxWritesEachOutputAsNpyThatNumpyReadsBack() throws Exception {
    Path model = model();
    Path out = dir.resolve("out");
    CommandLineTest.Run r =
        CommandLineTest.run(
            "run-onnx",
            model.toString(),
            "--input",
            "x=" + dir.resolve("x.npy"),
            "--input",
            "y=" + dir.resolve("y.npy"),
            "--output",
            out.toString(),
            "--runs",
            "3");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out())
        .contains(
            "inputs:\n  x: float[batch, 3]\n  y: float[batch, 3]\n",
            "outputs:\n  sum/out: float[batch, 3]\n  relu: float[batch, 3]\n",
            "sum/out: FLOAT32 [2, 3] -> " + out.resolve("sum_out.npy"),
            "relu: FLOAT32 [2, 3] -> " + out.resolve("relu.npy"))
        .containsPattern("time per run: [0-9.]+ ms \\(median of 3\\)");
    String check =
        python(
            """
            for got, want in [('out/sum_out.npy', 'expected_sum.npy'), ('out/relu.npy', 'expected_relu.npy')]:
                a, b = np.load(d + '/' + got), np.load(d + '/' + want)
                print(got, a.dtype, a.shape, np.array_equal(a, b))
            """);
    assertThat(check.lines().toList())
        .containsExactly("out/sum_out.npy float32 (2, 3) True", "out/relu.npy float32 (2, 3) True");
  }

  @Test
  void runOnnxBenchTimesBatch1AndBatch64() throws Exception {
    Path model = model();
    CommandLineTest.Run r =
        CommandLineTest.run(
            "run-onnx", model.toString(), "--bench", "--seconds", "0.2", "--threads", "1");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out())
        .containsPattern("batch 1: median [0-9.]+ ms per run \\([0-9]+ runs\\), [0-9.]+ samples/s")
        .containsPattern(
            "batch 64: median [0-9.]+ ms per run \\([0-9]+ runs\\), [0-9.]+ samples/s");
    // from the given file, repeated along the batch
    CommandLineTest.Run withFile =
        CommandLineTest.run(
            "run-onnx",
            model.toString(),
            "--bench",
            "--seconds",
            "0.1",
            "--input",
            "x=" + dir.resolve("x.npy"));
    assertThat(withFile.code()).as("stderr: %s", withFile.err()).isZero();
    assertThat(withFile.out()).contains("batch 64: median");
  }

  @Test
  void runOnnxErrorsAreOneLineNamingTheOptionAndTheValueWithExitCode2() throws Exception {
    Path model = model();
    String x = "x=" + dir.resolve("x.npy"), y = "y=" + dir.resolve("y.npy");
    String missingModel = dir.resolve("nope.onnx").toString();
    List<List<String>> cases =
        List.of(
            List.of(missingModel, "MODEL.onnx", missingModel, "no such file"),
            List.of(model + " --input z=" + dir.resolve("x.npy"), "--input z=", "no input 'z'"),
            List.of(
                model + " --input x=" + dir.resolve("x64.npy") + " --input " + y,
                "--input x=",
                "x64.npy",
                "FLOAT64",
                "'x' is float (FLOAT32)"),
            List.of(model + " --input x=" + dir.resolve("gone.npy"), "gone.npy", "no such file"),
            List.of(model + " --input " + x, "--input", "'y'", "is not given"),
            List.of(model + " --input x", "--input", "NAME=FILE.npy", "'x'"),
            List.of(model + " --input " + x + " --input " + x, "given twice"),
            List.of(model + " --input x=" + model, "--input x=", "magic"),
            List.of(model + " --runs 0", "--runs", "0"));
    for (List<String> c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("run-onnx"));
      args.addAll(List.of(c.getFirst().split(" ")));
      CommandLineTest.Run r = CommandLineTest.run(args.toArray(String[]::new));
      assertThat(r.code()).as("exit code of %s; stderr: %s", args, r.err()).isEqualTo(2);
      assertThat(r.errLines()).as("stderr of %s", args).hasSize(1);
      assertThat(r.out()).as("stdout of %s: nothing ran", args).isEmpty();
      assertThat(r.errLines().getFirst())
          .startsWith("nabla run-onnx: ")
          .contains(c.subList(1, c.size()))
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void outputFileNamesAreSanitisedAndUnique() {
    Map<String, Path> f =
        RunOnnx.fileNames(List.of("a/b", "", "..", "../../etc/x", "A", "a", "logits:0"), dir);
    assertThat(f.values().stream().map(p -> p.getFileName().toString()).toList())
        .containsExactly(
            "a_b.npy",
            "output.npy",
            "output__.npy",
            "_._.._etc_x.npy",
            "A.npy",
            "a_2.npy",
            "logits_0.npy");
    assertThat(f.values()).allMatch(p -> p.getParent().equals(dir));
  }
}
