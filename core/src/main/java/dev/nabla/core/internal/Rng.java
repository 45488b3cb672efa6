package dev.nabla.core.internal;

/**
 * A seeded generator whose output is the same on every machine, JDK and run: SplitMix64 (Steele,
 * Lea and Flood, 2014) for bits, and Box-Muller over {@link StrictMath} for normals (the plain
 * {@code Math} functions may differ in the last bit between platforms).
 */
public final class Rng {
  private long state;
  private double spareNormal;
  private boolean hasSpare;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareNormal;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
    double theta = 2.0 * StrictMath.PI * u2;
    spareNormal = r * StrictMath.sin(theta);
    hasSpare = true;
    return r * StrictMath.cos(theta);
  }

  /** {@code n} FLOAT32 values uniform in [low, high), in draw order. */
  public float[] uniformFloats(int n, double low, double high) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (low + (high - low) * nextDouble());
    }
    return a;
  }

  /** {@code n} FLOAT64 values uniform in [low, high), in draw order. */
  public double[] uniformDoubles(int n, double low, double high) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = low + (high - low) * nextDouble();
    }
    return a;
  }

  /** {@code n} standard normal values rounded to float, in draw order. */
  public float[] gaussianFloats(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) nextGaussian();
    }
    return a;
  }

  /** {@code n} standard normal values, in draw order. */
  public double[] gaussianDoubles(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = nextGaussian();
    }
    return a;
  }
}
