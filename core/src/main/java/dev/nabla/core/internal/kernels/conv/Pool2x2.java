package dev.nabla.core.internal.kernels.conv;

/** The first maximum of a 2×2 pooling window, as the fused convolution epilogues pick it. */
final class Pool2x2 {
  private Pool2x2() {}

  /**
   * Which of a window's values {@code a b / c d} (0..3 in row order) is its first maximum, or its
   * first NaN. Branch-free as {@link FloatPoolLoops}' 2×2 loop (on real data every comparison is a
   * coin toss): the larger of two values comes from the sign bit of their difference ({@code + 0f}
   * turns {@code -0.0} into {@code +0.0}, so equal values keep the first); a window holding a NaN
   * (rare) takes the general rule.
   */
  static int firstMax(float a, float b, float c, float d) {
    float ab = Math.max(a, b), cd = Math.max(c, d);
    int sab = SignBit.of((a - b) + 0f), scd = SignBit.of((c - d) + 0f);
    int down = SignBit.of((ab - cd) + 0f);
    float m = Math.max(ab, cd);
    if (Float.isNaN(m)) {
      return firstMaxOrNaN(a, b, c, d);
    }
    return (down << 1) | (sab + ((scd - sab) & -down));
  }

  private static int firstMaxOrNaN(float a, float b, float c, float d) {
    float[] v = {a, b, c, d};
    int best = 0;
    for (int j = 1; j < 4; j++) {
      if (!(v[j] <= v[best]) && !Float.isNaN(v[best])) {
        best = j;
      }
    }
    return best;
  }
}
