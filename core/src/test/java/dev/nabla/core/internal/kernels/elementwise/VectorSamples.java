package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.kernels.Lanes;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;

/** Inputs and measures for the tests of single-precision vector functions. */
final class VectorSamples {
  private VectorSamples() {}

  /** Applies a vector function to whole vectors of {@code x}, the tail padded with zeros. */
  static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
    int l = Lanes.L;
    float[] in = Arrays.copyOf(x, (x.length + l - 1) / l * l);
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i += l) {
      f.apply(FloatVector.fromArray(Lanes.S, in, i)).intoArray(out, i);
    }
    return Arrays.copyOf(out, x.length);
  }

  /** Distance between two floats' positions on the float line (-0 and +0 are one position). */
  static long ulps(float a, float b) {
    return Math.abs(ordinal(a) - ordinal(b));
  }

  /** Position on the float line: adjacent floats differ by 1, -0 and +0 are both 0. */
  static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
  }

  /** Every 4099th bit pattern from 0 to 2^32 - 1, NaNs left out: about a million floats. */
  static float[] sample() {
    float[] x = new float[(int) ((1L << 32) / 4099) + 1];
    int n = 0;
    for (long bits = 0; bits < (1L << 32); bits += 4099) {
      float f = Float.intBitsToFloat((int) bits);
      if (!Float.isNaN(f)) {
        x[n++] = f;
      }
    }
    return Arrays.copyOf(x, n);
  }
}
