package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the {@code .onnx} reader with Jazzer: whatever the bytes, {@link
 * OnnxModel#load(byte[], String)}, {@link OnnxModel#load(Path)} and {@link OnnxTensors#read} either
 * load or fail with an {@link IOException} whose message names the file; never another exception,
 * never a hang.
 *
 * <p>The first byte of an input picks the reader: {@code T} a {@code TensorProto} file ({@link
 * OnnxTensors#read}), {@code F} a model file (its external data may name {@code data.bin}, a
 * 64-byte file beside it), anything else a model from bytes; the rest of the input is the message.
 *
 * <p>Without {@code JAZZER_FUZZ} (every test run, CI included) the method replays the inputs under
 * {@code
 * src/test/resources/dev/nabla/onnx/OnnxReaderFuzzTestInputs/readsAnyBytesOrFailsWithANamedIOException/}:
 * a few well-formed models and tensors (made with ONNX's Python helpers) and the inputs that found
 * bugs. To fuzz for real:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 ./mvnw -B -o -pl onnx test -Dtest=OnnxReaderFuzzTest -Dspotless.check.skip=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnabla.jvmArgs="--add-modules=jdk.incubator.vector -Xss8m -Xmx512m"
 * }</pre>
 *
 * The {@code @FuzzTest}'s {@code maxDuration} bounds the session; a finding is written into the
 * inputs directory, the growing corpus into {@code onnx/.cifuzz-corpus} (not committed).
 */
class OnnxReaderFuzzTest {
  /** One load of a few kilobytes takes milliseconds; the bound leaves room for a loaded machine. */
  static final long SECONDS_PER_LOAD = 10;

  private static Path dir;

  /** The thread the loads run on, so that each is bounded in time; replaced after a hang. */
  private static ExecutorService loader = newLoader();

  @AfterAll
  static void deleteTheScratchFilesAndStopTheLoader() throws IOException {
    loader.shutdownNow();
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  @FuzzTest(maxDuration = "3m")
  void readsAnyBytesOrFailsWithANamedIOException(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    if (dir == null) {
      dir = Files.createTempDirectory("onnx-fuzz");
      byte[] data = new byte[64];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (i * 37);
      }
      Files.write(dir.resolve("data.bin"), data);
    }
    byte[] message = Arrays.copyOfRange(input, 1, input.length);
    switch (input[0]) {
      case 'T' -> {
        Path file = Files.write(dir.resolve("fuzz.pb"), message);
        bounded(
            () -> {
              try {
                Map.Entry<String, Tensor> e = OnnxTensors.read(file);
                assertThat(e.getValue()).isNotNull();
              } catch (IOException e) {
                assertThat(e.getMessage()).as("message of %s", e).startsWith(file.toString());
              }
              return null;
            });
      }
      case 'F' -> {
        Path file = Files.write(dir.resolve("fuzz.onnx"), message);
        bounded(
            () -> {
              try {
                assertLoaded(OnnxModel.load(file));
              } catch (IOException e) {
                assertThat(e.getMessage()).as("message of %s", e).startsWith(file.toString());
              }
              return null;
            });
      }
      default ->
          bounded(
              () -> {
                try {
                  assertLoaded(OnnxModel.load(message, "fuzz.onnx"));
                } catch (IOException e) {
                  assertThat(e.getMessage()).as("message of %s", e).startsWith("fuzz.onnx");
                }
                return null;
              });
    }
  }

  /** A loaded model describes itself without failing. */
  private static void assertLoaded(OnnxModel model) {
    assertThat(model.inputs()).isNotNull();
    assertThat(model.outputs()).isNotNull();
    assertThat(model.toString()).isNotEmpty();
  }

  /**
   * Runs {@code call} on the loader thread within {@link #SECONDS_PER_LOAD}; failures propagate.
   */
  private static void bounded(Callable<Void> call) {
    Future<Void> result = loader.submit(call);
    try {
      result.get(SECONDS_PER_LOAD, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      loader = newLoader();
      throw new AssertionError(
          "a load did not finish within " + SECONDS_PER_LOAD + " s: a hang", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a load", e);
    }
  }

  private static ExecutorService newLoader() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "onnx-fuzz-loader");
          t.setDaemon(true);
          return t;
        });
  }
}
