package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of {@link IdxReader} with Jazzer: whatever the bytes, reading them as a
 * file or as a stream either succeeds with an array that holds exactly the bytes after the header,
 * or fails with an {@link IOException} whose message names the input; it never allocates more than
 * the input's real length allows, and never hangs.
 *
 * <p>Without {@code JAZZER_FUZZ} (every test run, CI included) the method replays the inputs under
 * {@code
 * src/test/resources/dev/nabla/datasets/IdxReaderFuzzTestInputs/readsAnyBytesOrFailsWithANamedIOException/}:
 * the ones that found bugs and a few well-formed and borderline files. To fuzz for real:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -pl core,datasets test -Dtest=IdxReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnabla.jvmArgs="--add-modules=jdk.incubator.vector -Xss8m -Xmx512m"
 * }</pre>
 *
 * The {@code @FuzzTest}'s {@code maxDuration} bounds the session; Jazzer prints its progress
 * ({@code #N} is the number of inputs tried so far) and writes a finding into the inputs directory,
 * the growing corpus into {@code datasets/.cifuzz-corpus} (not committed). The heap limit keeps the
 * process under libFuzzer's 2 GB RSS limit: without it the heap grows with garbage until libFuzzer
 * calls that a leak.
 */
class IdxReaderFuzzTest {
  /**
   * What a read may allocate besides what the bytes justify: the stream buffers (64 KiB each), the
   * gzip inflater's, exception messages and stack traces.
   */
  static final long ALLOCATION_SLACK = 512 * 1024;

  /**
   * Allocated bytes allowed per byte of (decompressed) input: the payload itself, plus the copies a
   * growing buffer makes when the length is not known in advance (each doubling copies what it
   * holds: at most twice the final size in total).
   */
  static final long BYTES_PER_INPUT_BYTE = 4;

  /**
   * How long one read may take before it counts as a hang: inputs are a few kilobytes at most, read
   * in milliseconds; the bound leaves room for a loaded machine.
   */
  static final long SECONDS_PER_READ = 10;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static Path dir;

  /**
   * The thread the reads run on, so that each one is bounded in time (a JUnit or Jazzer timeout
   * would bound a whole fuzzing session, not one input) and its allocations are counted alone.
   * Replaced after a hang, which leaves the old one stuck.
   */
  private static ExecutorService reader = newReader();

  @AfterAll
  static void deleteTheScratchFileAndStopTheReader() throws IOException {
    reader.shutdownNow();
    if (dir != null) {
      Files.deleteIfExists(dir.resolve("fuzz-idx3-ubyte"));
      Files.deleteIfExists(dir);
    }
  }

  @FuzzTest(maxDuration = "3m")
  void readsAnyBytesOrFailsWithANamedIOException(byte[] input) throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("idx-fuzz");
    }
    Path file = Files.write(dir.resolve("fuzz-idx3-ubyte"), input);
    long justified =
        ALLOCATION_SLACK + BYTES_PER_INPUT_BYTE * (input.length + inflatedLength(input));

    Read fromFile = measured(() -> IdxReader.read(file));
    if (fromFile.error() != null) {
      assertThat(fromFile.error().getMessage())
          .as("message of %s", fromFile.error())
          .startsWith(file.toString());
    }
    assertThat(fromFile.allocated())
        .as("bytes allocated reading a file of %d bytes", input.length)
        .isLessThanOrEqualTo(justified);

    Read fromStream = measured(() -> IdxReader.read(new ByteArrayInputStream(input), "fuzz input"));
    if (fromStream.error() != null) {
      assertThat(fromStream.error().getMessage())
          .as("message of %s", fromStream.error())
          .startsWith("fuzz input: ");
    }
    assertThat(fromStream.allocated())
        .as("bytes allocated reading a stream of %d bytes", input.length)
        .isLessThanOrEqualTo(justified);

    // A file and a stream of the same bytes are the same data: both fail or both give one array.
    assertThat(fromStream.array()).isEqualTo(fromFile.array());
    if (fromFile.array() != null) {
      assertAccountsForEveryByte(fromFile.array(), input);
    }
  }

  /** A read's result or its IOException, and the bytes it allocated. */
  private record Read(IdxArray array, IOException error, long allocated) {}

  @FunctionalInterface
  private interface Reader {
    IdxArray read() throws IOException;
  }

  /**
   * Reads twice on the reader thread, within {@link #SECONDS_PER_READ} each, and measures the
   * second read: the first one loads and initialises the classes of whatever path these bytes take
   * (a one-off cost of the JVM, not of the input). Anything but an IOException propagates.
   */
  private static Read measured(Reader read) {
    bounded(() -> once(read));
    return bounded(
        () -> {
          long before = THREADS.getCurrentThreadAllocatedBytes();
          Read r = once(read);
          return new Read(r.array(), r.error(), THREADS.getCurrentThreadAllocatedBytes() - before);
        });
  }

  private static Read bounded(java.util.concurrent.Callable<Read> call) {
    Future<Read> result = reader.submit(call);
    try {
      return result.get(SECONDS_PER_READ, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      reader = newReader();
      throw new AssertionError(
          "a read did not finish within " + SECONDS_PER_READ + " s: a hang", e);
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
      throw new AssertionError("interrupted while waiting for a read", e);
    }
  }

  private static ExecutorService newReader() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "idx-fuzz-reader");
          t.setDaemon(true);
          return t;
        });
  }

  private static Read once(Reader reader) {
    try {
      return new Read(reader.read(), null, 0);
    } catch (IOException e) {
      return new Read(null, e, 0);
    }
  }

  /**
   * The array holds exactly the bytes after the header: its length is the product of its
   * dimensions, which the reader took from the header it also checked, and which match the
   * (decompressed) input's length.
   */
  private static void assertAccountsForEveryByte(IdxArray a, byte[] input) throws IOException {
    byte[] raw = isGzip(input) ? inflate(input) : input;
    int header = 4 + 4 * a.rank();
    assertThat(raw.length).isEqualTo(header + a.data().length);
    assertThat(raw[2] & 0xff).isEqualTo(IdxReader.UBYTE);
    assertThat(raw[3] & 0xff).isEqualTo(a.rank());
    for (int i = 0; i < a.data().length; i++) {
      if (raw[header + i] != a.data()[i]) {
        throw new AssertionError("payload byte " + i + " differs from input byte " + (header + i));
      }
    }
  }

  private static boolean isGzip(byte[] input) {
    return input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
  }

  /**
   * How many bytes the input decompresses to before its first error (0 when it is not gzip): what a
   * reader of gzip data can justify holding. Counted with the JDK's inflater directly, in chunks.
   */
  private static long inflatedLength(byte[] input) {
    if (!isGzip(input)) {
      return 0;
    }
    long n = 0;
    byte[] chunk = new byte[8192];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
      for (int r; (r = in.read(chunk)) > 0; ) {
        n += r;
      }
    } catch (IOException e) {
      // what was inflated before the error is what a reader can have seen
    }
    return n;
  }

  private static byte[] inflate(byte[] input) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
      return in.readAllBytes();
    }
  }
}
