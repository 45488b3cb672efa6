package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * Coverage-guided fuzzing of {@link Safetensors#load} with Jazzer: whatever the bytes, loading them
 * either gives tensors that tile the file's data area exactly and survive a save and a load
 * unchanged, or fails with an {@link IOException} whose message names the file; it never allocates
 * more than the file's real length allows, and never hangs.
 *
 * <p>Without {@code JAZZER_FUZZ} (every test run, CI included) the method replays the inputs under
 * {@code
 * src/test/resources/dev/nabla/train/SafetensorsFuzzTestInputs/loadsAnyBytesOrFailsWithANamedIOException/}:
 * the ones that found bugs and a few well-formed and borderline files. To fuzz for real:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -pl core,layers,losses,optim,datasets,train test -Dtest=SafetensorsFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnabla.jvmArgs="--add-modules=jdk.incubator.vector -Xss8m -Xmx512m"
 * }</pre>
 *
 * The {@code @FuzzTest}'s {@code maxDuration} bounds the session; Jazzer prints its progress
 * ({@code #N} is the number of inputs tried so far) and writes a finding into the inputs directory,
 * the growing corpus into {@code train/.cifuzz-corpus} (not committed). The heap limit keeps the
 * process under libFuzzer's 2 GB RSS limit.
 */
class SafetensorsFuzzTest {
  /**
   * What a load may allocate besides what the bytes justify: the 8-byte length buffer, Jackson's
   * parser buffers, exception messages and stack traces.
   */
  static final long ALLOCATION_SLACK = 1024 * 1024;

  /**
   * Allocated bytes allowed per byte of file: the header's JSON tree (a node object per token: an
   * empty array {@code []} is two bytes of JSON and about a hundred bytes of heap), the tensors and
   * their bookkeeping.
   */
  static final long BYTES_PER_INPUT_BYTE = 64;

  /**
   * How long one load may take before it counts as a hang: inputs are a few kilobytes at most,
   * loaded in milliseconds; the bound leaves room for a loaded machine.
   */
  static final long SECONDS_PER_LOAD = 10;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static Path dir;

  /**
   * The thread the loads run on, so that each one is bounded in time (a JUnit or Jazzer timeout
   * would bound a whole fuzzing session, not one input) and its allocations are counted alone.
   * Replaced after a hang, which leaves the old one stuck.
   */
  private static ExecutorService loader = newLoader();

  @AfterAll
  static void deleteTheScratchFilesAndStopTheLoader() throws IOException {
    loader.shutdownNow();
    if (dir != null) {
      Files.deleteIfExists(dir.resolve("fuzz.safetensors"));
      Files.deleteIfExists(dir.resolve("again.safetensors"));
      Files.deleteIfExists(dir);
    }
  }

  @DictionaryEntries({
    "{\"",
    "\":{",
    "\"dtype\":\"F32\"",
    "\"dtype\":\"F64\"",
    "\"dtype\":\"I32\"",
    "\"shape\":[",
    "\"data_offsets\":[",
    "\"__metadata__\":{",
    "\"epoch\":\"",
    "],",
    "]}",
    "}}",
    ",",
    "0",
    "2147483647",
    "4294967296",
    "9223372036854775807",
    "-1",
    "1e3",
    "null",
    "true"
  })
  @FuzzTest(maxDuration = "3m")
  void loadsAnyBytesOrFailsWithANamedIOException(byte[] input) throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("safetensors-fuzz");
    }
    Path file = Files.write(dir.resolve("fuzz.safetensors"), input);

    // The first load initialises the classes of whatever path these bytes take (a one-off cost of
    // the JVM, not of the input); the second is measured.
    bounded(() -> new Load(load(file), 0));
    Load measured =
        bounded(
            () -> {
              long before = THREADS.getCurrentThreadAllocatedBytes();
              Safetensors.Contents c = load(file);
              return new Load(c, THREADS.getCurrentThreadAllocatedBytes() - before);
            });
    Safetensors.Contents contents = measured.contents();

    assertThat(measured.allocated())
        .as("bytes allocated loading a file of %d bytes", input.length)
        .isLessThanOrEqualTo(ALLOCATION_SLACK + BYTES_PER_INPUT_BYTE * input.length);
    if (contents != null) {
      assertTilesTheDataArea(contents, input);
      assertSurvivesASaveAndALoad(contents);
    }
  }

  /** The tensor bytes fill the file after its header exactly (the format allows no gap). */
  private static void assertTilesTheDataArea(Safetensors.Contents contents, byte[] input) {
    long headerLen = ByteBuffer.wrap(input, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    long bytes = 0;
    for (Tensor t : contents.tensors().values()) {
      bytes += (long) t.size() * t.dtype().byteSize();
    }
    assertThat(bytes).isEqualTo(input.length - 8 - headerLen);
  }

  /** What was loaded is well-formed tensors: writing them and reading them back changes nothing. */
  private static void assertSurvivesASaveAndALoad(Safetensors.Contents contents)
      throws IOException {
    Path again = dir.resolve("again.safetensors");
    Safetensors.save(again, contents.tensors(), contents.metadata());
    Safetensors.Contents reloaded = Safetensors.load(again);
    assertThat(reloaded.metadata()).isEqualTo(contents.metadata());
    assertThat(reloaded.tensors().keySet()).containsExactlyElementsOf(contents.tensors().keySet());
    for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
      Tensor a = e.getValue(), b = reloaded.tensors().get(e.getKey());
      assertThat(b.dtype()).isEqualTo(a.dtype());
      assertThat(b.shape()).isEqualTo(a.shape());
      boolean same =
          switch (a.dtype()) {
            // bit patterns, not values: NaN payloads and -0.0 must survive too
            case FLOAT32 -> Arrays.equals(floatBits(a), floatBits(b));
            case FLOAT64 -> Arrays.equals(doubleBits(a), doubleBits(b));
            case INT32 -> Arrays.equals(a.intStorage(), b.intStorage());
            case INT64 -> Arrays.equals(a.longStorage(), b.longStorage());
            case BOOL -> Arrays.equals(a.boolStorage(), b.boolStorage());
          };
      assertThat(same).as("values of '%s' after a save and a load", e.getKey()).isTrue();
    }
  }

  private static int[] floatBits(Tensor t) {
    float[] v = t.floatStorage();
    int[] bits = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      bits[i] = Float.floatToRawIntBits(v[i]);
    }
    return bits;
  }

  private static long[] doubleBits(Tensor t) {
    double[] v = t.doubleStorage();
    long[] bits = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      bits[i] = Double.doubleToRawLongBits(v[i]);
    }
    return bits;
  }

  /** What a load gave (null after an IOException) and the bytes it allocated. */
  private record Load(Safetensors.Contents contents, long allocated) {}

  /**
   * Runs {@code call} on the loader thread within {@link #SECONDS_PER_LOAD}; failures propagate.
   */
  private static Load bounded(Callable<Load> call) {
    Future<Load> result = loader.submit(call);
    try {
      return result.get(SECONDS_PER_LOAD, TimeUnit.SECONDS);
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
          Thread t = new Thread(r, "safetensors-fuzz-loader");
          t.setDaemon(true);
          return t;
        });
  }

  /** The contents, or null after an IOException that names the file (anything else propagates). */
  private static Safetensors.Contents load(Path file) {
    try {
      return Safetensors.load(file);
    } catch (IOException e) {
      assertThat(e.getMessage()).as("message of %s", e).startsWith(file.toString());
      return null;
    }
  }
}
