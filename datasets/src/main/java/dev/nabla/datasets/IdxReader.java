package dev.nabla.datasets;

import dev.nabla.datasets.internal.StrictGunzip;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads files in the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by
 * the gzip magic {@code 1f 8b}, whatever the file is called).
 *
 * <p>The format: two zero bytes; a type code (only {@code 0x08}, unsigned byte, is supported); the
 * rank (1 to {@value #MAX_RANK} here); one big-endian int32 per dimension; then the payload,
 * row-major.
 *
 * <p>Every defect fails with an {@link IOException} whose message starts with the file's name and
 * says what is wrong, with the byte offset where there is one: a wrong magic number, an unknown
 * type code, a bad rank, a negative dimension, dimensions whose product (of the nonzero ones, when
 * one is zero) exceeds a Java array, a truncated header or payload, bytes after the payload,
 * corrupt gzip data, bytes after the gzip data (which {@link java.util.zip.GZIPInputStream} would
 * ignore). A header never makes the reader allocate more than the file holds: a raw file's payload
 * size is checked against the file's length before anything is allocated, and a gzip file or a
 * stream (whose length is unknown) is read into a buffer that starts at 64 KiB and grows only as
 * data arrives, so a read allocates at most a constant plus a few times the bytes the input really
 * holds.
 */
public final class IdxReader {
  /** The largest rank accepted; MNIST-style files have rank 1 (labels) or 3 (images). */
  public static final int MAX_RANK = 4;

  /** The type code of unsigned bytes, the only one supported. */
  public static final int UBYTE = 0x08;

  /** The largest array most JVMs can allocate. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * The first allocation for a payload of unknown length (gzip, streams); it doubles as data
   * arrives. As small as the stream buffers, so that a header promising megabytes over a few bytes
   * costs no more than those buffers (a 1 MiB first chunk let 14 bytes allocate 460 KB: found by
   * fuzzing).
   */
  private static final int FIRST_CHUNK = 1 << 16;

  private IdxReader() {}

  /** Reads an IDX file, raw or gzip. */
  public static IdxArray read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("IdxReader.read: file must not be null");
    }
    String name = file.toString();
    long length;
    try {
      length = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(name, null, "IDX file not found");
    }
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, name, length);
    }
  }

  /**
   * Reads IDX data, raw or gzip, from a stream (not closed here); {@code name} (a file name, a
   * resource path) starts every error message.
   */
  public static IdxArray read(InputStream in, String name) throws IOException {
    if (in == null || name == null) {
      throw new IllegalArgumentException(
          "IdxReader.read: stream and name must not be null, got name=" + name);
    }
    return read(new BufferedInputStream(in, 1 << 16), name, -1);
  }

  private static IdxArray read(BufferedInputStream in, String name, long length)
      throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      StrictGunzip gz;
      try {
        gz = new StrictGunzip(in, length);
      } catch (EOFException e) {
        throw new IOException(name + ": truncated gzip header", e);
      } catch (ZipException e) {
        throw new IOException(name + ": corrupt gzip header: " + e.getMessage(), e);
      }
      try (gz) {
        return new Parser(gz, name, -1, true).parse();
      }
    }
    return new Parser(in, name, length, false).parse();
  }

  /** Reads one IDX stream, tracking the byte offset for error messages. */
  private static final class Parser {
    private final InputStream in;
    private final String name;

    /** The raw file's length, or -1 when unknown (gzip, streams). */
    private final long length;

    private final boolean gzip;
    private long offset;

    Parser(InputStream in, String name, long length, boolean gzip) {
      this.in = in;
      this.name = name;
      this.length = length;
      this.gzip = gzip;
    }

    IdxArray parse() throws IOException {
      byte[] magic = new byte[4];
      int got = readUpTo(magic, 0, 4);
      if (got == 0) {
        throw fail("empty " + (gzip ? "after decompression" : "file") + ": no IDX header");
      }
      if (got >= 2 && (magic[0] != 0 || magic[1] != 0) || got == 1 && magic[0] != 0) {
        throw fail(
            String.format(
                "wrong magic number at byte 0: expected 0x00 0x00 followed by a type code, found %s"
                    + " (not an IDX file)",
                hex(magic, Math.min(got, 4))));
      }
      if (got < 4) {
        throw fail(
            "truncated header: the "
                + where()
                + " holds "
                + got
                + " bytes, an IDX header"
                + " needs at least 4");
      }
      int type = magic[2] & 0xff;
      if (type != UBYTE) {
        throw fail(
            String.format(
                "unsupported type code 0x%02X (%s) at byte 2: only 0x08 (unsigned byte) is supported",
                type, typeName(type)));
      }
      int rank = magic[3] & 0xff;
      if (rank < 1 || rank > MAX_RANK) {
        throw fail(
            "unsupported rank " + rank + " at byte 3: expected 1 to " + MAX_RANK + " dimensions");
      }
      int headerBytes = 4 + 4 * rank;
      byte[] dimBytes = new byte[4 * rank];
      got = readUpTo(dimBytes, 0, dimBytes.length);
      if (got < dimBytes.length) {
        throw fail(
            "truncated header: rank "
                + rank
                + " needs "
                + headerBytes
                + " header bytes, the "
                + where()
                + " holds "
                + (4 + got));
      }
      int[] shape = new int[rank];
      BigInteger elements = BigInteger.ONE;
      // The product of the nonzero sizes: [5, 152240137, 318767104, 0] holds no element, but no
      // array (nor tensor) can have those dimensions, whose sub-arrays would not fit (found by
      // fuzzing: such a header used to pass here and fail later with an IllegalArgumentException).
      BigInteger nonZero = BigInteger.ONE;
      for (int k = 0; k < rank; k++) {
        int p = 4 * k;
        shape[k] =
            (dimBytes[p] & 0xff) << 24
                | (dimBytes[p + 1] & 0xff) << 16
                | (dimBytes[p + 2] & 0xff) << 8
                | dimBytes[p + 3] & 0xff;
        if (shape[k] < 0) {
          throw fail("dimension " + k + " at byte " + (4 + p) + " is negative: " + shape[k]);
        }
        elements = elements.multiply(BigInteger.valueOf(shape[k]));
        nonZero = shape[k] == 0 ? nonZero : nonZero.multiply(BigInteger.valueOf(shape[k]));
      }
      if (nonZero.compareTo(BigInteger.valueOf(MAX_ARRAY)) > 0) {
        throw fail(
            "absurd dimensions "
                + Arrays.toString(shape)
                + ": "
                + (elements.signum() == 0 ? "their nonzero sizes multiply to " : "")
                + nonZero
                + " elements, more than the largest Java array ("
                + MAX_ARRAY
                + ")");
      }
      int payload = elements.intValueExact();
      if (length >= 0) {
        long remaining = length - headerBytes;
        if (payload > remaining) {
          throw fail(
              "truncated: header promises "
                  + payload
                  + " payload bytes (dimensions "
                  + Arrays.toString(shape)
                  + "), file holds "
                  + remaining
                  + " after its "
                  + headerBytes
                  + "-byte header");
        }
        if (payload < remaining) {
          throw fail(
              "dimensions "
                  + Arrays.toString(shape)
                  + " account for "
                  + payload
                  + " payload bytes, but the file holds "
                  + remaining
                  + " after its "
                  + headerBytes
                  + "-byte header: "
                  + (remaining - payload)
                  + " extra bytes from byte offset "
                  + (headerBytes + payload));
        }
        byte[] data = new byte[payload];
        got = readUpTo(data, 0, payload);
        if (got < payload) {
          throw fail(
              "truncated at byte offset "
                  + offset
                  + ": header promises "
                  + payload
                  + " payload bytes, file holds "
                  + got
                  + " (it changed while being read)");
        }
        return new IdxArray(shape, data);
      }
      byte[] data = readGrowing(payload, shape, headerBytes);
      int extra = readUpTo(new byte[1], 0, 1);
      if (extra > 0) {
        throw fail(
            "dimensions "
                + Arrays.toString(shape)
                + " account for "
                + payload
                + " payload bytes, but the "
                + where()
                + " holds more: extra data from byte offset "
                + (headerBytes + payload));
      }
      return new IdxArray(shape, data);
    }

    /**
     * Reads exactly {@code payload} bytes into a buffer that starts small and doubles as data
     * arrives, so that a header promising gigabytes over a short stream fails at its end having
     * allocated about twice what the stream held.
     */
    private byte[] readGrowing(int payload, int[] shape, int headerBytes) throws IOException {
      byte[] buf = new byte[Math.min(payload, FIRST_CHUNK)];
      int filled = 0;
      while (filled < payload) {
        if (filled == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(payload, 2L * buf.length));
        }
        int n = readUpTo(buf, filled, buf.length - filled);
        filled += n;
        if (filled < buf.length) {
          throw fail(
              "truncated: header promises "
                  + payload
                  + " payload bytes (dimensions "
                  + Arrays.toString(shape)
                  + "), "
                  + where()
                  + " holds "
                  + filled
                  + " after its "
                  + headerBytes
                  + "-byte header");
        }
      }
      return buf;
    }

    /** Reads until {@code len} bytes or the end; returns how many were read. */
    private int readUpTo(byte[] buf, int off, int len) throws IOException {
      int total = 0;
      while (total < len) {
        int n;
        try {
          n = in.read(buf, off + total, len - total);
        } catch (StrictGunzip.TrailingDataException e) {
          throw fail(e.getMessage(), e);
        } catch (EOFException e) {
          throw fail("truncated gzip stream after " + (offset + total) + " decompressed bytes", e);
        } catch (ZipException e) {
          throw fail(
              "corrupt gzip data after "
                  + (offset + total)
                  + " decompressed bytes: "
                  + e.getMessage(),
              e);
        }
        if (n < 0) {
          break;
        }
        total += n;
      }
      offset += total;
      return total;
    }

    private String where() {
      return gzip ? "decompressed file" : "file";
    }

    private IOException fail(String message) {
      return new IOException(name + ": " + message);
    }

    private IOException fail(String message, Throwable cause) {
      return new IOException(name + ": " + message, cause);
    }
  }

  private static String hex(byte[] bytes, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("0x%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown type";
    };
  }
}
