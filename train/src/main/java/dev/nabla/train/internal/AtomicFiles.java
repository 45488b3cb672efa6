package dev.nabla.train.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old content or the whole new one: the bytes go to a
 * temporary file beside the target, are forced to disk, and the temporary file is then renamed over
 * the target with {@code ATOMIC_MOVE}. A failure on the way deletes the temporary file and leaves
 * the target untouched; the file a killed process could not delete is removed by the next write (or
 * {@link #removeStaleTemporaries}) of the same target.
 */
public final class AtomicFiles {
  /** What follows a target's {@link #tempPrefix}: {@code <machine>-<pid>.<random>.tmp}. */
  private static final Pattern TEMP_SUFFIX =
      Pattern.compile("([0-9a-f]{8})-([0-9]{1,18})\\.[0-9a-z]+\\.tmp");

  /**
   * This machine and boot, as 8 hex digits (a CRC32C of the host name and the kernel's boot id): a
   * process id means something only on the machine, container and boot that issued it, so a
   * temporary file written elsewhere (a shared or network folder, another container) is never
   * judged by a local process id, and never removed.
   */
  public static final String MACHINE = machineTag();

  private static String machineTag() {
    StringBuilder id = new StringBuilder();
    for (String f : new String[] {"/proc/sys/kernel/hostname", "/proc/sys/kernel/random/boot_id"}) {
      try {
        id.append(Files.readString(Path.of(f)).strip()).append('/');
      } catch (IOException | RuntimeException e) {
        id.append('?').append('/');
      }
    }
    String env = System.getenv("HOSTNAME");
    id.append(env == null ? "" : env);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /**
   * How much later than a temporary file's last write a live process with the writer's id must have
   * started to count as another process that reuses the id: the start time and the file time come
   * from different clocks (the kernel's boot time plus ticks, the file system's), so a few seconds
   * of slack keep a live writer's file from ever being taken for a dead one's.
   */
  private static final Duration PID_REUSE_SLACK = Duration.ofSeconds(5);

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
   * Creates an empty temporary file {@code .<name>.<machine>-<pid>.<random>.tmp} beside {@code
   * file}, where {@code <machine>} is {@link #MACHINE} and {@code <pid>} this process's id,
   * creating the directory when missing, after {@link #removeStaleTemporaries removing} the
   * temporary files of dead writers of the same target. Unlike {@link Files#createTempFile}, which
   * makes the file readable by its owner only, it gets the permissions of any new file (the
   * umask's), which the target then has after the rename.
   */
  public static Path newTempFile(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(file);
    String prefix = tempPrefix(file) + MACHINE + "-" + ProcessHandle.current().pid() + ".";
    while (true) {
      long id = ThreadLocalRandom.current().nextLong() >>> 1;
      Path tmp = dir.resolve(prefix + Long.toString(id, 36) + ".tmp");
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        // another writer picked the same name: draw again
      }
    }
  }

  /**
   * Deletes the temporary files that writers of {@code file} which no longer run left beside it (a
   * process killed during a write, by SIGKILL or a power cut, cannot delete its own): those whose
   * process id, in the name, belongs to no live process, or to one that started after the file was
   * last written (the id was reused, as a container's processes reuse the same few ids). A live
   * writer's file, of this process or another, stays. Best effort: a file that cannot be deleted,
   * or a directory that cannot be listed, is left as it is, without an error.
   */
  public static void removeStaleTemporaries(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String prefix = tempPrefix(file);
    try (DirectoryStream<Path> temps =
        Files.newDirectoryStream(
            dir,
            p -> {
              String name = p.getFileName().toString();
              return name.startsWith(prefix) && name.endsWith(".tmp");
            })) {
      for (Path tmp : temps) {
        String name = tmp.getFileName().toString();
        Matcher m = TEMP_SUFFIX.matcher(name.substring(prefix.length()));
        if (m.matches()
            && m.group(1).equals(MACHINE)
            && writerIsGone(tmp, Long.parseLong(m.group(2)))) {
          Files.deleteIfExists(tmp);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // best effort: the stale file costs disk space, never correctness
    }
  }

  private static boolean writerIsGone(Path tmp, long pid) throws IOException {
    Optional<ProcessHandle> writer = ProcessHandle.of(pid);
    if (writer.isEmpty() || !writer.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = writer.get().info().startInstant();
    return started.isPresent()
        && started.get().isAfter(Files.getLastModifiedTime(tmp).toInstant().plus(PID_REUSE_SLACK));
  }

  private static String tempPrefix(Path file) {
    return "." + file.getFileName() + ".";
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
