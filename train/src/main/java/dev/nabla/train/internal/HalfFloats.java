package dev.nabla.train.internal;

/**
 * Conversions between FLOAT32 and the 16-bit float formats safetensors files hold: IEEE 754
 * binary16 ({@code F16}: 1 sign, 5 exponent, 10 fraction bits) and bfloat16 ({@code BF16}: the top
 * 16 bits of a float). Narrowing rounds to the nearest value, ties to even, as PyTorch's {@code
 * .half()} and {@code .bfloat16()} do; NaN stays NaN and infinities stay infinite. Widening is
 * exact.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The binary16 bits nearest {@code f} (ties to even; beyond 65504 rounds to infinity). */
  public static short toF16(float f) {
    return Float.floatToFloat16(f);
  }

  /** The float of binary16 bits {@code h} (exact). */
  public static float fromF16(short h) {
    return Float.float16ToFloat(h);
  }

  /**
   * The bfloat16 bits nearest {@code f}: its top 16 bits, rounded to nearest, ties to even, on the
   * 16 bits dropped; a NaN keeps its sign and becomes a quiet NaN.
   */
  public static short toBF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    // adding 0x7FFF plus the lowest kept bit rounds half to even; a carry into the exponent is the
    // correct rounding up (to the next binade, or to infinity past the largest finite bfloat16)
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** The float of bfloat16 bits {@code b} (exact). */
  public static float fromBF16(short b) {
    return Float.intBitsToFloat((b & 0xFFFF) << 16);
  }
}
