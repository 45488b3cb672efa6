package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.train.internal.HalfFloats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors' I64, BOOL, F16 and BF16: the 16-bit encodings against hand-computed bit patterns and
 * against the bits PyTorch 1.13 writes ({@code t.half()} and {@code t.bfloat16()} viewed as int16,
 * and {@code .numpy().tobytes()}, copied here), files written by hand in the format and read back,
 * and nabla's own F16/BF16 saves.
 */
class SafetensorsDTypesTest {
  @TempDir Path dir;

  /** Inputs of the PyTorch comparison (FLOAT32), each with an edge: subnormals, ties, overflow. */
  private static final float[] VALUES = {
    1.0f,
    -2.5f,
    65504f,
    1e-7f,
    6e-8f,
    0.1f,
    1 / 3f,
    70000f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    -0.0f,
    1 + 0x1p-11f,
    1 + 3 * 0x1p-11f,
    3.0e38f,
    0x1p-24f,
    0x1p-25f,
    1 + 0x1p-8f,
    1 + 3 * 0x1p-8f
  };

  /** torch.tensor(VALUES).half().view(torch.int16), as unsigned hex. */
  private static final int[] TORCH_F16 = {
    0x3c00, 0xc100, 0x7bff, 0x2, 0x1, 0x2e66, 0x3555, 0x7c00, 0x7c00, 0xfc00, 0x8000, 0x3c00,
    0x3c02, 0x7c00, 0x1, 0x0, 0x3c04, 0x3c0c
  };

  /** torch.tensor(VALUES).bfloat16().view(torch.int16), as unsigned hex. */
  private static final int[] TORCH_BF16 = {
    0x3f80, 0xc020, 0x4780, 0x33d7, 0x3381, 0x3dcd, 0x3eab, 0x4789, 0x7f80, 0xff80, 0x8000, 0x3f80,
    0x3f80, 0x7f62, 0x3380, 0x3300, 0x3f80, 0x3f82
  };

  @Test
  void f16AndBf16RoundToNearestEvenAsPyTorch() {
    for (int i = 0; i < VALUES.length; i++) {
      assertThat(HalfFloats.toF16(VALUES[i]) & 0xFFFF)
          .as("F16 of %s", VALUES[i])
          .isEqualTo(TORCH_F16[i]);
      assertThat(HalfFloats.toBF16(VALUES[i]) & 0xFFFF)
          .as("BF16 of %s", VALUES[i])
          .isEqualTo(TORCH_BF16[i]);
    }
  }

