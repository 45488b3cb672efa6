package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.TestRng;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lane sums follow one fixed pairwise order, the same before and after the JIT compiles them:
 * {@code reduceLanes(ADD)} did not, and runs of one training program diverged in the last bits.
 */
class SumLanesTest {

  /** On the module path core reads the Vector API module only once Kernels has loaded it. */
  @BeforeAll
  static void loadTheVectorKernels() {
    Kernels.vectorLinalg();
  }

  /** lane i + lane (i XOR w) for w = L/2 .. 1, computed by hand in float. */
  private static float pairwise(float[] t) {
    float[] a = t.clone();
    for (int w = a.length / 2; w > 0; w /= 2) {
      float[] b = a.clone();
      for (int i = 0; i < a.length; i++) {
        b[i] = a[i] + a[i ^ w];
      }
      a = b;
    }
    return a[0];
  }

  private static double pairwise(double[] t) {
    double[] a = t.clone();
    for (int w = a.length / 2; w > 0; w /= 2) {
      double[] b = a.clone();
      for (int i = 0; i < a.length; i++) {
        b[i] = a[i] + a[i ^ w];
      }
      a = b;
    }
    return a[0];
  }

  @Test
  void floatAndDoubleLaneSumsTakeTheSameOrderColdAndWarm() {
    int lf = FloatVector.SPECIES_PREFERRED.length(), ld = DoubleVector.SPECIES_PREFERRED.length();
    Rng rng = new Rng(77);
    // values of very different magnitudes, so that any other order rounds differently
    float[][] fs = new float[64][lf];
    double[][] ds = new double[64][ld];
    for (int c = 0; c < fs.length; c++) {
      for (int i = 0; i < lf; i++) {
        fs[c][i] = (float) (rng.nextGaussian() * Math.pow(10, TestRng.nextInt(rng, 9) - 4));
      }
      for (int i = 0; i < ld; i++) {
        ds[c][i] = rng.nextGaussian() * Math.pow(10, TestRng.nextInt(rng, 17) - 8);
      }
    }
    for (int round = 0; round < 3_000; round++) { // the first rounds run before any compilation
      for (int c = 0; c < fs.length; c++) {
        float f = Lanes.sumLanes(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, fs[c], 0));
        double d = Lanes.sumLanes(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, ds[c], 0));
        if (round % 1_000 == 0 || f != pairwise(fs[c]) || d != pairwise(ds[c])) {
          assertThat(f).as("float case %d, round %d", c, round).isEqualTo(pairwise(fs[c]));
          assertThat(d).as("double case %d, round %d", c, round).isEqualTo(pairwise(ds[c]));
        }
      }
    }
  }
}
