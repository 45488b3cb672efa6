package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;

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
 * default), never by printing to stderr itself: a failed download that falls back to the embedded
 * MNIST is one WARNING record, a DEBUG one with {@code quiet(true)}, and a mirror that fails before
 * another serves the file is a DEBUG record.
 */
class DatasetLoggingTest {
  private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String LABELS_MD5 = "cb1dbc8694c1ed44a28edef0c01aec2a";

  @TempDir Path tmp;
  private HttpServer server;
  private String base;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("dev.nabla.datasets");
  private final Handler capture = new Handler() {
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
    server.createContext("/", ex -> {
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
  }

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(parentHandlersBefore);
    logger.setLevel(levelBefore);
    server.stop(0);
  }

  @Test
  void fallingBackToTheEmbeddedCopyIsOneWarningRecordAndNothingPrintedToStderr() throws IOException {
    LoadOptions options = LoadOptions.defaults().cacheDir(tmp.resolve("cache")).mirrors(base + "/missing/");

    String stderr = capturingStderr(() -> assertThat(Mnist.test(options).origin()).isEqualTo(Origin.EMBEDDED));

    assertThat(stderr).as("printed to stderr").isEmpty();
    List<LogRecord> warnings = atOrAbove(Level.WARNING);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst().getMessage())
        .contains("could not download MNIST", base + "/missing/", "HTTP 404", "using the embedded copy");
  }

  @Test
  void quietTurnsTheFallbackIntoADebugRecord() throws IOException {
    LoadOptions options =
        LoadOptions.defaults().cacheDir(tmp.resolve("cache")).mirrors(base + "/missing/").quiet(true);

    String stderr = capturingStderr(() -> assertThat(Mnist.test(options).origin()).isEqualTo(Origin.EMBEDDED));

    assertThat(stderr).isEmpty();
    assertThat(atOrAbove(Level.INFO)).isEmpty();
    assertThat(records).anySatisfy(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.FINE); // System.Logger.Level.DEBUG
      assertThat(r.getMessage()).contains("using the embedded copy");
    });
  }

  @Test
  void aMirrorThatFailsBeforeAnotherServesTheFileIsADebugRecordOnly() throws IOException {
    var settings = new Downloader.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), false);

    Path got = Downloader.download(
        List.of(base + "/missing/", base + "/good/"), LABELS, LABELS_MD5, tmp.resolve("cache"), settings);

    assertThat(got).exists();
    assertThat(atOrAbove(Level.INFO)).isEmpty();
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.FINE);
      assertThat(r.getMessage()).contains(base + "/missing/" + LABELS + ": HTTP 404", "trying the next mirror");
    });
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