  @Test
  void f16AndBf16BitsByHand() {
    // 1.0: F16 sign 0, exponent 15 (01111), fraction 0; BF16 the top half of 0x3F800000
    assertThat(HalfFloats.toF16(1f)).isEqualTo((short) 0x3C00);
    assertThat(HalfFloats.toBF16(1f)).isEqualTo((short) 0x3F80);
    // F16 subnormals: 2^-24 is the smallest (fraction 1), 2^-14 the smallest normal
    assertThat(HalfFloats.fromF16((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.fromF16((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
    assertThat(HalfFloats.fromF16((short) 0x0400)).isEqualTo(0x1p-14f);
    assertThat(HalfFloats.fromF16((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(HalfFloats.fromF16((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.fromF16((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(HalfFloats.fromF16((short) 0x7E00)).isNaN();
    assertThat(HalfFloats.toF16(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
    assertThat(HalfFloats.toF16(Float.NaN) & 0x03FF).isNotZero();
    // 65520 is halfway between 65504 and 2^16: the tie goes to the even one, infinity
    assertThat(HalfFloats.toF16(65520f)).isEqualTo((short) 0x7C00);
    assertThat(HalfFloats.toF16(65519f)).isEqualTo((short) 0x7BFF);
    // BF16: exact widening, subnormal bits kept, NaN quiet, ties to even, overflow to infinity
    assertThat(HalfFloats.fromBF16((short) 0x0001)).isEqualTo(Float.intBitsToFloat(0x00010000));
    assertThat(HalfFloats.fromBF16((short) 0xC020)).isEqualTo(-2.5f);
    assertThat(HalfFloats.toBF16(Float.NaN)).isEqualTo((short) 0x7FC0);
    assertThat(HalfFloats.fromBF16(HalfFloats.toBF16(Float.NaN))).isNaN();
    assertThat(HalfFloats.toBF16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
    assertThat(HalfFloats.toBF16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
    assertThat(HalfFloats.toBF16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);
    assertThat(HalfFloats.toBF16(Float.MIN_VALUE)).isEqualTo((short) 0x0000);
  }

  @Test
  void readsAFileOfF16Bf16I64AndBoolWrittenByHand() throws IOException {
    // data bytes from PyTorch: half/bfloat16 of [1, -2.5, 65504], tensor([3000000000, -1, 2])
    // and tensor([True, False, True]) .numpy().tobytes()
    byte[] f16 = le16(0x3c00, 0xc100, 0x7bff);
    byte[] bf16 = le16(0x3f80, 0xc020, 0x4780);
    byte[] i64 = hex("005ed0b200000000ffffffffffffffff0200000000000000");
    byte[] bool = hex("010001");
    Path f =
        handWritten(
            Map.of("h", "F16", "b", "BF16", "l", "I64", "t", "BOOL"),
            new byte[][] {f16, bf16, i64, bool},
            new String[] {"h", "b", "l", "t"});

    Map<String, Tensor> t = Safetensors.load(f).tensors();

    assertThat(t.get("h").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.get("h").toFloatArray()).containsExactly(1f, -2.5f, 65504f);
    assertThat(t.get("b").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.get("b").toFloatArray()).containsExactly(1f, -2.5f, 65536f);
    assertThat(t.get("l").dtype()).isEqualTo(DType.INT64);
    assertThat(t.get("l").toLongArray()).containsExactly(3_000_000_000L, -1L, 2L);
    assertThat(t.get("t").dtype()).isEqualTo(DType.BOOL);
    assertThat(t.get("t").toBooleanArray()).containsExactly(true, false, true);
  }

  @Test
  void aBoolByteOtherThanZeroOrOneIsRefused() throws IOException {
    Path f = handWritten(Map.of("t", "BOOL"), new byte[][] {{1, 2}}, new String[] {"t"});
    assertThatThrownBy(() -> Safetensors.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tensor 't' is BOOL but element 1 is byte 2 (expected 0 or 1)");
  }

  @Test
  void savesFloat32AsF16OrBf16WithPyTorchsBitsAndLoadsThemBack() throws IOException {
    Tensor x = Tensor.of(VALUES, VALUES.length);
    Tensor ids = Tensor.of(new long[] {3_000_000_000L, -1, 2}, 3);
    Tensor d = Tensor.of(new double[] {0.1}, 1);
    for (Safetensors.FloatFormat format : Safetensors.FloatFormat.values()) {
      Path f = dir.resolve(format + ".safetensors");
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      tensors.put("x", x);
      tensors.put("ids", ids);
      tensors.put("d", d);
      Safetensors.save(f, tensors, Map.of(), format);

      String header = header(f);
      Map<String, Tensor> back = Safetensors.load(f).tensors();
      assertThat(header).contains("\"x\":{\"dtype\":\"" + format + "\"");
      assertThat(header)
          .contains("\"ids\":{\"dtype\":\"I64\"")
          .contains("\"d\":{\"dtype\":\"F64\"");
      assertThat(back.get("ids").toLongArray()).containsExactly(ids.toLongArray());
      assertThat(back.get("d").toDoubleArray()).containsExactly(0.1);
      float[] got = back.get("x").toFloatArray();
      for (int i = 0; i < VALUES.length; i++) {
        float want =
            switch (format) {
              case F32 -> VALUES[i];
              case F16 -> HalfFloats.fromF16((short) TORCH_F16[i]);
              case BF16 -> HalfFloats.fromBF16((short) TORCH_BF16[i]);
            };
        assertThat(got[i]).as("%s of %s", format, VALUES[i]).isEqualTo(want);
      }
    }
    long f32 = Files.size(dir.resolve("F32.safetensors"));
    long f16 = Files.size(dir.resolve("F16.safetensors"));
    assertThat(f32 - f16).isBetween(2L * VALUES.length - 16, 2L * VALUES.length + 16);
  }

  // ---------------------------------------------------------------- a file written by hand

  private Path handWritten(Map<String, String> codes, byte[][] data, String[] order)
      throws IOException {
    StringBuilder json = new StringBuilder("{");
    long at = 0;
    for (int i = 0; i < order.length; i++) {
      String code = codes.get(order[i]);
      int width = code.equals("I64") ? 8 : code.equals("BOOL") ? 1 : 2;
      json.append(i == 0 ? "" : ",")
          .append('"')
          .append(order[i])
          .append("\":{\"dtype\":\"")
          .append(code)
          .append("\",\"shape\":[")
          .append(data[i].length / width)
          .append("],\"data_offsets\":[")
          .append(at)
          .append(',')
          .append(at + data[i].length)
          .append("]}");
      at += data[i].length;
    }
    byte[] head = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
    out.write(head);
    for (byte[] b : data) {
      out.write(b);
    }
    Path f = dir.resolve("hand.safetensors");
    Files.write(f, out.toByteArray());
    return f;
  }

  private static String header(Path f) throws IOException {
    byte[] all = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(all, 8, (int) n, StandardCharsets.UTF_8);
  }

  private static byte[] le16(int... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      b.putShort((short) x);
    }
    return b.array();
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
