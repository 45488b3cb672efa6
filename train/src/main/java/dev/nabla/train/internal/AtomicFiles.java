package dev.nabla.train.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the whole new one: the bytes go to a
 * temporary file beside the target, are forced to disk, and the temporary file is then renamed over
 * the target with {@code ATOMIC_MOVE}. A failure on the way deletes the temporary file and leaves
 * the target untouched.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the new content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Replaces {@code file} atomically by what {@code writer} writes. */
  public static void write(Path file, Writer writer) throws IOException {
    Path tmp = newTempFile(file);
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch))) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      moveOver(tmp, file);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Creates an empty temporary file {@code .<name>.<random>.tmp} beside {@code file}, creating the
   * directory when missing. Unlike {@link Files#createTempFile}, which makes the file readable by
   * its owner only, it gets the permissions of any new file (the umask's), which the target then
   * has after the rename.
   */
  public static Path newTempFile(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    while (true) {
      long id = ThreadLocalRandom.current().nextLong() >>> 1;
      Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toString(id, 36) + ".tmp");
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        // another writer picked the same name: draw again
      }
    }
  }

  /** Renames {@code tmp} over {@code file} atomically, then makes the rename durable. */
  public static void moveOver(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + file + " atomically on this file system", e);
    }
    forceDirectory(tmp.getParent());
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename itself durable on Linux; not every platform can open a directory.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // the data is already on disk; only the directory entry's durability is best effort
    }
  }
}
