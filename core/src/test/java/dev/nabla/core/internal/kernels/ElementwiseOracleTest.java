package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TestRng;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API elementwise kernels against the plain reference, on the same random inputs: every
 * kind, every broadcasting layout, lengths around the vector width (and far from it), empty and
 * size-1 dimensions, and special values mixed in (NaN, ±infinity, ±0, ±1e30, denormals, values
 * where {@code e^x} overflows in single precision). Each comparison is made twice: with the vector
 * loops cold, when the Vector API falls back to lane-by-lane Java, and after a warm-up that has the
 * JIT compile them to vector instructions (see {@link #checkColdAndWarm}).
 *
 * <p>Agreement is exact (bit for bit, every NaN equal to every NaN) for arithmetic, MAX, MIN,
 * comparisons, NEG, ABS, SQRT, RELU, leaky ReLU and every backward rule: the vector loops do the
 * same IEEE operations in the same order. EXP, LOG, TANH, SIGMOID and POW must agree within {@value
 * #ULPS} ulps, counted as the distance between the two floats' positions on the float line (so a
 * denormal result is allowed {@value #ULPS} × 2^-149, and the largest float is 1 ulp from
 * infinity). The vector loops build EXP, LOG, TANH and SIGMOID on {@code VectorMath}'s
 * single-precision functions and run the plain loop for POW, where the plain loops round a double
 * result once: EXP and LOG differ by at most 1 ulp (over 3 million inputs), TANH by at most 1 over
 * every float, and SIGMOID, which adds the roundings of {@code 1 + t} and of a division to the
 * error of {@code e^-|x|}, by at most 2; the tolerance leaves a margin. {@code VectorMathTest}
 * checks that the vector kernels give the same bits in every JIT tier.
 */
class ElementwiseOracleTest {
  /** Tolerance of the transcendental kinds, in units in the last place of the plain result. */
  static final int ULPS = 4;

  /** Warm-up runs of each small case, enough for the JIT to compile the loops it calls. */
  static final int WARM_ROUNDS = 3000;

  /** Largest case (in output elements) run during warm-up. */
  static final int WARM_MAX_SIZE = 1000;

  private static final ElementwiseKernels PLAIN = Kernels.plainElementwise();
  private static final ElementwiseKernels VECTOR = Kernels.vectorElementwise();

  /** Around the widths of 128-, 256- and 512-bit vectors, and one length far from them. */
  private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 1000, 100_003};

  private static final float[] SPECIAL = {
    Float.NaN,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    -0f,
    0f,
    1e30f,
    -1e30f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    1e-40f,
    Float.MIN_NORMAL,
    1f,
    -1f,
    2f,
    0.5f,
    88.8f,
    -88.8f,
    -100f,
    100f,
    1e-8f,
    -1e-8f,
    20f,
    -20f
  };

  /** Gaussian values at a few scales, with about one in eight drawn from {@link #SPECIAL}. */
  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int pick = TestRng.nextInt(rng, 8);
      x[i] =
          switch (pick) {
            case 0 -> SPECIAL[TestRng.nextInt(rng, SPECIAL.length)];
            case 1 -> (float) (rng.nextGaussian() * 1e-3);
            case 2 -> (float) (rng.nextGaussian() * 30);
            default -> (float) rng.nextGaussian();
          };
    }
    return x;
  }

  /** Values from a small set, so that equal operands (ties) are common. */
  private static float[] fewValues(Rng rng, int n) {
    float[] pool = {Float.NaN, -0f, 0f, 1f, -1f, 2f, Float.POSITIVE_INFINITY};
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = pool[TestRng.nextInt(rng, pool.length)];
    }
    return x;
  }

  private static boolean exact(Unary op) {
    return switch (op) {
      case NEG, ABS, SQRT, RELU -> true;
      case EXP, LOG, TANH, SIGMOID -> false;
    };
  }

  // ---------------------------------------------------------------- unary

  @ParameterizedTest
  @EnumSource(Unary.class)
  void unaryAgreesWithPlainOnEveryLength(Unary op) {
    Rng rng = new Rng(op.ordinal() + 1);
    List<Case> cases = new ArrayList<>();
    for (int n : LENGTHS) {
      float[] x = random(rng, n);
      float[] want = new float[n];
      float[] got = new float[n];
      PLAIN.unary(op, x, want, 0, n);
      cases.add(
          new Case(
              n,
              () -> VECTOR.unary(op, x, got, 0, n),
              () -> assertAgree(want, got, exact(op), op + " n=" + n, x)));
    }
    checkColdAndWarm(cases);
  }

  @ParameterizedTest
  @EnumSource(Unary.class)
  void unaryWritesOnlyItsRangeOfTheArrays(Unary op) {
    Rng rng = new Rng(100 + op.ordinal());
    int n = 61;
    float[] x = random(rng, n);
    List<Case> cases = new ArrayList<>();
    for (int off : new int[] {0, 1, 5, 17}) {
      for (int len : new int[] {0, 1, 16, 17, n - off - 1}) {
        float[] want = new float[n];
        float[] got = new float[n];
        Arrays.fill(want, -7f);
        Arrays.fill(got, -7f);
        PLAIN.unary(op, x, want, off, len);
        cases.add(
            new Case(
                len,
                () -> VECTOR.unary(op, x, got, off, len),
                () -> assertAgree(want, got, exact(op), op + " off=" + off + " len=" + len, x)));
      }
    }
    checkColdAndWarm(cases);
  }

  @Test
  void leakyReluAndItsBackwardAgreeWithPlainBitForBit() {
    Rng rng = new Rng(11);
    List<Case> cases = new ArrayList<>();
    for (float slope : new float[] {0.01f, 0.2f, 0f, -0.5f, 1.5f}) {
      for (int n : LENGTHS) {
        float[] x = random(rng, n);
        float[] g = random(rng, n);
        float[] want = new float[n];
        float[] got = new float[n];
        float[] wantGrad = new float[n];
        float[] gotGrad = new float[n];
        PLAIN.leakyRelu(x, slope, want, 0, n);
        PLAIN.leakyReluBackward(g, x, slope, wantGrad, 0, n);
        cases.add(
            new Case(
                n,
                () -> {
                  VECTOR.leakyRelu(x, slope, got, 0, n);
                  VECTOR.leakyReluBackward(g, x, slope, gotGrad, 0, n);
                },
                () -> {
                  assertAgree(want, got, true, "leakyRelu slope=" + slope + " n=" + n, x);
                  assertAgree(
                      wantGrad, gotGrad, true, "its backward slope=" + slope + " n=" + n, x);
                }));
      }
    }
    checkColdAndWarm(cases);
  }

  @ParameterizedTest
  @EnumSource(UnaryGrad.class)
  void unaryBackwardAgreesWithPlainBitForBit(UnaryGrad op) {
    Rng rng = new Rng(200 + op.ordinal());
    List<Case> cases = new ArrayList<>();
    for (int n : LENGTHS) {
      float[] g = random(rng, n);
      float[] saved = random(rng, n);
      float[] want = new float[n];
      float[] got = new float[n];
      PLAIN.unaryBackward(op, g, saved, want, 0, n);
      cases.add(
          new Case(
              n,
              () -> VECTOR.unaryBackward(op, g, saved, got, 0, n),
              () -> assertAgree(want, got, true, op + " backward n=" + n, saved)));
    }
    checkColdAndWarm(cases);
  }

  @Test
  void extremumBackwardRoutesLikePlainIncludingTiesAndNaN() {
    Rng rng = new Rng(12);
    List<Case> cases = new ArrayList<>();
    for (boolean max : new boolean[] {true, false}) {
      for (int n : LENGTHS) {
        for (boolean ties : new boolean[] {true, false}) {
          float[] a = ties ? fewValues(rng, n) : random(rng, n);
          float[] b = ties ? fewValues(rng, n) : random(rng, n);
          float[] g = random(rng, n);
          float[] wantA = new float[n];
          float[] wantB = new float[n];
          float[] gotA = new float[n];
          float[] gotB = new float[n];
          PLAIN.extremumBackward(max, g, a, b, wantA, wantB, 0, n);
          String what = (max ? "max" : "min") + " backward n=" + n + " ties=" + ties;
          cases.add(
              new Case(
                  n,
                  () -> VECTOR.extremumBackward(max, g, a, b, gotA, gotB, 0, n),
                  () -> {
                    assertAgree(wantA, gotA, true, what + " (to a)", a);
                    assertAgree(wantB, gotB, true, what + " (to b)", b);
                  }));
        }
      }
    }
    checkColdAndWarm(cases);
  }

  // ---------------------------------------------------------------- broadcasting

  /** Pairs of operand shapes covering every path of the broadcasting dispatch. */
  private static List<int[][]> layouts() {
    List<int[][]> s = new ArrayList<>();
    for (int n : LENGTHS) {
      s.add(new int[][] {{n}, {n}}); // same size
      s.add(new int[][] {{n}, {}}); // tensor-scalar
      s.add(new int[][] {{}, {n}}); // scalar-tensor
      s.add(new int[][] {{1}, {n}});
    }
    int[][][] fixed = {
      {{128, 256}, {256}}, // bias add: rows of both
      {{7, 33}, {7, 1}}, // a row against one element of b
      {{1, 33}, {7, 1}}, // outer product: one element of a against a row of b
      {{5, 1}, {1, 17}},
      {{2, 3, 17}, {3, 1}},
      {{4, 1, 5}, {1, 6, 1}},
      {{3, 4, 5}, {3, 4, 5}},
      {{1, 4, 1}, {3, 4, 5}},
      {{2, 1, 1, 1000}, {3, 1, 1000}},
      {{0, 5}, {5}}, // empty
      {{3, 0}, {1}},
      {{3, 0}, {3, 1}},
      {{0}, {}},
      {{1}, {1}},
      {{}, {}},
      {{1, 1}, {}},
      {{100_003, 1}, {1, 2}},
      // b repeats along the flat output (a bias over rows): periods below, at and above the
      // vector width, several trailing dimensions, leading 1s
      {{9, 3}, {3}},
      {{6, 16}, {16}},
      {{40, 100}, {100}},
      {{4, 3, 5}, {3, 5}},
      {{2, 7, 33}, {1, 7, 33}},
    };
    s.addAll(Arrays.asList(fixed));
    Rng rng = new Rng(5);
    int[] dims = {1, 2, 3, 5, 15, 16, 17, 33};
    for (int t = 0; t < 40; t++) {
      int rank = 1 + TestRng.nextInt(rng, 4);
      int[] out = new int[rank];
      for (int d = 0; d < rank; d++) {
        out[d] = dims[TestRng.nextInt(rng, dims.length)];
      }
      s.add(new int[][] {derived(rng, out), derived(rng, out)});
    }
    return s;
  }

  /** A shape that broadcasts to {@code out}: leading dimensions dropped, some others set to 1. */
  private static int[] derived(Rng rng, int[] out) {
    int drop = TestRng.nextInt(rng, out.length + 1);
    int[] s = Arrays.copyOfRange(out, drop, out.length);
    for (int d = 0; d < s.length; d++) {
      if (TestRng.nextInt(rng, 3) == 0) {
        s[d] = 1;
      }
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(Binary.class)
  void binaryAgreesWithPlainForEveryLayout(Binary op) {
    Rng rng = new Rng(300 + op.ordinal());
    List<Case> cases = new ArrayList<>();
    for (int[][] l : layouts()) {
      int[] as = l[0];
      int[] bs = l[1];
      int[] os = Shapes.broadcast("test", as, bs);
      float[] a = random(rng, Shapes.size(as));
      float[] b = random(rng, Shapes.size(bs));
      if (op == Binary.POW && TestRng.nextInt(rng, 2) == 0) {
        // Small exponents, integral ones (negative bases) and the x^2 fast path: the usual cases.
        for (int i = 0; i < b.length; i++) {
          b[i] = i % 3 == 0 ? 2f : TestRng.nextInt(rng, 7) - 3 + (i % 3 == 1 ? 0.5f : 0f);
        }
      }
      float[] want = new float[Shapes.size(os)];
      float[] got = new float[want.length];
      PLAIN.binary(op, a, as, b, bs, want, os);
      String what = op + " " + Arrays.toString(as) + " " + Arrays.toString(bs);
      cases.add(
          new Case(
              want.length,
              () -> VECTOR.binary(op, a, as, b, bs, got, os),
              () -> assertAgree(want, got, op != Binary.POW, what, null)));
    }
    checkColdAndWarm(cases);
  }

  @ParameterizedTest
  @EnumSource(Comparison.class)
  void comparisonsAgreeWithPlainForEveryLayout(Comparison op) {
    Rng rng = new Rng(400 + op.ordinal());
    List<Case> cases = new ArrayList<>();
    for (int[][] l : layouts()) {
      int[] as = l[0];
      int[] bs = l[1];
      int[] os = Shapes.broadcast("test", as, bs);
      boolean ties = TestRng.nextInt(rng, 2) == 0;
      float[] a = ties ? fewValues(rng, Shapes.size(as)) : random(rng, Shapes.size(as));
      float[] b = ties ? fewValues(rng, Shapes.size(bs)) : random(rng, Shapes.size(bs));
      boolean[] want = new boolean[Shapes.size(os)];
      boolean[] got = new boolean[want.length];
      PLAIN.compare(op, a, as, b, bs, want, os);
      for (int i = 0; i < got.length; i++) { // a lane the vector loop misses stays wrong
        got[i] = !want[i];
      }
      String what = op + " " + Arrays.toString(as) + " " + Arrays.toString(bs);
      // isEqualTo compares the arrays in one pass (containsExactly is quadratic on 200,000 ints).
      cases.add(
          new Case(
              want.length,
              () -> VECTOR.compare(op, a, as, b, bs, got, os),
              () -> assertThat(got).as(what).isEqualTo(want)));
    }
    checkColdAndWarm(cases);
  }

  @Test
  void float64AndInt32AreThePlainResults() {
    Rng rng = new Rng(13);
    int[] as = {7, 33};
    int[] bs = {33};
    double[] a = new double[7 * 33];
    double[] b = new double[33];
    int[] ia = new int[a.length];
    int[] ib = new int[b.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian();
      ia[i] = TestRng.nextInt(rng, 100) - 50;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rng.nextGaussian();
      ib[i] = TestRng.nextInt(rng, 100) - 50;
    }
    double[] want = new double[a.length];
    double[] got = new double[a.length];
    PLAIN.binary(Binary.ADD, a, as, b, bs, want, as);
    VECTOR.binary(Binary.ADD, a, as, b, bs, got, as);
    assertThat(got).containsExactly(want);
    PLAIN.unary(Unary.TANH, a, want, 0, a.length);
    VECTOR.unary(Unary.TANH, a, got, 0, a.length);
    assertThat(got).containsExactly(want);
    int[] iwant = new int[a.length];
    int[] igot = new int[a.length];
    PLAIN.binary(Binary.MUL, ia, as, ib, bs, iwant, as);
    VECTOR.binary(Binary.MUL, ia, as, ib, bs, igot, as);
    assertThat(igot).containsExactly(iwant);
  }

  // ---------------------------------------------------------------- parallel

  @Test
  void addSplitOverThreadsEqualsTheSerialPlainAddForEveryLayout() {
    // Past the threshold the vector kernel splits the work into chunks (or ranges of rows).
    int n = VectorElementwiseKernels.CHEAP_PARALLEL + 17;
    Rng rng = new Rng(14);
    float[] a = random(rng, n);
    float[] b = random(rng, n);
    int[][][] layouts = {
      {{n}, {n}},
      {{n}, {}},
      {{}, {n}},
      {{n / 251, 251}, {251}}, // rows of a bias add
      {{n / 251, 251}, {n / 251, 1}},
    };
    for (int[][] l : layouts) {
      int[] as = l[0];
      int[] bs = l[1];
      int[] os = Shapes.broadcast("test", as, bs);
      float[] aa = Arrays.copyOf(a, Shapes.size(as));
      float[] bb = Arrays.copyOf(b, Shapes.size(bs));
      float[] want = new float[Shapes.size(os)];
      float[] got = new float[want.length];
      PLAIN.binary(Binary.ADD, aa, as, bb, bs, want, os);
      VECTOR.binary(Binary.ADD, aa, as, bb, bs, got, os);
      assertAgree(want, got, true, "add " + Arrays.toString(as) + " " + Arrays.toString(bs), null);
    }
  }

  @Test
  void costlyUnarySplitOverThreadsAgreesWithPlain() {
    int n = VectorElementwiseKernels.COSTLY_PARALLEL + 33;
    float[] x = random(new Rng(15), n);
    float[] want = new float[n];
    float[] got = new float[n];
    PLAIN.unary(Unary.TANH, x, want, 0, n);
    VECTOR.unary(Unary.TANH, x, got, 0, n);
    assertAgree(want, got, false, "tanh n=" + n, x);
    PLAIN.unaryBackward(UnaryGrad.RELU, x, want, got, 0, n);
    float[] plainGrad = got.clone();
    VECTOR.unaryBackward(UnaryGrad.RELU, x, want, got, 0, n);
    assertAgree(plainGrad, got, true, "relu backward n=" + n, x);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * One comparison: {@code vector} runs the vector kernel into its output array, {@code check}
   * compares that with the plain result computed beforehand. {@code size} is the output's.
   */
  private record Case(int size, Runnable vector, Runnable check) {}

  /**
   * Checks every case with the vector loops cold, then runs the cases of up to {@value
   * #WARM_MAX_SIZE} elements {@value #WARM_ROUNDS} times and checks every case again. Cold, the
   * Vector API computes lane by lane with {@code java.lang.Math}; warm, the JIT has compiled the
   * loops to vector instructions; a kernel that called the Vector API's lanewise EXP, LOG or POW
   * would differ between the two (SVML against {@code java.lang.Math}).
   */
  private static void checkColdAndWarm(List<Case> cases) {
    for (Case c : cases) {
      c.vector().run();
      c.check().run();
    }
    for (int r = 0; r < WARM_ROUNDS; r++) {
      for (Case c : cases) {
        if (c.size() <= WARM_MAX_SIZE) {
          c.vector().run();
        }
      }
    }
    for (Case c : cases) {
      c.vector().run();
      c.check().run();
    }
  }

  /**
   * Position of {@code f} on the float line: adjacent floats differ by 1, {@code -0.0} and {@code
   * 0.0} are both 0, and infinity is 1 past the largest float.
   */
  private static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits >= 0 ? bits : -(long) (bits & 0x7fffffff);
  }

  private static void assertAgree(
      float[] want, float[] got, boolean exact, String what, float[] input) {
    assertThat(got.length).isEqualTo(want.length);
    for (int i = 0; i < want.length; i++) {
      float w = want[i];
      float g = got[i];
      boolean ok;
      if (Float.isNaN(w) || Float.isNaN(g)) {
        ok = Float.isNaN(w) && Float.isNaN(g);
      } else if (exact) {
        ok = Float.floatToIntBits(w) == Float.floatToIntBits(g);
      } else {
        ok = Math.abs(ordinal(w) - ordinal(g)) <= ULPS;
      }
      if (!ok) {
        String in = input == null || i >= input.length ? "" : " input " + input[i];
        throw new AssertionError(
            what + ": at " + i + in + " plain gives " + w + " but vector gives " + g);
      }
    }
  }
}
