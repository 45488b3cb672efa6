package dev.nabla.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * Gzipped IDX files read through a decompressed copy in the cache: inflating Fashion-MNIST's 26 MB
 * of training images takes about 0.4 s of CPU, most of a training run's start-up, while reading the
 * 47 MB raw copy back takes a few milliseconds. The copy is kept in {@code
 * <cache>/unpacked/<dataset>/} under the raw file's name followed by the compressed file's length
 * and modification time ({@code train-images-idx3-ubyte.26421856-t1716e0a7c00}; for an embedded
 * resource, its length and CRC-32C), so a changed source never reads a stale copy. Where the data
 * came from ({@link Origin}, the source) is unchanged by the copy. A copy that cannot be written (a
 * read-only cache) or read (a damaged one) is ignored: the compressed file is read as before, and
 * its errors are the ones reported.
 */
final class Unpacked {
  private static final System.Logger LOG = System.getLogger(Locator.LOGGER);

  private Unpacked() {}

  /** Reads {@code file} (raw or gzip), through the copy in {@code dir} when it is gzipped. */
  static IdxArray read(Path file, Path dir) throws IOException {
    if (dir == null || !file.getFileName().toString().endsWith(".gz")) {
      return IdxReader.read(file);
    }
    // A file is keyed on its length and modification time, not read for a checksum: reading the
    // 26 MB of the training images cost 60 ms of the start-up.
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String prefix = plainName(file.getFileName().toString()) + ".";
    Path copy =
        dir.resolve(
            prefix
                + attributes.size()
                + "-t"
                + Long.toHexString(attributes.lastModifiedTime().toMillis()));
    IdxArray array = readCopy(copy);
    if (array != null) {
      return array;
    }
    array = IdxReader.read(file);
    write(array, copy, prefix);
    return array;
  }

  /** The raw copy, or null when there is none or it cannot be read. */
  private static IdxArray readCopy(Path copy) {
    if (Files.isRegularFile(copy)) {
      try {
        return IdxReader.read(copy);
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "nabla: ignoring the unreadable unpacked copy " + copy, e);
      }
    }
    return null;
  }

  /**
   * Reads gzipped (or raw) IDX bytes named {@code name} in errors, through the copy {@code dir /
   * rawName.<key>}.
   */
  static IdxArray read(byte[] compressed, String name, String rawName, Path dir)
      throws IOException {
    if (dir == null || compressed.length < 2 || (compressed[0] & 0xff) != 0x1f) {
      return IdxReader.read(new ByteArrayInputStream(compressed), name);
    }
    CRC32C crc = new CRC32C();
    crc.update(compressed);
    String prefix = rawName + ".";
    Path copy = dir.resolve(prefix + compressed.length + "-" + Long.toHexString(crc.getValue()));
    IdxArray array = readCopy(copy);
    if (array != null) {
      return array;
    }
    array = IdxReader.read(new ByteArrayInputStream(compressed), name);
    write(array, copy, prefix);
    return array;
  }

  /** Writes the raw IDX file atomically, replacing older copies of the same file; never throws. */
  private static void write(IdxArray array, Path copy, String prefix) {
    Path dir = copy.getParent();
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, glob(prefix) + "*")) {
        for (Path p : old) {
          Files.deleteIfExists(p);
        }
      }
      Path tmp = Files.createTempFile(dir, prefix, ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          int[] shape = array.shape();
          byte[] header = new byte[4 + 4 * shape.length];
          header[2] = (byte) IdxReader.UBYTE;
          header[3] = (byte) shape.length;
          for (int k = 0; k < shape.length; k++) {
            for (int b = 0; b < 4; b++) {
              header[4 + 4 * k + b] = (byte) (shape[k] >>> (24 - 8 * b));
            }
          }
          out.write(header);
          out.write(array.data());
        }
        Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "nabla: could not keep an unpacked copy at " + copy, e);
    }
  }

  /** {@code s} with the glob metacharacters escaped. */
  private static String glob(String s) {
    return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
  }

  static String plainName(String gzName) {
    return gzName.endsWith(".gz") ? gzName.substring(0, gzName.length() - 3) : gzName;
  }
}
