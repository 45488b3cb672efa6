package dev.nabla.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads one file from a list of mirrors into a directory, safely: the bytes go to a temporary
 * file in the target directory while their md5 is computed; only a complete file with the expected
 * checksum is fsynced and renamed into place atomically. On any failure the temporary file is
 * deleted and nothing else in the directory is touched, so the directory never holds a partial or
 * corrupt file under the real name.
 */
public final class Downloader {
  /** Hosts ({@code host:port}) that could not be reached in this JVM: not tried again. */
  private static final Set<String> UNREACHABLE = ConcurrentHashMap.newKeySet();

  /** nabla-datasets' logger (see {@code Locator}). */
  private static final System.Logger LOG = System.getLogger("dev.nabla.datasets");

  /**
   * How to download.
   *
   * @param connectTimeout the longest wait for a connection
   * @param readTimeout the longest wait for any single read (a stalled server fails after it)
   * @param progress whether to draw a progress bar on stderr
   */
  public record Settings(Duration connectTimeout, Duration readTimeout, boolean progress) {}

  private Downloader() {}

  /**
   * Downloads {@code fileName} from the first mirror that serves it with the expected md5 into
   * {@code dir/fileName}; returns that path.
   *
   * @param mirrors base URLs, each followed by {@code fileName} (a slash is added if missing)
   * @throws IOException naming each URL tried and why it failed (HTTP status, connection error,
   *     truncated body, checksum mismatch with both sums)
   */
  public static Path download(
      List<String> mirrors, String fileName, String md5, Path dir, Settings settings)
      throws IOException {
    if (mirrors.isEmpty()) {
      throw new IOException("cannot download " + fileName + ": no mirror configured");
    }
    Path target = dir.resolve(fileName);
    List<String> failures = new ArrayList<>();
    IOException first = null;
    for (String mirror : mirrors) {
      URI uri;
      try {
        uri = URI.create(mirror.endsWith("/") ? mirror + fileName : mirror + "/" + fileName);
      } catch (IllegalArgumentException e) {
        failures.add(mirror + ": not a URL (" + e.getMessage() + ")");
        continue;
      }
      String host = uri.getHost() + ":" + uri.getPort();
      if (UNREACHABLE.contains(host)) {
        failures.add(uri + ": skipped, its host could not be reached earlier");
        continue;
      }
      try {
        fetch(uri, fileName, md5, dir, target, settings);
        return target;
      } catch (IOException e) {
        // only a debug record: the next mirror may serve the file, and if none does the exception
        // thrown below names every failure
        LOG.log(Level.DEBUG, () -> "nabla: " + e.getMessage() + "; trying the next mirror, if any");
        failures.add(e.getMessage());
        if (first == null) {
          first = e;
        }
      }
    }
    throw new IOException(
        "cannot download " + fileName + " into " + dir + ":\n  " + String.join("\n  ", failures),
        first);
  }

  private static void fetch(
      URI uri, String fileName, String md5, Path dir, Path target, Settings settings)
      throws IOException {
    URLConnection raw = uri.toURL().openConnection();
    if (!(raw instanceof HttpURLConnection connection)) {
      throw new IOException(uri + ": only http and https mirrors are supported");
    }
    connection.setConnectTimeout(millis(settings.connectTimeout()));
    connection.setReadTimeout(millis(settings.readTimeout()));
    connection.setInstanceFollowRedirects(true);
    connection.setRequestProperty("User-Agent", "nabla-datasets");
    try {
      try {
        connection.connect();
      } catch (IOException e) {
        UNREACHABLE.add(uri.getHost() + ":" + uri.getPort());
        throw new IOException(uri + ": cannot connect: " + e, e);
      }
      int status;
      try {
        status = connection.getResponseCode();
      } catch (IOException e) {
        throw new IOException(uri + ": no HTTP response: " + e, e);
      }
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException(uri + ": HTTP " + status + " " + connection.getResponseMessage());
      }
      long expectedLength = connection.getContentLengthLong();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + fileName + ".", ".part");
      boolean kept = false;
      try {
        receive(connection, uri, fileName, md5, temp, expectedLength, settings);
        readableByAll(temp);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        kept = true;
      } finally {
        if (!kept) {
          Files.deleteIfExists(temp);
        }
      }
      syncDirectory(dir);
    } finally {
      connection.disconnect();
    }
  }

  /** Streams the body into {@code temp}, hashing it; checks length and md5, then fsyncs. */
  private static void receive(
      HttpURLConnection connection,
      URI uri,
      String fileName,
      String md5,
      Path temp,
      long expectedLength,
      Settings settings)
      throws IOException {
    MessageDigest digest = md5();
    long total = 0;
    try (InputStream in = connection.getInputStream();
        FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE);
        Progress progress = Progress.start(fileName, expectedLength, settings.progress())) {
      byte[] buf = new byte[1 << 16];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          throw new IOException(
              uri
                  + ": download broke off after "
                  + total
                  + (expectedLength >= 0 ? " of " + expectedLength : "")
                  + " bytes: "
                  + e,
              e);
        }
        if (n < 0) {
          break;
        }
        digest.update(buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        total += n;
        progress.update(total);
      }
      if (expectedLength >= 0 && total != expectedLength) {
        throw new IOException(
            uri + ": download broke off after " + total + " of " + expectedLength + " bytes");
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase(md5)) {
        throw new IOException(
            uri
                + ": checksum mismatch for "
                + fileName
                + ": expected md5 "
                + md5
                + ", got "
                + actual
                + " ("
                + total
                + " bytes); the file was not kept");
      }
      out.force(true);
    }
  }

  /** Temporary files are created owner-only; a cached data file is readable by all, as usual. */
  private static void readableByAll(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** Makes the rename durable; not every platform can open a directory, which is fine. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the file itself was synced before the rename.
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JDK has no MD5 digest, which every JDK must provide", e);
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
