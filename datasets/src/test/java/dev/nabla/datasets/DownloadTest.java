package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nabla.datasets.internal.Downloader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download path against a local HTTP server serving the real (embedded) MNIST test files:
 * /good/ serves them, /drop/ breaks off half-way through the body, /stall/ never finishes, anything
 * else is a 404.
 */
class DownloadTest {
  private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
  private static final String LABELS = "t10k-labels-idx1-ubyte.gz";

  /** md5 of the embedded files (see PROVENANCE.md). */
  private static final Map<String, String> MD5 =
      Map.of(
          IMAGES, "2c57910da66b1e3036e350d10c8c03e1", LABELS, "cb1dbc8694c1ed44a28edef0c01aec2a");

  private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

  @TempDir Path tmp;
  private HttpServer server;
  private ExecutorService executor;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private String base;

  @BeforeAll
  static void readFiles() throws IOException {
    for (String name : List.of(IMAGES, LABELS)) {
      try (InputStream in =
          DownloadTest.class.getResourceAsStream("/dev/nabla/datasets/mnist/" + name)) {
        FILES.put(name, in.readAllBytes());
      }
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String[] parts = ex.getRequestURI().getPath().split("/");
    String mode = parts.length > 1 ? parts[1] : "";
    byte[] body = parts.length > 2 ? FILES.get(parts[2]) : null;
    if (body == null || !List.of("good", "drop", "stall").contains(mode)) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(200, body.length);
    OutputStream out = ex.getResponseBody();
    switch (mode) {
      case "good" -> {
        out.write(body);
        out.close();
      }
      case "drop" -> {
        out.write(body, 0, body.length / 2);
        out.flush();
        // Throwing out of the handler makes the server close the connection mid-body.
        throw new IOException("test server drops the connection");
      }
      default -> {
        out.write(body, 0, 1000);
        out.flush();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
      }
    }
  }

  private static Downloader.Settings quick() {
    return new Downloader.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), false);
  }

  private static List<Path> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void goodChecksumPutsTheFileInTheCache() throws IOException {
    Path cache = tmp.resolve("cache");
    Path got =
        Downloader.download(List.of(base + "/good/"), LABELS, MD5.get(LABELS), cache, quick());
    assertThat(got).isEqualTo(cache.resolve(LABELS));
    assertThat(Files.readAllBytes(got)).isEqualTo(FILES.get(LABELS));
    assertThat(listing(cache)).containsExactly(got);
    if (got.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(got)).contains(PosixFilePermission.OTHERS_READ);
    }
  }

  @Test
  void badChecksumFailsNamingTheUrlAndBothChecksumsAndKeepsNothing() throws IOException {
    Path cache = tmp.resolve("cache");
    String wrong = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(
            () -> Downloader.download(List.of(base + "/good"), LABELS, wrong, cache, quick()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(base + "/good/" + LABELS)
        .hasMessageContaining("checksum mismatch for " + LABELS)
        .hasMessageContaining("expected md5 " + wrong)
        .hasMessageContaining("got " + MD5.get(LABELS))
        .hasMessageContaining("the file was not kept");
    assertThat(listing(cache)).isEmpty();
  }

  @Test
  void connectionDroppedMidBodyLeavesNoPartialFileAndKeepsOtherFiles() throws IOException {
    Path cache = tmp.resolve("cache");
    Files.createDirectories(cache);
    Path other = Files.write(cache.resolve(LABELS), FILES.get(LABELS));
    assertThatThrownBy(
            () ->
                Downloader.download(
                    List.of(base + "/drop/"), IMAGES, MD5.get(IMAGES), cache, quick()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(base + "/drop/" + IMAGES)
        .hasMessageContaining("download broke off after")
        .hasMessageContaining("of " + FILES.get(IMAGES).length);
    assertThat(listing(cache)).containsExactly(other);
    assertThat(Files.readAllBytes(other)).isEqualTo(FILES.get(LABELS));
  }

  @Test
  void stalledServerHitsTheReadTimeoutInsteadOfHanging() throws IOException {
    Path cache = tmp.resolve("cache");
    var settings = new Downloader.Settings(Duration.ofSeconds(2), Duration.ofMillis(300), false);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                Downloader.download(
                    List.of(base + "/stall/"), IMAGES, MD5.get(IMAGES), cache, settings))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "download broke off after 1000 of " + FILES.get(IMAGES).length + " bytes")
        .hasMessageContaining("timed out");
    // a hang guard, not a speed claim: the 300 ms read timeout must fire long before this
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(20_000);
    assertThat(listing(cache)).isEmpty();
  }

  @Test
  void mirrorsAreTriedInOrderUntilOneServesTheFile() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path cache = tmp.resolve("cache");
    List<String> mirrors =
        List.of("http://127.0.0.1:" + closedPort + "/", base + "/missing/", base + "/good/");
    Path got = Downloader.download(mirrors, LABELS, MD5.get(LABELS), cache, quick());
    assertThat(Files.readAllBytes(got)).isEqualTo(FILES.get(LABELS));

    assertThatThrownBy(
            () ->
                Downloader.download(mirrors.subList(0, 2), IMAGES, MD5.get(IMAGES), cache, quick()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot download " + IMAGES + " into " + cache)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining(base + "/missing/" + IMAGES + ": HTTP 404");
  }

  @Test
  void mnistDownloadsIntoTheCacheWithAProgressBarThenReadsTheCache() throws IOException {
    Path cacheRoot = tmp.resolve("cache");
    LoadOptions options =
        LoadOptions.defaults()
            .cacheDir(cacheRoot)
            .mirrors(base + "/good/")
            .checksums(MD5)
            .download(true);
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Mnist downloaded;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      downloaded = Mnist.test(options);
    } finally {
      System.setErr(stderr);
    }
    assertThat(downloaded.origin()).isEqualTo(Origin.DOWNLOAD);
    assertThat(downloaded.size()).isEqualTo(10_000);
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains(IMAGES).contains(LABELS);
    assertThat(md5Of(cacheRoot.resolve("mnist").resolve(IMAGES))).isEqualTo(MD5.get(IMAGES));
    assertThat(listing(cacheRoot.resolve("mnist"))).hasSize(2);

    int served = requests.get();
    Mnist cached = Mnist.test(options.quiet(true));
    assertThat(cached.origin()).isEqualTo(Origin.CACHE);
    assertThat(requests.get()).as("requests after the download").isEqualTo(served);
  }

  @Test
  void mnistChecksPublishedChecksumsAndFailsInsteadOfUsingTheEmbeddedCopy() throws IOException {
    // The embedded files are re-compressed, so they do not match torchvision's published md5 sums.
    Path cacheRoot = tmp.resolve("cache");
    LoadOptions options =
        LoadOptions.defaults()
            .cacheDir(cacheRoot)
            .mirrors(base + "/good/")
            .quiet(true)
            .download(true);
    assertThatThrownBy(() -> Mnist.test(options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST test split not found")
        .hasMessageContaining("The download failed")
        .hasMessageContaining(base + "/good/" + IMAGES)
        .hasMessageContaining("expected md5 " + Mnist.MD5.get(IMAGES))
        .hasMessageContaining("got " + MD5.get(IMAGES));
    assertThat(listing(cacheRoot.resolve("mnist"))).isEmpty();

    assertThat(Mnist.test(options.download(false)).origin()).isEqualTo(Origin.EMBEDDED);
  }

  @Test
  void withoutDownloadTheMirrorsAreNeverContacted() throws IOException {
    LoadOptions options =
        LoadOptions.defaults()
            .cacheDir(tmp.resolve("cache"))
            .mirrors(base + "/good/")
            .checksums(MD5);
    assertThat(Mnist.test(options).origin()).isEqualTo(Origin.EMBEDDED);
    Path empty = tmp.resolve("empty");
    assertThatThrownBy(() -> Mnist.test(options.dataDir(empty))).isInstanceOf(IOException.class);
    assertThat(requests.get()).isZero();
  }

  @Test
  void downloadWithADataDirFetchesIntoIt() throws IOException {
    Path dir = tmp.resolve("mine");
    LoadOptions options =
        LoadOptions.defaults()
            .cacheDir(tmp.resolve("cache"))
            .dataDir(dir)
            .mirrors(base + "/good/")
            .checksums(MD5)
            .quiet(true)
            .download(true);
    Mnist m = Mnist.test(options);
    assertThat(m.origin()).isEqualTo(Origin.DOWNLOAD);
    assertThat(listing(dir)).hasSize(2);
    assertThat(Mnist.test(options.download(false)).origin()).isEqualTo(Origin.DATA_DIR);
  }

  @Test
  void mirrorsComeFromTheSystemPropertyToo() throws IOException {
    String key = "nabla.mirrors.mnist";
    String before = System.getProperty(key);
    try {
      System.setProperty(key, base + "/good/");
      Mnist m =
          Mnist.test(
              LoadOptions.defaults()
                  .cacheDir(tmp.resolve("cache"))
                  .checksums(MD5)
                  .quiet(true)
                  .download(true));
      assertThat(m.origin()).isEqualTo(Origin.DOWNLOAD);
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** The md5 of a file, as lower-case hex. */
  private static String md5Of(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
