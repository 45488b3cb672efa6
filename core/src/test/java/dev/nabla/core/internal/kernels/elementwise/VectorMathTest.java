package dev.nabla.core.internal.kernels.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.ChildJvm;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.kernels.Kernels;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VectorMath}'s {@code e^x} and {@code ln x} against {@link Math#exp} and {@link Math#log}
 * (in double, rounded to float), and the property it exists for: the vector kernels compute the
 * same bits interpreted as compiled, so a result does not depend on how warm the JIT is.
 */
class VectorMathTest {

  /** On the module path core reads the Vector API module only once Kernels has loaded it. */
  @BeforeAll
  static void loadTheVectorKernels() {
    Kernels.vectorLinalg();
  }

  /** The largest distance (at most 1) in ulps from the double function rounded once to float. */
  private static long worstUlps(
      UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float[] x) {
    float[] got = VectorSamples.apply(f, x);
    long worst = 0;
    for (int i = 0; i < x.length; i++) {
      float want = (float) exact.applyAsDouble(x[i]);
      if (Float.isNaN(want)) {
        assertThat(got[i]).as("at x = %s", x[i]).isNaN();
        continue;
      }
      long d = VectorSamples.ulps(got[i], want);
      assertThat(d).as("ulps at x = %s: %s against %s", x[i], got[i], want).isLessThanOrEqualTo(1);
      worst = Math.max(worst, d);
    }
    System.out.println("VectorMathTest: worst " + worst + " ulps over " + x.length + " inputs");
    return worst;
  }

  @Test
  void expIsWithinOneUlpOverASampleOfAllFloatsAndDenselyWhereItIsFiniteAndNonZero() {
    UnaryOperator<FloatVector> exp = VectorMath::exp;
    assertThat(worstUlps(exp, Math::exp, VectorSamples.sample())).isLessThanOrEqualTo(1);
    float[] dense = new float[2_000_001];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = -104f + 193f * i / (dense.length - 1);
    }
    worstUlps(exp, Math::exp, dense);
  }

  @Test
  void logIsWithinOneUlpOverASampleOfAllFloatsAndDenselyNearOne() {
    UnaryOperator<FloatVector> log = VectorMath::log;
    assertThat(worstUlps(log, Math::log, VectorSamples.sample())).isLessThanOrEqualTo(1);
    float[] dense = new float[2_000_001];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = 0.25f + 3.75f * i / (dense.length - 1);
    }
    worstUlps(log, Math::log, dense);
  }

  @Test
  void specialValuesAreExactAndTheRestWithinOneUlp() {
    float[] x = {
      0f,
      -0f,
      Float.MIN_VALUE,
      Float.MIN_NORMAL,
      1f,
      -1f,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN,
      88.72283f,
      88.72284f,
      -87.33655f,
      -103.9f,
      -103.98f,
      -1000f
    };
    float[] exp = VectorSamples.apply(VectorMath::exp, x);
    float[] log = VectorSamples.apply(VectorMath::log, x);
    for (int i = 0; i < x.length; i++) {
      assertSpecial("exp", x[i], exp[i], (float) Math.exp(x[i]));
      assertSpecial("log", x[i], log[i], (float) Math.log(x[i]));
    }
  }

  /** NaN, infinities, zeros (with their sign) and 1 exactly; any other value within 1 ulp. */
  private static void assertSpecial(String f, float x, float got, float want) {
    if (Float.isNaN(want) || Float.isInfinite(want) || want == 0 || want == 1) {
      assertThat(Float.floatToIntBits(got))
          .as("%s(%s) = %s, expected %s", f, x, got, want)
          .isEqualTo(Float.floatToIntBits(want));
    } else {
      assertThat(VectorSamples.ulps(got, want))
          .as("%s(%s) = %s, expected %s", f, x, got, want)
          .isLessThanOrEqualTo(1);
    }
  }

  /** Run in a child JVM under {@code -Xint}: writes the bits of the probed ops to a file. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
        for (float f : probe()) {
          out.writeFloat(f);
        }
      }
    }
  }

  /** Values from -100 to 100 with the special ones mixed in, and a second operand for POW. */
  private static float[] inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[4099];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-3, 3)));
    }
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f, 90f, -105f, 1e-40f};
    System.arraycopy(special, 0, x, 100, special.length);
    return x;
  }

  /**
   * The transcendental unary ops, POW, GELU and its gradient, a softmax, a sum and a matmul through
   * the public API, in FLOAT32 on the vector kernels, concatenated.
   */
  static float[] probe() {
    Tensor x = Tensor.of(inputs(1), 4099);
    Tensor y = Tensor.of(inputs(2), 4099);
    Tensor m = Tensor.of(Arrays.copyOf(inputs(3), 64 * 48), 64, 48);
    Tensor w = Tensor.of(Arrays.copyOf(inputs(4), 48 * 40), 48, 40);
    Tensor g = Tensor.of(inputs(5), 4099).requiresGrad(true);
    g.gelu().mul(y).sum().backward();
    List<Tensor> parts =
        List.of(
            x.exp(),
            x.abs().log(),
            x.tanh(),
            x.sigmoid(),
            x.abs().pow(y.tanh().mul(Tensor.scalar(4f))),
            x.abs().pow(0.7),
            x.gelu(),
            g.grad(),
            m.softmax(1).reshape(-1),
            m.sum(0),
            m.matmul(w).reshape(-1));
    float[] all = new float[parts.stream().mapToInt(Tensor::size).sum()];
    int at = 0;
    for (Tensor t : parts) {
      float[] a = t.toFloatArray();
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    return all;
  }

  @Test
  void theVectorKernelsGiveTheSameBitsInterpretedAsCompiled(@TempDir Path dir) throws Exception {
    assertThat(Kernels.implementation()).isEqualTo("vector");
    for (int i = 0; i < 2000; i++) {
      probe();
    }
    float[] compiled = probe();
    Path file = dir.resolve("interpreted.bin");
    ChildJvm.run(
        Probe.class,
        List.of("-Xint", "--add-modules", "jdk.incubator.vector"),
        300,
        file.toString());
    float[] interpreted = new float[compiled.length];
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      for (int i = 0; i < interpreted.length; i++) {
        interpreted[i] = in.readFloat();
      }
      assertThat(in.read()).as("values past the end").isEqualTo(-1);
    }
    for (int i = 0; i < compiled.length; i++) {
      assertThat(Float.floatToIntBits(interpreted[i]))
          .as("value %d: interpreted %s, compiled %s", i, interpreted[i], compiled[i])
          .isEqualTo(Float.floatToIntBits(compiled[i]));
    }
  }
}
