package dev.nabla.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Npy} against files that numpy itself writes and reads (made at test time by the python3 on
 * the PATH, or /usr/bin/python3), and against hand-made bytes.
 */
class NpyTest {
  @TempDir Path dir;

  /** The python3 that has numpy, or null. */
  private static final String PYTHON = python();

  private static String python() {
    for (String p : List.of("python3", "/usr/bin/python3")) {
      try {
        Process pr = new ProcessBuilder(p, "-c", "import numpy").redirectErrorStream(true).start();
        pr.getInputStream().readAllBytes();
        if (pr.waitFor(60, TimeUnit.SECONDS) && pr.exitValue() == 0) {
          return p;
        }
      } catch (IOException e) {
        // try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** Runs numpy code with {@code d} bound to the temp dir (a str); returns its stdout. */
  private String numpy(String code) throws Exception {
    assumeTrue(PYTHON != null, "no python3 with numpy");
    Process p =
        new ProcessBuilder(
                PYTHON, "-c", "import numpy as np, sys\nd = sys.argv[1]\n" + code, dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python: %s", out).isZero();
    return out;
  }

  @Test
  void readsWhatNumpyWritesInEveryDtypeAndByteOrder() throws Exception {
    numpy(
        """
        a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 0.5 - 3
        np.save(d + '/f4.npy', a.astype('<f4'))
        np.save(d + '/f4be.npy', a.astype('>f4'))
        np.save(d + '/f8.npy', a)
        np.save(d + '/f8be.npy', a.astype('>f8'))
        np.save(d + '/f2.npy', a.astype('<f2'))
        np.save(d + '/i4.npy', np.array([[-2147483648, 2147483647, 0]], dtype='<i4'))
        np.save(d + '/i4be.npy', np.array([[-2147483648, 2147483647, 0]], dtype='>i4'))
        np.save(d + '/i8.npy', np.array([-2**63, 2**63 - 1, 5], dtype='<i8'))
        np.save(d + '/i8be.npy', np.array([-2**63, 2**63 - 1, 5], dtype='>i8'))
        np.save(d + '/b1.npy', np.array([[True, False], [False, True]]))
        np.save(d + '/u1.npy', np.array([0, 200, 255], dtype=np.uint8))
        np.save(d + '/i1.npy', np.array([-128, 127, -1], dtype=np.int8))
        np.save(d + '/i2.npy', np.array([-32768, 32767, -2], dtype='<i2'))
        np.save(d + '/i2be.npy', np.array([-32768, 32767, -2], dtype='>i2'))
        np.save(d + '/u2.npy', np.array([0, 65535], dtype='<u2'))
        np.save(d + '/u4.npy', np.array([4294967295, 1], dtype='<u4'))
        np.save(d + '/scalar.npy', np.float32(2.5))
        np.save(d + '/empty.npy', np.zeros((0, 3), dtype=np.float32))
        """);
    float[] expected = new float[24];
    for (int i = 0; i < 24; i++) {
      expected[i] = i * 0.5f - 3;
    }
    for (String f : List.of("f4", "f4be", "f2")) {
      Tensor t = Npy.read(dir.resolve(f + ".npy"));
      assertThat(t.dtype()).as(f).isEqualTo(DType.FLOAT32);
      assertThat(t.shape()).as(f).containsExactly(2, 3, 4);
      assertThat(t.floatStorage()).as(f).containsExactly(expected);
    }
    for (String f : List.of("f8", "f8be")) {
      Tensor t = Npy.read(dir.resolve(f + ".npy"));
      assertThat(t.dtype()).isEqualTo(DType.FLOAT64);
      assertThat(t.doubleStorage()[23]).isEqualTo(8.5);
      assertThat(t.doubleStorage()[0]).isEqualTo(-3.0);
    }
    for (String f : List.of("i4", "i4be")) {
      Tensor t = Npy.read(dir.resolve(f + ".npy"));
      assertThat(t.dtype()).isEqualTo(DType.INT32);
      assertThat(t.shape()).containsExactly(1, 3);
      assertThat(t.intStorage()).containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
    }
    for (String f : List.of("i8", "i8be")) {
      Tensor t = Npy.read(dir.resolve(f + ".npy"));
      assertThat(t.dtype()).isEqualTo(DType.INT64);
      assertThat(t.longStorage()).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 5);
    }
    Tensor b = Npy.read(dir.resolve("b1.npy"));
    assertThat(b.dtype()).isEqualTo(DType.BOOL);
    assertThat(b.boolStorage()).containsExactly(true, false, false, true);
    assertThat(Npy.read(dir.resolve("u1.npy")).intStorage()).containsExactly(0, 200, 255);
    assertThat(Npy.read(dir.resolve("i1.npy")).intStorage()).containsExactly(-128, 127, -1);
    assertThat(Npy.read(dir.resolve("i2.npy")).intStorage()).containsExactly(-32768, 32767, -2);
    assertThat(Npy.read(dir.resolve("i2be.npy")).intStorage()).containsExactly(-32768, 32767, -2);
    assertThat(Npy.read(dir.resolve("u2.npy")).intStorage()).containsExactly(0, 65535);
    Tensor u4 = Npy.read(dir.resolve("u4.npy"));
    assertThat(u4.dtype()).isEqualTo(DType.INT64);
    assertThat(u4.longStorage()).containsExactly(4294967295L, 1L);
    Tensor scalar = Npy.read(dir.resolve("scalar.npy"));
    assertThat(scalar.shape()).isEmpty();
    assertThat(scalar.floatStorage()).containsExactly(2.5f);
    Tensor empty = Npy.read(dir.resolve("empty.npy"));
    assertThat(empty.shape()).containsExactly(0, 3);
  }

  @Test
  void readsFortranOrderedArraysInRowMajorOrder() throws Exception {
    numpy(
        """
        a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
        f = np.asfortranarray(a)
        assert f.flags.f_contiguous and not f.flags.c_contiguous
        np.save(d + '/fortran.npy', f)
        assert b"'fortran_order': True" in open(d + '/fortran.npy', 'rb').read(128)
        """);
    Tensor t = Npy.read(dir.resolve("fortran.npy"));
    assertThat(t.shape()).containsExactly(2, 3, 4);
    float[] expected = new float[24];
    for (int i = 0; i < 24; i++) {
      expected[i] = i;
    }
    assertThat(t.floatStorage()).containsExactly(expected);
  }

  @Test
  void readsFormatVersions2And3() throws Exception {
    numpy(
        """
        from numpy.lib import format as fmt
        a = np.array([[1.5, -2.0]], dtype=np.float32)
        for v in [(2, 0), (3, 0)]:
            with open(d + '/v%d.npy' % v[0], 'wb') as f:
                fmt.write_array(f, a, version=v)
        """);
    for (String v : List.of("v2", "v3")) {
      byte[] bytes = Files.readAllBytes(dir.resolve(v + ".npy"));
      assertThat(bytes[6]).as(v).isEqualTo((byte) (v.equals("v2") ? 2 : 3));
      Tensor t = Npy.read(dir.resolve(v + ".npy"));
      assertThat(t.shape()).containsExactly(1, 2);
      assertThat(t.floatStorage()).containsExactly(1.5f, -2.0f);
    }
  }

  @Test
  void numpyReadsWhatNpyWritesBitForBit() throws Exception {
    Npy.write(
        dir.resolve("f4.npy"), Tensor.of(new float[] {1.5f, Float.NaN, -0.0f, 1e-40f, 7, 8}, 2, 3));
    Npy.write(dir.resolve("f8.npy"), Tensor.of(new double[] {Math.PI, -1e300}, 2));
    Npy.write(dir.resolve("i4.npy"), Tensor.of(new int[] {Integer.MIN_VALUE, 3}, 1, 2, 1));
    Npy.write(dir.resolve("i8.npy"), Tensor.of(new long[] {Long.MAX_VALUE}, 1));
    Npy.write(dir.resolve("b1.npy"), Tensor.of(new boolean[] {true, false, true}, 3));
    Npy.write(dir.resolve("scalar.npy"), Tensor.of(new float[] {4}));
    Npy.write(dir.resolve("empty.npy"), Tensor.zeros(DType.INT64, 0, 5));
    String out =
        numpy(
            """
            for n in ['f4', 'f8', 'i4', 'i8', 'b1', 'scalar', 'empty']:
                a = np.load(d + '/' + n + '.npy')
                raw = open(d + '/' + n + '.npy', 'rb').read()
                assert len(raw[:raw.index(b'\\n') + 1]) % 64 == 0, n
                print(n, a.dtype.str, a.shape, a.tobytes().hex())
            """);
    assertThat(out.lines().toList())
        .containsExactly(
            "f4 <f4 (2, 3) 0000c03f0000c07f00000080c21601000000e04000000041",
            "f8 <f8 (2,) 182d4454fb2109409c7500883ce437fe",
            "i4 <i4 (1, 2, 1) 0000008003000000",
            "i8 <i8 (1,) ffffffffffffff7f",
            "b1 |b1 (3,) 010001",
            "scalar <f4 () 00008040",
            "empty <i8 (0, 5) ");
  }

  @Test
  void writesAtomicallyOverAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("x.npy");
    Files.writeString(f, "old");
    Npy.write(f, Tensor.of(new int[] {1, 2, 3}, 3));
    assertThat(Npy.read(f).intStorage()).containsExactly(1, 2, 3);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("x.npy");
    }
  }

  @Test
  void writeIntoAMissingFolderFailsNamingIt() {
    Path f = dir.resolve("no/such/x.npy");
    assertThatThrownBy(() -> Npy.write(f, Tensor.of(new int[] {1}, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no/such");
  }

  // ------------------------------------------------------------------ malformed files

  /** A version-1.0 file of the given header text (padded as numpy does) and data. */
  private static byte[] npy(String header, byte[] data) {
    int total = 10 + header.length() + 1;
    String padded = header + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + padded.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) padded.length());
    b.put(padded.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return b.array();
  }

  private void assertFails(byte[] bytes, String... fragments) throws IOException {
    Path f = dir.resolve("bad.npy");
    Files.write(f, bytes);
    assertThatThrownBy(() -> Npy.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(f + ": at byte ")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void handMadeFileReadsBack() throws IOException {
    byte[] data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-9).array();
    Path f = dir.resolve("ok.npy");
    Files.write(f, npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", data));
    assertThat(Npy.read(f).intStorage()).containsExactly(7, -9);
    Files.write(f, npy("{\"shape\": (1, 2L), \"descr\": \"<i4\", \"fortran_order\": False}", data));
    assertThat(Npy.read(f).shape()).containsExactly(1, 2);
  }

  @Test
  void malformedFilesFailNamingTheFileTheOffsetAndTheProblem() throws IOException {
    String good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    byte[] eight = new byte[8];
    assertFails("PK\3\4 not numpy".getBytes(StandardCharsets.ISO_8859_1), "at byte 0", "magic");
    assertFails(new byte[] {(byte) 0x93, 'N', 'U'}, "at byte 0", "magic");
    byte[] v9 = npy(good, eight);
    v9[6] = 9;
    assertFails(v9, "at byte 6", "version 9.0");
    assertFails(Arrays.copyOf(npy(good, eight), 9), "at byte 8", "truncated");
    assertFails(Arrays.copyOf(npy(good, eight), 40), "at byte 8", "truncated", "header");
    assertFails(npy("['descr', '<f4']", eight), "at byte 10", "not a dict");
    assertFails(npy("{'descr': '<f4', 'shape': (2,)}", eight), "no 'fortran_order'");
    assertFails(
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", eight),
        "unknown key 'x'");
    assertFails(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", eight), "fortran_order");
    assertFails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", eight), "shape");
    assertFails(
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,)}", eight),
        "more than 2^31-1");
    assertFails(
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536)}", eight),
        "more than 2^31-1");
    assertFails(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", eight), "'<c8'");
    assertFails(
        npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", eight),
        "structured");
    assertFails(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", eight), "'|O'");
    // the data: 2 floats need 8 bytes
    byte[] shortData = npy(good, new byte[7]);
    assertFails(shortData, "at byte 128", "needs 8 bytes", "has 7", "truncated");
    assertFails(npy(good, new byte[9]), "at byte 128", "needs 8 bytes", "has 9", "extra");
    assertFails(npy(good + " x", eight), "text after");
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("missing.npy");
    assertThatThrownBy(() -> Npy.read(f))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(f.toString());
  }
}
