package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.internal.Rng;
import org.junit.jupiter.api.Test;

/** Creating tensors, reading them out, and the reproducible random generators. */
class TensorCreationTest {

  // ---------------------------------------------------------------- Tensor.of

  @Test
  void ofBuildsTensorsOfEachDtype() {
    Tensor f = Tensor.of(new float[] {1.5f, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(f.shape()).containsExactly(2, 3);
    assertThat(f.toFloatArray()).containsExactly(1.5f, 2, 3, 4, 5, 6);
    Tensor d = Tensor.of(new double[] {0.1, 0.2}, 2);
    assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(d.toDoubleArray()).containsExactly(0.1, 0.2);
    Tensor i = Tensor.of(new int[] {7, -8, 9}, 3, 1);
    assertThat(i.dtype()).isEqualTo(DType.INT32);
    assertThat(i.shape()).containsExactly(3, 1);
    assertThat(i.toIntArray()).containsExactly(7, -8, 9);
    Tensor zeroD = Tensor.of(new double[] {4});
    assertThat(zeroD.shape()).isEmpty();
    assertThat(zeroD.item()).isEqualTo(4.0);
  }

  @Test
  void ofCopiesTheInputArray() {
    float[] f = {1, 2};
    double[] d = {1, 2};
    int[] i = {1, 2};
    Tensor tf = Tensor.of(f, 2), td = Tensor.of(d, 2), ti = Tensor.of(i, 2);
    f[0] = 99;
    d[0] = 99;
    i[0] = 99;
    assertThat(tf.toFloatArray()).containsExactly(1, 2);
    assertThat(td.toDoubleArray()).containsExactly(1, 2);
    assertThat(ti.toIntArray()).containsExactly(1, 2);
  }

  @Test
  void ofRejectsALengthThatDoesNotMatchTheShape() {
    assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tensor.of: data has 5 elements but shape [2, 3] needs 6");
    assertThatThrownBy(() -> Tensor.of(new double[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tensor.of: data has 1 elements but shape [0] needs 0");
    assertThatThrownBy(() -> Tensor.of(new int[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tensor.of: data has 2 elements but shape [] needs 1");
    assertThatThrownBy(() -> Tensor.of((float[]) null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tensor.of: data must not be null");
  }

  @Test
  void shapesMustBeNonNegativeAndFitAnInt() {
    assertThatThrownBy(() -> Tensor.zeros(2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zeros: negative size -1 in shape [2, -1]");
    assertThatThrownBy(() -> Tensor.of(new float[0], -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tensor.of: negative size -1 in shape [-1]");
    assertThatThrownBy(() -> Tensor.ones(1 << 16, 1 << 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "ones: shape [65536, 65536] has 4294967296 elements, more than 2147483647 (2^31-1), the most a tensor can hold");
    assertThatThrownBy(() -> Tensor.randn(1, 1 << 16, 1 << 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "randn: shape [65536, 65536] has 4294967296 elements, more than 2147483647 (2^31-1), the most a tensor can hold");
  }

  // ---------------------------------------------------------------- constants

  @Test
  void scalarsAre0d() {
    Tensor f = Tensor.scalar(2.5f);
    assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(f.shape()).isEmpty();
    assertThat(f.rank()).isZero();
    assertThat(f.size()).isEqualTo(1);
    assertThat(f.item()).isEqualTo(2.5);
    Tensor d = Tensor.scalar(0.1);
    assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(d.item()).isEqualTo(0.1);
    assertThat(Tensor.scalar(DType.INT32, -2.7).intItem()).isEqualTo(-2);
    assertThat(Tensor.scalar(DType.FLOAT64, 1e300).item()).isEqualTo(1e300);
  }

  @Test
  void zerosOnesAndFullFillEveryElement() {
    assertThat(Tensor.zeros(2, 2).toFloatArray()).containsExactly(0, 0, 0, 0);
    assertThat(Tensor.zeros(2, 2).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(Tensor.zeros(DType.INT32, 3).toIntArray()).containsExactly(0, 0, 0);
    assertThat(Tensor.ones(3).toFloatArray()).containsExactly(1, 1, 1);
    assertThat(Tensor.ones(DType.FLOAT64, 1, 2).toDoubleArray()).containsExactly(1, 1);
    assertThat(Tensor.ones(DType.FLOAT64, 1, 2).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(Tensor.full(0.5f, 2).toFloatArray()).containsExactly(0.5f, 0.5f);
    assertThat(Tensor.full(DType.INT32, 3.9, 2).toIntArray()).containsExactly(3, 3);
    assertThat(Tensor.full(DType.FLOAT64, -1e-300, 1).item()).isEqualTo(-1e-300);
    assertThat(Tensor.zeros().shape()).isEmpty();
    assertThat(Tensor.zeros(3, 0).size()).isZero();
  }

  @Test
  void arangeCountsLikeNumpy() {
    Tensor a = Tensor.arange(5);
    assertThat(a.dtype()).isEqualTo(DType.INT32);
    assertThat(a.toIntArray()).containsExactly(0, 1, 2, 3, 4);
    assertThat(Tensor.arange(-2, 2).toIntArray()).containsExactly(-2, -1, 0, 1);
    assertThat(Tensor.arange(0).shape()).containsExactly(0);
    assertThat(Tensor.arange(3, 3).shape()).containsExactly(0);
    assertThatThrownBy(() -> Tensor.arange(3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arange: end 1 is before start 3 (expected start <= end)");
    assertThatThrownBy(() -> Tensor.arange(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arange: end -1 is before start 0");
  }

  @Test
  void arangeWithAStepCountsCeilOfTheRangeOverTheStep() {
    Tensor q = Tensor.arange(DType.FLOAT64, 0, 1, 0.25);
    assertThat(q.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(q.toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75);
    assertThat(Tensor.arange(DType.FLOAT64, 5, 0, -2).toDoubleArray()).containsExactly(5, 3, 1);
    assertThat(Tensor.arange(DType.FLOAT64, 0, 1.1, 0.5).toDoubleArray())
        .containsExactly(0, 0.5, 1.0);
    assertThat(Tensor.arange(DType.FLOAT64, 0, -1, 1).shape()).containsExactly(0);
    assertThatThrownBy(() -> Tensor.arange(DType.FLOAT64, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "arange: expected finite start, end and a non-zero step, got start=0.0, end=1.0, step=0.0");
    assertThatThrownBy(() -> Tensor.arange(DType.FLOAT64, 0, Double.POSITIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arange: expected finite start, end and a non-zero step");
    assertThatThrownBy(() -> Tensor.arange(DType.FLOAT64, Double.NaN, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arange: expected finite start, end and a non-zero step");
    assertThatThrownBy(() -> Tensor.arange(DType.FLOAT64, 0, 1e10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "arange: start=0.0, end=1.0E10, step=1.0 gives 10000000000 elements, more than 2147483647");
  }

  // ---------------------------------------------------------------- random

  /** SplitMix64 written out from Vigna's splitmix64.c, independently of internal.Rng. */
  private static final class ReferenceSplitMix64 {
    private long x;

    ReferenceSplitMix64(long seed) {
      x = seed;
    }

    long next() {
      x += 0x9e3779b97f4a7c15L;
      long z = x;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }

  @Test
  void rngIsSplitMix64WithItsPublishedOutputs() {
    long[] published = {0xE220A8397B1DCDAFL, 0x6E789E6AA1B965F4L, 0x06C45D188009454FL};
    Rng rng = new Rng(0);
    ReferenceSplitMix64 ref = new ReferenceSplitMix64(0);
    for (long p : published) {
      assertThat(ref.next()).isEqualTo(p);
      assertThat(rng.nextLong()).isEqualTo(p);
    }
    for (long seed : new long[] {1, 42, -7, Long.MAX_VALUE}) {
      Rng r = new Rng(seed);
      ReferenceSplitMix64 s = new ReferenceSplitMix64(seed);
      for (int i = 0; i < 1000; i++) {
        assertThat(r.nextLong()).isEqualTo(s.next());
      }
    }
  }

  @Test
  void uniformAndRandnArePinnedToSplitMix64() {
    // uniform: 53 high bits of each output scaled to [0, 1), then to [low, high).
    ReferenceSplitMix64 ref = new ReferenceSplitMix64(42);
    double[] u = Tensor.uniform(42, DType.FLOAT64, -2, 3, 5).toDoubleArray();
    for (double v : u) {
      assertThat(v).isEqualTo(-2 + 5 * ((ref.next() >>> 11) * 0x1.0p-53));
    }
    // randn: Box-Muller over two uniforms, cosine branch first, then the sine branch.
    ref = new ReferenceSplitMix64(7);
    double[] n = Tensor.randn(7, DType.FLOAT64, 2).toDoubleArray();
    double u1 = (ref.next() >>> 11) * 0x1.0p-53;
    double u2 = (ref.next() >>> 11) * 0x1.0p-53;
    double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
    assertThat(n[0]).isEqualTo(r * StrictMath.cos(2 * StrictMath.PI * u2));
    assertThat(n[1]).isEqualTo(r * StrictMath.sin(2 * StrictMath.PI * u2));
  }

  @Test
  void sameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
    assertThat(Tensor.rand(5, 100).toFloatArray())
        .containsExactly(Tensor.rand(5, 100).toFloatArray());
    assertThat(Tensor.rand(5, 100).toFloatArray()).isNotEqualTo(Tensor.rand(6, 100).toFloatArray());
    assertThat(Tensor.randn(5, 3, 4).toFloatArray())
        .containsExactly(Tensor.randn(5, 3, 4).toFloatArray());
    assertThat(Tensor.randn(5, 3, 4).toFloatArray())
        .isNotEqualTo(Tensor.randn(6, 3, 4).toFloatArray());
    assertThat(Tensor.uniform(5, -1f, 1f, 50).toFloatArray())
        .containsExactly(Tensor.uniform(5, -1f, 1f, 50).toFloatArray());
    assertThat(Tensor.uniform(5, -1f, 1f, 50).toFloatArray())
        .isNotEqualTo(Tensor.uniform(6, -1f, 1f, 50).toFloatArray());
    assertThat(Tensor.randn(9, DType.FLOAT64, 10).toFloatArray())
        .containsExactly(Tensor.randn(9, 10).toFloatArray());
  }

  @Test
  void randnHasZeroMeanAndUnitStandardDeviation() {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor t = Tensor.randn(123, dtype, 100_000);
      assertThat(t.dtype()).isEqualTo(dtype);
      double[] v = t.toDoubleArray();
      double mean = 0;
      for (double x : v) {
        mean += x;
      }
      mean /= v.length;
      double var = 0;
      for (double x : v) {
        var += (x - mean) * (x - mean);
      }
      double std = Math.sqrt(var / v.length);
      // Standard errors: 1/sqrt(n) = 0.0032 for the mean, about 0.0022 for the std.
      assertThat(mean).isCloseTo(0, within(0.015));
      assertThat(std).isCloseTo(1, within(0.01));
    }
  }

  @Test
  void uniformStaysWithinItsBounds() {
    float[] r = Tensor.rand(1, 10_000).toFloatArray();
    for (float x : r) {
      assertThat(x).isGreaterThanOrEqualTo(0f).isLessThan(1f);
    }
    double[] u = Tensor.uniform(2, DType.FLOAT64, -3, 5, 10_000).toDoubleArray();
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
    for (double x : u) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    assertThat(min).isGreaterThanOrEqualTo(-3).isLessThan(-2.99);
    assertThat(max).isLessThan(5).isGreaterThan(4.99);
    assertThat(sum / u.length).isCloseTo(1, within(0.1));
    assertThat(Tensor.uniform(3, 2f, 2f, 4).toFloatArray()).containsExactly(2, 2, 2, 2);
    assertThat(Tensor.uniform(3, -1f, 1f, 2, 3).shape()).containsExactly(2, 3);
  }

  @Test
  void randomGeneratorsRejectBadArguments() {
    assertThatThrownBy(() -> Tensor.uniform(1, 2f, 1f, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uniform: expected finite low <= high, got low=2.0, high=1.0");
    assertThatThrownBy(() -> Tensor.uniform(1, DType.FLOAT64, 0, Double.POSITIVE_INFINITY, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uniform: expected finite low <= high");
    assertThatThrownBy(() -> Tensor.uniform(1, DType.INT32, 0, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uniform: expected FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(() -> Tensor.randn(1, DType.INT32, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("randn: expected FLOAT32 or FLOAT64, got INT32");
    assertThatThrownBy(() -> Tensor.randn(1, null, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("randn: expected FLOAT32 or FLOAT64, got null");
  }

  // ---------------------------------------------------------------- read-out

  @Test
  void shapeReturnsACopy() {
    Tensor t = Tensor.zeros(2, 3);
    t.shape()[0] = 99;
    assertThat(t.shape()).containsExactly(2, 3);
  }

  @Test
  void dimRankAndSizeDescribeTheShape() {
    Tensor t = Tensor.zeros(2, 3, 4);
    assertThat(t.rank()).isEqualTo(3);
    assertThat(t.size()).isEqualTo(24);
    assertThat(t.dim(0)).isEqualTo(2);
    assertThat(t.dim(-1)).isEqualTo(4);
    assertThat(t.dim(-3)).isEqualTo(2);
    assertThatThrownBy(() -> t.dim(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "dim: axis 3 is out of range for a tensor of shape [2, 3, 4] (expected -3 to 2)");
    assertThatThrownBy(() -> Tensor.scalar(1f).dim(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "dim: axis 0 is out of range for a tensor of shape [] (expected no axis: it is 0-d)");
  }

  @Test
  void itemReadsTheOnlyElementInEachForm() {
    assertThat(Tensor.of(new float[] {2.75f}, 1, 1).item()).isEqualTo(2.75);
    assertThat(Tensor.scalar(-2.75).floatItem()).isEqualTo(-2.75f);
    assertThat(Tensor.scalar(-2.75).intItem()).isEqualTo(-2);
    assertThat(Tensor.of(new int[] {Integer.MIN_VALUE}, 1).item()).isEqualTo(Integer.MIN_VALUE);
    assertThat(Tensor.of(new int[] {5}).intItem()).isEqualTo(5);
  }

  @Test
  void itemRejectsTensorsWithOtherThanOneElement() {
    assertThatThrownBy(() -> Tensor.zeros(2).item())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("item: expected a tensor with one element, got shape [2]");
    assertThatThrownBy(() -> Tensor.zeros(0).floatItem())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("item: expected a tensor with one element, got shape [0]");
    assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 1, 2).intItem())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("got shape [1, 2]");
  }

  @Test
  void arrayConversionsConvertAndTruncateTowardZero() {
    Tensor d = Tensor.of(new double[] {-2.7, 0.1, 3.9}, 3);
    assertThat(d.toIntArray()).containsExactly(-2, 0, 3);
    assertThat(d.toFloatArray()).containsExactly(-2.7f, 0.1f, 3.9f);
    Tensor f = Tensor.of(new float[] {-1.5f, 0.1f}, 2);
    assertThat(f.toDoubleArray()).containsExactly(-1.5, (double) 0.1f);
    assertThat(f.toIntArray()).containsExactly(-1, 0);
    Tensor i = Tensor.of(new int[] {-3, 16_777_217}, 2);
    assertThat(i.toDoubleArray()).containsExactly(-3, 16_777_217);
    assertThat(i.toFloatArray()).containsExactly(-3f, 16_777_216f);
  }

  @Test
  void arrayConversionsReturnCopies() {
    Tensor f = Tensor.of(new float[] {1}, 1);
    f.toFloatArray()[0] = 5;
    Tensor d = Tensor.of(new double[] {1}, 1);
    d.toDoubleArray()[0] = 5;
    Tensor i = Tensor.of(new int[] {1}, 1);
    i.toIntArray()[0] = 5;
    assertThat(f.item()).isEqualTo(1.0);
    assertThat(d.item()).isEqualTo(1.0);
    assertThat(i.item()).isEqualTo(1.0);
  }

  @Test
  void requiresGradIsOnlyForFloatingPointTensors() {
    assertThat(Tensor.zeros(2).requiresGrad(true).requiresGrad()).isTrue();
    assertThat(Tensor.zeros(DType.FLOAT64, 2).requiresGrad()).isFalse();
    assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 2).requiresGrad(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "requiresGrad: INT32 tensors cannot require grad; expected FLOAT32 or FLOAT64");
    assertThat(Tensor.zeros(DType.INT32, 2).requiresGrad(false).requiresGrad()).isFalse();
  }
}
