package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nabla.datasets.internal.Downloader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nabla-datasets reports through {@code System.Logger} (here backed by java.util.logging, the JDK's
 * default), never by printing to stderr itself: where the data came from is one INFO record per
 * dataset and source (DEBUG with {@code quiet(true)}); nothing touches the network unless a
 * download is asked for, and a download that was asked for and fails fails the load instead of
 * falling back; a mirror that fails before another serves the file is a DEBUG record.
 */
class DatasetLoggingTest {
  private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String LABELS_MD5 = "cb1dbc8694c1ed44a28edef0c01aec2a";

  @TempDir Path tmp;
  private HttpServer server;
  private String base;
  private final java.util.concurrent.atomic.AtomicInteger requests =
      new java.util.concurrent.atomic.AtomicInteger();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("dev.nabla.datasets");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level levelBefore;
  private boolean parentHandlersBefore;

  /** /good/ serves the embedded labels file; every other path is a 404. */
  @BeforeEach
  void start() throws IOException {
    byte[] labels;
    try (InputStream in = Mnist.class.getResourceAsStream("/dev/nabla/datasets/mnist/" + LABELS)) {
      labels = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          if (ex.getRequestURI().getPath().equals("/good/" + LABELS)) {
            ex.sendResponseHeaders(200, labels.length);
            ex.getResponseBody().write(labels);
          } else {
            ex.sendResponseHeaders(404, -1);
          }
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();

    levelBefore = logger.getLevel();
    parentHandlersBefore = logger.getUseParentHandlers();
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false); // keep the console quiet: the records are asserted instead
    logger.addHandler(capture);
    Locator.forgetAnnounced();
  }

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(parentHandlersBefore);
    logger.setLevel(levelBefore);
    server.stop(0);
  }

  @Test
  void withoutDownloadTheMirrorsAreNeverContactedAndTheSourceIsOneInfoLine() throws IOException {
    LoadOptions options =
        LoadOptions.defaults().cacheDir(tmp.resolve("cache")).mirrors(base + "/good/");

    String stderr =
        capturingStderr(
            () -> {
              assertThat(Mnist.train(options).origin()).isEqualTo(Origin.EMBEDDED);
              assertThat(Mnist.test(options).origin()).isEqualTo(Origin.EMBEDDED);
            });

    assertThat(requests.get()).as("HTTP requests").isZero();
    assertThat(stderr).as("printed to stderr").isEmpty();
    assertThat(atOrAbove(Level.INFO))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.INFO);
              assertThat(r.getMessage())
                  .doesNotContain("\n")
                  .contains(
                      "MNIST from the copy embedded in nabla-datasets",
                      "10,000 of the 60,000",
                      "--download");
            });
  }

  @Test
  void aDataDirSourceIsNamedOnceForBothSplits() throws IOException {
    Path dir = tmp.resolve("digits");
    for (String split : new String[] {"train", "t10k"}) {
      IdxFiles.ubyte(dir.resolve(split + "-images-idx3-ubyte"), new byte[2 * 784], 2, 28, 28);
      IdxFiles.ubyte(dir.resolve(split + "-labels-idx1-ubyte.gz"), new byte[] {1, 2}, 2);
    }
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).dataDir(dir);

    Mnist.train(options);
    Mnist.test(options);

    assertThat(atOrAbove(Level.INFO))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getMessage())
                    .isEqualTo("nabla: MNIST from " + dir + " (the data dir)"));
  }

  @Test
  void aDownloadThatWasAskedForAndFailsFailsTheLoadInsteadOfFallingBack() {
    LoadOptions options =
        LoadOptions.defaults()
            .cacheDir(tmp.resolve("cache"))
            .mirrors(base + "/missing/")
            .download(true);

    assertThatThrownBy(() -> Mnist.test(options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST test split not found")
        .hasMessageContaining("The download failed")
        .hasMessageContaining(base + "/missing/")
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("use the embedded copy (10,000 training digits): drop --download");
    assertThat(requests.get()).isPositive();
    assertThat(atOrAbove(Level.WARNING)).isEmpty();
  }

  @Test
  void quietTurnsTheSourceLineIntoADebugRecord() throws IOException {
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).quiet(true);

    String stderr =
        capturingStderr(() -> assertThat(Mnist.test(options).origin()).isEqualTo(Origin.EMBEDDED));

    assertThat(stderr).isEmpty();
    assertThat(atOrAbove(Level.INFO)).isEmpty();
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.FINE); // System.Logger.Level.DEBUG
              assertThat(r.getMessage()).contains("MNIST from the copy embedded");
            });
  }

  @Test
  void aMirrorThatFailsBeforeAnotherServesTheFileIsADebugRecordOnly() throws IOException {
    var settings = new Downloader.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), false);

    Path got =
        Downloader.download(
            List.of(base + "/missing/", base + "/good/"),
            LABELS,
            LABELS_MD5,
            tmp.resolve("cache"),
            settings);

    assertThat(got).exists();
    assertThat(atOrAbove(Level.INFO)).isEmpty();
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.FINE);
              assertThat(r.getMessage())
                  .contains(base + "/missing/" + LABELS + ": HTTP 404", "trying the next mirror");
            });
  }

  @Test
  void austensNovelsNameTheirSourceInOneInfoLineOncePerSource() throws IOException {
    String stderr =
        capturingStderr(
            () -> {
              assertThat(Austen.load().origin()).isEqualTo(Origin.EMBEDDED);
              assertThat(Austen.load().origin()).isEqualTo(Origin.EMBEDDED);
            });
    assertThat(stderr).as("printed to stderr").isEmpty();
    assertThat(atOrAbove(Level.INFO))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getMessage())
                    .isEqualTo(
                        "nabla: Jane Austen's novels from the copy embedded in nabla-datasets"));
  }

  private List<LogRecord> atOrAbove(Level level) {
    return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static String capturingStderr(IoAction action) throws IOException {
    PrintStream before = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      action.run();
    } finally {
      System.setErr(before);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
