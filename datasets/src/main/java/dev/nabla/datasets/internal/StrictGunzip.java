package dev.nabla.datasets.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip data (RFC 1952: one member, or several concatenated) and, unlike {@link
 * java.util.zip.GZIPInputStream}, which stops silently at bytes that do not start another member,
 * fails with a {@link TrailingDataException} on any byte after the last member. Each member's
 * CRC-32 and length are checked. Truncation is an {@link EOFException}, corrupt data a {@link
 * ZipException}. {@link #close()} frees the inflater and leaves the underlying stream open.
 */
public final class StrictGunzip extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  /** Bytes after the last gzip member. */
  public static final class TrailingDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long count;

    TrailingDataException(long offset, long count) {
      super(count + " extra bytes after the gzip data, from byte offset " + offset);
      this.offset = offset;
      this.count = count;
    }

    /** The offset in the compressed input of the first byte after the gzip data. */
    public long offset() {
      return offset;
    }

    /** How many bytes follow the gzip data. */
    public long count() {
      return count;
    }
  }

  private final InputStream in;
  private final long length;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;

  /** Bytes read from {@code in} into {@link #buf} so far. */
  private long filled;

  private long memberSize;
  private boolean eof;

  /**
   * Reads the first member's header.
   *
   * @param in the compressed bytes, starting with the gzip magic
   * @param length the compressed input's length if known (to count trailing bytes without reading
   *     them), else -1
   * @throws EOFException if the header is cut short
   * @throws ZipException if it is not a gzip header
   */
  public StrictGunzip(InputStream in, long length) throws IOException {
    this.in = in;
    this.length = length;
    if (readByte() != 0x1f || readByte() != 0x8b) {
      throw new ZipException("not in gzip format");
    }
    readHeaderAfterMagic();
  }

  /** The offset in the compressed input of the next byte not yet consumed. */
  private long consumed() {
    return filled - (limit - pos);
  }

  /** Refills {@link #buf} once it is used up; false at the end of the input. */
  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    filled += n;
    return true;
  }

  /** The next byte, or -1 at the end of the input. */
  private int nextByteOrEnd() throws IOException {
    return fill() ? buf[pos++] & 0xff : -1;
  }

  private int readByte() throws IOException {
    int b = nextByteOrEnd();
    if (b < 0) {
      throw new EOFException("unexpected end of gzip data at byte offset " + consumed());
    }
    return b;
  }

  private int headerByte() throws IOException {
    int b = readByte();
    headerCrc.update(b);
    return b;
  }

  private int headerShort() throws IOException {
    return headerByte() | headerByte() << 8;
  }

  private void readHeaderAfterMagic() throws IOException {
    headerCrc.reset();
    headerCrc.update(0x1f);
    headerCrc.update(0x8b);
    int method = headerByte();
    if (method != 8) {
      throw new ZipException(
          "unsupported gzip compression method " + method + ", expected 8 (deflate)");
    }
    int flags = headerByte();
    if ((flags & RESERVED) != 0) {
      throw new ZipException(String.format("reserved gzip header flags set: 0x%02x", flags));
    }
    for (int i = 0; i < 6; i++) { // modification time, extra flags, operating system
      headerByte();
    }
    if ((flags & FEXTRA) != 0) {
      for (int n = headerShort(); n > 0; n--) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // the original file name, zero-terminated
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // a comment, zero-terminated
      }
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (headerCrc.getValue() & 0xffff);
      int stored = readByte() | readByte() << 8;
      if (stored != expected) {
        throw new ZipException("corrupt gzip header: header CRC mismatch");
      }
    }
    inflater.reset();
    crc.reset();
    memberSize = 0;
  }

  private long trailerInt() throws IOException {
    return readByte() | readByte() << 8 | readByte() << 16 | (long) readByte() << 24;
  }

  /** Checks the trailer of the member just inflated, then starts the next member or ends. */
  private void finishMember() throws IOException {
    pos = limit - inflater.getRemaining();
    long storedCrc = trailerInt();
    long storedSize = trailerInt();
    if (storedCrc != crc.getValue()) {
      throw new ZipException("gzip CRC-32 mismatch: the data is corrupt");
    }
    if (storedSize != (memberSize & 0xffffffffL)) {
      throw new ZipException("gzip length mismatch: the data is corrupt");
    }
    long start = consumed();
    int b0 = nextByteOrEnd();
    if (b0 < 0) {
      eof = true;
      return;
    }
    int b1 = b0 == 0x1f ? nextByteOrEnd() : -1;
    if (b1 == 0x8b) {
      readHeaderAfterMagic();
      return;
    }
    throw new TrailingDataException(start, length >= 0 ? length - start : countRest(start));
  }

  /** Counts the bytes from {@code start} to the end of a stream of unknown length. */
  private long countRest(long start) throws IOException {
    long n = consumed() - start + (limit - pos);
    pos = limit;
    for (int r; (r = in.read(buf, 0, buf.length)) > 0; ) {
      n += r;
    }
    return n;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException("invalid deflate data: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberSize += n;
        return n;
      }
      if (inflater.finished()) {
        finishMember();
      } else if (inflater.needsDictionary()) {
        throw new ZipException(
            "deflate data asks for a preset dictionary, which gzip does not allow");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new EOFException("unexpected end of gzip data at byte offset " + consumed());
        }
        inflater.setInput(buf, pos, limit - pos);
        pos = limit;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
