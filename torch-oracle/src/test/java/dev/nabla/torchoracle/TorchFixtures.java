package dev.nabla.torchoracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.train.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * PyTorch's answers, generated once per test JVM by {@code src/test/python/make_fixtures.py} under
 * the installed PyTorch into {@code target/torch-fixtures}, and the comparison of nabla's results
 * with them.
 *
 * <p>PyTorch runs under {@code /usr/bin/python3} (Debian's {@code python3-torch}; the first {@code
 * python3} on the PATH may be another Python), or the interpreter named by {@code
 * NABLA_TORCH_PYTHON}. Without PyTorch the tests are skipped with a line saying how to install it,
 * unless {@code NABLA_REQUIRE_TORCH=1} (set by {@code .ci/run}, which installs it): then they fail,
 * so that a broken install cannot pass CI by skipping.
 */
final class TorchFixtures {
  private TorchFixtures() {}

  private static final Path DIR = Path.of("target", "torch-fixtures");
  private static final Path SCRIPT = Path.of("src", "test", "python", "make_fixtures.py");
  private static String unavailable;
  private static boolean generated;

  /** One case in one dtype: PyTorch's tensors and the case's settings. */
  record Fixture(String name, DType dtype, Map<String, Tensor> tensors, Map<String, String> meta) {
    Tensor get(String key) {
      return required(tensors, key, "tensor");
    }

    boolean has(String key) {
      return tensors.containsKey(key);
    }

    String setting(String key) {
      return required(meta, key, "setting");
    }

    private <V> V required(Map<String, V> map, String key, String what) {
      V v = map.get(key);
      if (v == null) {
        fail("%s: no %s %s in the fixture (it has %s)", name, what, key, map.keySet());
      }
      return v;
    }

    int intSetting(String key) {
      return Integer.parseInt(setting(key));
    }

    double doubleSetting(String key) {
      return Double.parseDouble(setting(key));
    }

    boolean boolSetting(String key) {
      return Boolean.parseBoolean(setting(key).toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The cases of one kind ({@code layer} or {@code loss}) the script wrote, in its order. */
  static List<String> cases(String kind) {
    ensureGenerated();
    try {
      return Files.readAllLines(DIR.resolve("cases.txt"), StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith(kind + " "))
          .map(line -> line.substring(kind.length() + 1))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the list of cases in " + DIR, e);
    }
  }

  /** The cases of one kind, each in FLOAT64 and FLOAT32: the arguments of a parameterized test. */
  static Stream<Arguments> arguments(String kind) {
    return cases(kind).stream()
        .flatMap(
            name ->
                Stream.of(Arguments.of(name, DType.FLOAT64), Arguments.of(name, DType.FLOAT32)));
  }

  /** Loads case {@code name} in FLOAT64 or FLOAT32. */
  static Fixture load(String name, DType dtype) throws IOException {
    ensureGenerated();
    String key = dtype == DType.FLOAT64 ? "f64" : "f32";
    Safetensors.Contents c = Safetensors.load(DIR.resolve(name + "." + key + ".safetensors"));
    return new Fixture(name, dtype, c.tensors(), c.metadata());
  }

  /**
   * Generates the fixtures, or aborts the calling test class (skipped, with the reason) when
   * PyTorch is unavailable: each test class calls it in {@code @BeforeAll}.
   */
  static synchronized void ensureGenerated() {
    if (!generated && unavailable == null) {
      unavailable = generate(SCRIPT, DIR);
      generated = unavailable == null;
    }
    abortIfUnavailable(unavailable);
  }

  /**
   * Fails the calling test when {@code unavailable} (why PyTorch is missing) is set and {@code
   * NABLA_REQUIRE_TORCH=1}, aborts it (skipped, with the reason) otherwise; does nothing for null.
   */
  static void abortIfUnavailable(String unavailable) {
    if (unavailable != null) {
      if ("1".equals(System.getenv("NABLA_REQUIRE_TORCH"))) {
        fail("NABLA_REQUIRE_TORCH=1 but " + unavailable);
      }
      Assumptions.abort(unavailable);
    }
  }

  /**
   * Runs {@code script} (a fixture script of {@code src/test/python}) with the output folder as its
   * argument under PyTorch's Python; returns why PyTorch is unavailable, or null when the fixtures
   * were written. A script that fails fails the test with its output.
   */
  static String generate(Path script, Path dir) {
    String python = System.getenv().getOrDefault("NABLA_TORCH_PYTHON", "/usr/bin/python3");
    if (!Files.isExecutable(Path.of(python))) {
      return python + " does not exist: install PyTorch with apt-get install -y python3-torch";
    }
    try {
      if (run(List.of(python, "-c", "import torch")).exit != 0) {
        return "PyTorch is not installed for "
            + python
            + ": apt-get install -y python3-torch libopenblas0-pthread";
      }
      Result r = run(List.of(python, script.toString(), dir.toString()));
      assertThat(r.exit).as("%s %s failed:%n%s", python, script, r.output).isZero();
      return null;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot run " + python, e);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // torch runs its own threads over a threaded OpenBLAS otherwise, oversubscribing the cores
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("%s did not finish in 300 s", command);
    }
    return new Result(p.exitValue(), out);
  }

  /**
   * Asserts {@code got} has PyTorch's shape and values: {@code |got - want| <= tol (1 + |want|)}
   * elementwise, with {@code tol} 1e-10 in FLOAT64 and 1e-5 in FLOAT32.
   */
  static void assertClose(String what, Tensor got, Tensor want) {
    assertThat(got).as("%s: nabla gave no tensor", what).isNotNull();
    assertThat(got.shape()).as("%s: shape", what).containsExactly(want.shape());
    double tol = want.dtype() == DType.FLOAT64 ? 1e-10 : 1e-5;
    double[] g = got.toDoubleArray();
    double[] w = want.toDoubleArray();
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < w.length; i++) {
      double excess = Math.abs(g[i] - w[i]) / (1 + Math.abs(w[i]));
      if (!(excess <= tol) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
        worst = i;
        worstExcess = excess;
      }
    }
    if (worst >= 0) {
      fail(
          "%s (%s, shape %s): element %d is %s in nabla and %s in PyTorch (|difference| / (1 + |torch|)"
              + " = %.3g, tolerance %.0g)",
          what,
          want.dtype(),
          Arrays.toString(want.shape()),
          worst,
          g[worst],
          w[worst],
          worstExcess,
          tol);
    }
  }
}
