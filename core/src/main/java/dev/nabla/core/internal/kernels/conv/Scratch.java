package dev.nabla.core.internal.kernels.conv;

/**
 * Per-thread scratch arrays that grow as needed and are reused across calls, so hot kernels (im2col
 * buffers, per-thread partial sums) do not allocate on every call. A slot's content is undefined on
 * return: callers overwrite what they use. Never hand a scratch array to code that keeps it.
 */
final class Scratch {
  static final int SLOTS = 4;
  private static final ThreadLocal<float[][]> FLOATS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);
  private static final ThreadLocal<double[][]> DOUBLES =
      ThreadLocal.withInitial(() -> new double[SLOTS][0]);

  private Scratch() {}

  /** This thread's float array in {@code slot}, at least {@code size} long. */
  static float[] floats(int slot, int size) {
    float[][] s = FLOATS.get();
    if (s[slot].length < size) {
      s[slot] = new float[size];
    }
    return s[slot];
  }

  /** This thread's double array in {@code slot}, at least {@code size} long. */
  static double[] doubles(int slot, int size) {
    double[][] s = DOUBLES.get();
    if (s[slot].length < size) {
      s[slot] = new double[size];
    }
    return s[slot];
  }
}
