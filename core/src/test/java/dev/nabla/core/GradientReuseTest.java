package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.TensorAccess;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * zeroGrad() gives a gradient's storage back for the next gradient of the same size only when
 * nothing outside the engine saw it (no grad() call since it was stored); a gradient handed out
 * keeps its values.
 */
class GradientReuseTest {
  private static final int N = 64; // a 64 x 64 weight: 4,096 floats, above the pool's minimum

  private static Tensor input(long seed) {
    return Tensor.randn(seed, 1, N);
  }

  /** loss = sum(x w): d loss / d w[k][j] = x[k]. */
  private static void backward(Tensor x, Tensor w) {
    x.matmul(w).sum().backward();
  }

  private static void assertGradientOf(Tensor x, float[] g) {
    float[] xv = x.toFloatArray();
    for (int k = 0; k < N; k++) {
      for (int j = 0; j < N; j++) {
        assertThat(g[k * N + j]).as("d loss / d w[%d][%d]", k, j).isEqualTo(xv[k]);
      }
    }
  }

  @Test
  void unseenGradientStorageIsReusedAndRefilledCorrectly() {
    Tensor w = Tensor.randn(3L, N, N).requiresGrad(true);
    backward(input(1), w);
    float[] first = TensorAccess.floats(TensorAccess.gradForUpdate(w)); // does not hand it out
    w.zeroGrad();
    Tensor x2 = input(2);
    backward(x2, w);
    Tensor g2 = TensorAccess.gradForUpdate(w);
    assertThat(TensorAccess.floats(g2)).as("the recycled array").isSameAs(first);
    assertGradientOf(x2, w.grad().toFloatArray());
  }

  @Test
  void gradientHandedOutByGradIsNeverReused() {
    Tensor w = Tensor.randn(3L, N, N).requiresGrad(true);
    Tensor x1 = input(1);
    backward(x1, w);
    Tensor kept = w.grad(); // the user holds it now
    w.zeroGrad();
    for (int s = 0; s < 3; s++) {
      backward(input(10 + s), w);
      assertThat(TensorAccess.floats(TensorAccess.gradForUpdate(w)))
          .isNotSameAs(kept.floatStorage());
      w.zeroGrad();
    }
    assertGradientOf(x1, kept.toFloatArray());
  }

  @Test
  void gradientAccumulatedOverTwoBackwardsIsRight() {
    Tensor w = Tensor.randn(3L, N, N).requiresGrad(true);
    Tensor x1 = input(1);
    backward(x1, w);
    w.zeroGrad(); // recycled
    backward(x1, w);
    backward(x1, w); // accumulates: 2 x1
    float[] g = w.grad().toFloatArray();
    for (int i = 0; i < g.length; i++) {
      g[i] /= 2;
    }
    assertGradientOf(x1, g);
  }

  /** Fills every float array the pool may hand out next with garbage, through new tensors. */
  private static void scribbleOverFreedArrays(int size) {
    for (int k = 0; k < 20; k++) {
      float[] s = Tensor.zeros(size).floatStorage();
      assertThat(s[0]).as("a reused array is zero-filled").isZero();
      java.util.Arrays.fill(s, 1e9f);
    }
  }

  @Test
  void seedAndGradientsPassedThroughAreNotReused() {
    int size = 4096;
    Tensor a = Tensor.randn(1L, size).requiresGrad(true);
    Tensor b = Tensor.randn(2L, size).requiresGrad(true);
    Tensor seed = Tensor.randn(3L, 64, 64);
    float[] seedValues = seed.toFloatArray();
    // Mul gets the seed (reshaped back), tanh's gradient passes through Reshape and Add
    Tensor y = a.mul(b).tanh().add(b).reshape(64, 64);
    y.backward(seed);
    float[] ga = TensorAccess.floats(TensorAccess.gradForUpdate(a)).clone();
    float[] gb = TensorAccess.floats(TensorAccess.gradForUpdate(b)).clone();
    scribbleOverFreedArrays(size);
    assertThat(seed.toFloatArray()).isEqualTo(seedValues);
    assertThat(a.grad().toFloatArray()).isEqualTo(ga);
    assertThat(b.grad().toFloatArray()).isEqualTo(gb);
    // and against a hand computation: d/da = s b (1 - t^2), d/db = s a (1 - t^2) + s
    float[] av = a.toFloatArray(), bv = b.toFloatArray();
    for (int i = 0; i < size; i += 37) {
      double t = Math.tanh((double) av[i] * bv[i]);
      assertThat((double) ga[i])
          .isCloseTo(
              seedValues[i] * bv[i] * (1 - t * t), org.assertj.core.api.Assertions.within(1e-4));
      assertThat((double) gb[i])
          .isCloseTo(
              seedValues[i] * av[i] * (1 - t * t) + seedValues[i],
              org.assertj.core.api.Assertions.within(1e-4));
    }
  }

  @Test
  void steadyStepsAllocateNoWeightGradient() {
    Tensor w = Tensor.randn(3L, N * 4, N * 4).requiresGrad(true); // 256 KB
    Tensor x = Tensor.randn(1L, 1, N * 4);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    // Many repetitions: until the JIT compiles the Vector API kernels, they allocate as well.
    for (int rep = 0; rep < 400; rep++) {
      w.zeroGrad();
      Tensor loss = x.matmul(w).sum();
      long before = threads.getCurrentThreadAllocatedBytes();
      loss.backward();
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(least).as("bytes allocated by a steady backward").isLessThan(4L * N * N);
  }
}
