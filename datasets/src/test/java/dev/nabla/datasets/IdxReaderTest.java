package dev.nabla.datasets;

import static dev.nabla.datasets.IdxFiles.concat;
import static dev.nabla.datasets.IdxFiles.counting;
import static dev.nabla.datasets.IdxFiles.gzip;
import static dev.nabla.datasets.IdxFiles.header;
import static dev.nabla.datasets.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void rawFileRoundTripsShapeAndUnsignedBytes() throws IOException {
    byte[] payload = counting(2 * 3 * 4);
    payload[5] = (byte) 255;
    Path f = write(dir.resolve("images-idx3-ubyte"), concat(header(0x08, 2, 3, 4), payload));

    IdxArray a = IdxReader.read(f);

    assertThat(a.shape()).containsExactly(2, 3, 4);
    assertThat(a.data()).containsExactly(payload);
    assertThat(a.unsigned(5)).isEqualTo(255);
    assertThat(a.unsigned(7)).isEqualTo(7);
    assertThat(a.count()).isEqualTo(2);
  }

  @Test
  void gzipIsDetectedByItsMagicNotByTheFileName() throws IOException {
    byte[] raw = concat(header(0x08, 5), new byte[] {9, 8, 7, 6, 5});
    Path misnamed = write(dir.resolve("labels.raw"), gzip(raw));
    Path plainNamedGz = write(dir.resolve("labels.gz"), raw);

    assertThat(IdxReader.read(misnamed))
        .isEqualTo(new IdxArray(new int[] {5}, new byte[] {9, 8, 7, 6, 5}));
    assertThat(IdxReader.read(plainNamedGz).data()).containsExactly(9, 8, 7, 6, 5);
  }

  @Test
  void largeGzipPayloadGrowsPastTheFirstChunk() throws IOException {
    byte[] payload = counting(3 * 1000 * 1000);
    Path f = write(dir.resolve("big.gz"), gzip(concat(header(0x08, 3, 1000, 1000), payload)));

    IdxArray a = IdxReader.read(f);

    assertThat(a.shape()).containsExactly(3, 1000, 1000);
    assertThat(Arrays.equals(a.data(), payload)).isTrue();
  }

  @Test
  void streamsAreReadRawOrGzipToo() throws IOException {
    byte[] raw = concat(header(0x08, 2, 2), new byte[] {1, 2, 3, 4});
    assertThat(IdxReader.read(new ByteArrayInputStream(raw), "raw-stream").shape())
        .containsExactly(2, 2);
    assertThat(IdxReader.read(new ByteArrayInputStream(gzip(raw)), "gz-stream").data())
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void zeroSizedDimensionsGiveAnEmptyPayload() throws IOException {
    Path f = write(dir.resolve("empty"), header(0x08, 0, 28, 28));
    assertThat(IdxReader.read(f).data()).isEmpty();
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nope-idx1-ubyte");
    assertThatThrownBy(() -> IdxReader.read(f))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(f.toString());
  }

  @Test
  void emptyFileFails() {
    Path f = write(dir.resolve("empty-file"), new byte[0]);
    assertFails(f, "empty file");
  }

  @Test
  void wrongMagicNumberNamesTheBytesFound() {
    Path zip = write(dir.resolve("archive.zip"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0});
    assertFails(zip, "wrong magic number at byte 0", "0x50 0x4b 0x03 0x04", "not an IDX file");
  }

  @Test
  void truncatedHeaderBeforeTheTypeCode() {
    Path f = write(dir.resolve("three-bytes"), new byte[] {0, 0, 8});
    assertFails(f, "truncated header", "holds 3 bytes");
  }

  @Test
  void truncatedHeaderInTheDimensionsNamesTheNeededLength() {
    byte[] full = header(0x08, 10, 28, 28);
    Path f = write(dir.resolve("cut-header"), Arrays.copyOf(full, 10));
    assertFails(f, "truncated header: rank 3 needs 16 header bytes", "holds 10");
  }

  @Test
  void truncatedHeaderInsideGzip() {
    byte[] full = header(0x08, 10, 28, 28);
    Path f = write(dir.resolve("cut-header.gz"), gzip(Arrays.copyOf(full, 9)));
    assertFails(f, "truncated header: rank 3 needs 16 header bytes", "decompressed file holds 9");
  }

  @Test
  void unsupportedTypeCodeIsNamed() {
    Path f = write(dir.resolve("floats"), concat(header(0x0D, 2), new byte[8]));
    assertFails(f, "unsupported type code 0x0D (float) at byte 2", "only 0x08");
    Path g = write(dir.resolve("garbage-type"), concat(header(0x42, 2), new byte[2]));
    assertFails(g, "unsupported type code 0x42");
  }

  @Test
  void rankZeroAndRankAboveFourAreRejected() {
    assertFails(
        write(dir.resolve("rank0"), new byte[] {0, 0, 8, 0}), "unsupported rank 0 at byte 3");
    Path r5 = write(dir.resolve("rank5"), concat(header(0x08, 1, 1, 1, 1, 1), new byte[1]));
    assertFails(r5, "unsupported rank 5 at byte 3", "expected 1 to 4");
  }

  @Test
  void negativeDimensionNamesItsOffset() {
    Path f = write(dir.resolve("negative"), concat(header(0x08, 10, -28, 28), new byte[16]));
    assertFails(f, "dimension 1 at byte 8 is negative: -28");
  }

  @Test
  void dimensionsWhoseProductOverflowsAnIntAreAbsurd() {
    Path f = write(dir.resolve("absurd"), concat(header(0x08, 60000, 60000, 28), new byte[16]));
    assertFails(f, "absurd dimensions [60000, 60000, 28]", "100800000000 elements");
  }

  /** Found by fuzzing: such a header used to pass the reader and fail in IdxArray instead. */
  @Test
  void aZeroDimensionBesideAbsurdOnesIsStillAbsurd() {
    Path f = write(dir.resolve("absurd-empty"), header(0x08, 5, 152240137, 318767104, 0));
    assertFails(
        f,
        "absurd dimensions [5, 152240137, 318767104, 0]",
        "their nonzero sizes multiply to 242645737920266240 elements, more than the largest Java array");
    assertThatThrownBy(
            () ->
                IdxReader.read(
                    new ByteArrayInputStream(gzip(header(0x08, 0, 70000, 70000))), "empty.gz"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("empty.gz: absurd dimensions [0, 70000, 70000]");
  }

  /**
   * Found by fuzzing: a stream of 14 bytes whose header promised 460,800 made the reader allocate
   * them all at once; the buffer of an input of unknown length now starts at 64 KiB.
   */
  @Test
  void aStreamThatPromisesMoreThanItHoldsCostsOnlyWhatItHolds() {
    byte[] liar = concat(header(0x08, 460_800), new byte[6]);
    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(liar), "liar"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "liar: truncated: header promises 460800 payload bytes (dimensions [460800]),"
                + " file holds 6 after its 8-byte header");
    // measured on a second read, once the classes on this path are loaded
    long before = allocatedBytes();
    try {
      IdxReader.read(new ByteArrayInputStream(liar), "liar");
    } catch (IOException expected) {
      // as above
    }
    assertThat(allocatedBytes() - before).as("bytes allocated").isLessThan(256 * 1024);
  }

  @Test
  void truncatedRawPayloadIsComparedWithTheFileLengthBeforeAllocating() {
    Path f = write(dir.resolve("short-payload"), concat(header(0x08, 10, 28, 28), new byte[7000]));
    assertFails(
        f,
        "truncated: header promises 7840 payload bytes",
        "file holds 7000 after its 16-byte header");
  }

  @Test
  void extraBytesAfterARawPayloadMeanTheDimensionsAreWrong() {
    Path f = write(dir.resolve("long-payload"), concat(header(0x08, 2, 3), new byte[10]));
    assertFails(
        f,
        "dimensions [2, 3] account for 6 payload bytes",
        "file holds 10",
        "12-byte header",
        "4 extra bytes from byte offset 18");
  }

  @Test
  void truncatedGzipPayload() {
    Path f = write(dir.resolve("short.gz"), gzip(concat(header(0x08, 10, 28, 28), new byte[784])));
    assertFails(
        f,
        "truncated: header promises 7840 payload bytes",
        "decompressed file holds 784 after its 16-byte header");
  }

  @Test
  void extraDataAfterAGzipPayload() {
    Path f = write(dir.resolve("long.gz"), gzip(concat(header(0x08, 4), new byte[6])));
    assertFails(f, "dimensions [4] account for 4 payload bytes", "extra data from byte offset 12");
  }

  /**
   * Bytes after the gzip data are rejected as a raw file's extra bytes are: the JDK's
   * GZIPInputStream stops silently at bytes that do not start another gzip member.
   */
  @Test
  void bytesAfterTheGzipDataAreRejectedLikeARawFilesExtraBytes() throws IOException {
    byte[] gz = gzip(concat(header(0x08, 2, 3), counting(6)));
    for (byte[] tail : List.of(new byte[] {1, 2, 3, 4, 5}, new byte[3], new byte[] {0x1f})) {
      Path f = write(dir.resolve("trailing.gz"), concat(gz, tail));
      String expected =
          tail.length + " extra bytes after the gzip data, from byte offset " + gz.length;
      assertFails(f, expected);
      assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(concat(gz, tail)), "stream"))
          .isInstanceOf(IOException.class)
          .hasMessage("stream: " + expected);
    }
  }

  @Test
  void concatenatedGzipMembersAreOneFile() throws IOException {
    byte[] raw = concat(header(0x08, 2, 3), counting(6));
    Path f =
        write(
            dir.resolve("two-members.gz"),
            concat(gzip(Arrays.copyOf(raw, 9)), gzip(Arrays.copyOfRange(raw, 9, raw.length))));
    IdxArray a = IdxReader.read(f);
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.data()).containsExactly(counting(6));
  }

  @Test
  void gzipWithAWrongChecksumIsCorrupt() {
    byte[] gz = gzip(concat(header(0x08, 2, 3), counting(6)));
    gz[gz.length - 8] ^= 1; // the CRC-32 in the trailer
    assertFails(write(dir.resolve("bad-crc.gz"), gz), "corrupt gzip data", "CRC-32 mismatch");
  }

  @Test
  void gzipStreamCutInTheMiddleIsReportedAsTruncatedGzip() {
    byte[] gz = gzip(concat(header(0x08, 100, 28, 28), counting(78400)));
    Path f = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertFails(f, "truncated gzip stream after");
  }

  @Test
  void corruptGzipDataIsReported() {
    byte[] gz = gzip(concat(header(0x08, 100, 28, 28), counting(78400)));
    for (int i = 20; i < gz.length - 8; i += 7) {
      gz[i] ^= 0x5a;
    }
    Path f = write(dir.resolve("corrupt.gz"), gz);
    assertThatThrownBy(() -> IdxReader.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(f + ": ")
        .hasMessageContaining("gzip");
  }

  @Test
  void gzipHeaderClaimingTwoGigabytesFailsAtTheEndWithoutAllocatingThem() {
    Path f =
        write(dir.resolve("liar.gz"), gzip(concat(header(0x08, 2_000_000_000), new byte[784])));

    long before = allocatedBytes();
    long start = System.nanoTime();
    assertFails(
        f, "truncated: header promises 2000000000 payload bytes", "decompressed file holds 784");
    long allocated = allocatedBytes() - before;

    assertThat(allocated).as("bytes allocated while reading").isLessThan(8L << 20);
    // a hang guard, not a speed claim: failing fast means well under this
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(20_000);
  }

  @Test
  void gzipHeaderClaimingTwoToTheThirtyOneMinusOneBytesFailsAtOnce() {
    Path f =
        write(
            dir.resolve("liar-max.gz"),
            gzip(concat(header(0x08, Integer.MAX_VALUE), new byte[784])));

    long before = allocatedBytes();
    assertFails(f, "absurd dimensions [2147483647]", "more than the largest Java array");
    assertThat(allocatedBytes() - before).isLessThan(8L << 20);
  }

  @Test
  void rawHeaderClaimingTwoGigabytesFailsBeforeAllocating() {
    Path f = write(dir.resolve("liar-raw"), concat(header(0x08, 2_000_000_000), new byte[784]));

    long before = allocatedBytes();
    assertFails(f, "truncated: header promises 2000000000 payload bytes", "file holds 784");
    assertThat(allocatedBytes() - before).isLessThan(8L << 20);
  }

  @Test
  void nullArgumentsAreRejectedWithTheMethodName() {
    assertThatThrownBy(() -> IdxReader.read((Path) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IdxReader.read");
    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(new byte[0]), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IdxReader.read");
  }

  @Test
  void fileIsNotLeftOpenAfterAFailure() throws IOException {
    Path f = write(dir.resolve("bad-then-deleted"), new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> IdxReader.read(f)).isInstanceOf(IOException.class);
    Files.delete(f);
    assertThat(f).doesNotExist();
  }

  private static void assertFails(Path f, String... fragments) {
    var thrown =
        assertThatThrownBy(() -> IdxReader.read(f))
            .isInstanceOf(IOException.class)
            .hasMessageStartingWith(f + ": ");
    for (String fragment : fragments) {
      thrown.hasMessageContaining(fragment);
    }
  }

  private static long allocatedBytes() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return bean.getThreadAllocatedBytes(Thread.currentThread().threadId());
  }
}
