package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

  @Test
  void dropsAboutAFractionPAndScalesTheRestByOneOverOneMinusP() {
    int n = 100_000;
    double p = 0.3;
    Tensor y = new Dropout(p, 1L).apply(Tensor.ones(n));
    float kept = (float) (1 / (1 - p));
    int zeros = 0;
    for (float v : y.toFloatArray()) {
      if (v == 0) {
        zeros++;
      } else {
        assertThat(v).isEqualTo(kept);
      }
    }
    // Binomial(1e5, 0.3): standard deviation ~145, so 0.3 +- 0.006 is more than 4 sigma.
    assertThat(zeros / (double) n).isBetween(p - 0.006, p + 0.006);
  }

  @Test
  void isTheIdentityInEvalMode() {
    Dropout d = new Dropout(0.5, 1L);
    d.eval();
    Tensor x = Tensor.randn(2L, 4, 5);
    assertThat(d.apply(x)).isSameAs(x);
    assertThat(new Dropout(0).apply(x)).isSameAs(x);
  }

  @Test
  void pOfOneDropsEverything() {
    assertThat(new Dropout(1).apply(Tensor.ones(10)).toFloatArray()).containsOnly(0f);
  }

  @Test
  void sameSeedGivesTheSameSequenceOfMasksAndEachCallAFreshOne() {
    Tensor x = Tensor.ones(64);
    Dropout a = new Dropout(0.5, 9L), b = new Dropout(0.5, 9L);
    float[] a1 = a.apply(x).toFloatArray(), a2 = a.apply(x).toFloatArray();
    assertThat(b.apply(x).toFloatArray()).isEqualTo(a1);
    assertThat(b.apply(x).toFloatArray()).isEqualTo(a2);
    assertThat(a2).isNotEqualTo(a1);
    assertThat(new Dropout(0.5, 10L).apply(x).toFloatArray()).isNotEqualTo(a1);
    a.reseed(9L);
    assertThat(a.apply(x).toFloatArray()).isEqualTo(a1);
  }

  @Test
  void generatorStateIsAnInt32BufferInTheStateDictThatEachTrainingPassAdvances() {
    Dropout d = new Dropout(0.5, 0x1234_5678_9ABC_DEF0L);
    Tensor state = d.stateDict().get(Dropout.RNG_STATE);
    assertThat(d.stateDict()).containsOnlyKeys(Dropout.RNG_STATE);
    assertThat(state.dtype()).isEqualTo(DType.INT32);
    assertThat(state.shape()).containsExactly(2);
    // the seed is the initial state: low word first, then the high word
    assertThat(state.intStorage()).containsExactly(0x9ABC_DEF0, 0x1234_5678);

    d.apply(Tensor.ones(3));
    // SplitMix64 adds its gamma once per draw, modulo 2^64: three elements, three draws
    long gamma = 0x9E3779B97F4A7C15L;
    long expected = 0x1234_5678_9ABC_DEF0L + 3 * gamma;
    assertThat(d.stateDict().get(Dropout.RNG_STATE).intStorage())
        .containsExactly((int) expected, (int) (expected >>> 32));
    d.eval();
    d.apply(Tensor.ones(3));
    assertThat(d.stateDict().get(Dropout.RNG_STATE).intStorage())
        .as("evaluation draws nothing")
        .containsExactly((int) expected, (int) (expected >>> 32));
  }

  @Test
  void loadingAStateDictPutsTheGeneratorBackWhereItWasSaved() {
    Tensor x = Tensor.ones(64);
    Dropout a = new Dropout(0.5, 5L);
    a.apply(x);
    var saved = a.stateDict();
    saved.replaceAll((n, t) -> t.copy()); // the live dict shares storage: keep a snapshot
    float[] next = a.apply(x).toFloatArray();
    float[] afterNext = a.apply(x).toFloatArray();

    Dropout b = new Dropout(0.5, 99L);
    b.loadStateDict(saved);
    assertThat(b.apply(x).toFloatArray()).isEqualTo(next);
    assertThat(b.apply(x).toFloatArray()).isEqualTo(afterNext);
    a.loadStateDict(saved);
    assertThat(a.apply(x).toFloatArray()).as("rewinding the same layer").isEqualTo(next);
  }

  @Test
  void conversionToFloat64LeavesTheGeneratorStateAlone() {
    Dropout d = new Dropout(0.5, 7L);
    Tensor before = d.stateDict().get(Dropout.RNG_STATE).copy();
    d.to(DType.FLOAT64);
    assertThat(d.stateDict().get(Dropout.RNG_STATE).dtype()).isEqualTo(DType.INT32);
    assertThat(d.stateDict().get(Dropout.RNG_STATE).intStorage()).isEqualTo(before.intStorage());
    assertThat(d.apply(Tensor.ones(DType.FLOAT64, 8)).dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void withoutASeedTheMasksComeFromTheGlobalGeneratorsNextSeed() {
    Tensor x = Tensor.ones(32);
    Nabla.manualSeed(9);
    float[] unseeded = new Dropout(0.5).apply(x).toFloatArray();
    Nabla.manualSeed(9);
    assertThat(unseeded).isEqualTo(new Dropout(0.5, Nabla.nextSeed()).apply(x).toFloatArray());
    assertThat(new Dropout(0.5).apply(x).toFloatArray())
        .as("the next layer's masks")
        .isNotEqualTo(unseeded);
  }

  @Test
  void gradientIsTheMaskScaledByOneOverOneMinusP() {
    Dropout d = new Dropout(0.25, 4L);
    Tensor x = Tensor.randn(1L, DType.FLOAT64, 200).requiresGrad(true);
    Tensor y = d.apply(x);
    y.sum().backward();
    double[] g = x.grad().toDoubleArray(), xs = x.toDoubleArray(), ys = y.toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      // Each element is either dropped (y = 0, gradient 0) or kept (y = x / 0.75, gradient 1/0.75).
      double expected = ys[i] == 0 ? 0 : 1 / 0.75;
      assertThat(g[i]).isEqualTo(expected);
      if (ys[i] != 0) {
        assertThat(ys[i]).isCloseTo(xs[i] / 0.75, within(1e-15));
      }
    }
  }

  @Test
  void gradCheckInTrainModeWithTheMaskFixedByReseedingAndInEvalMode() {
    Dropout d = new Dropout(0.4, 3L);
    assertModuleGradients(d, randn64(1L, 3, 5), m -> ((Dropout) m).reseed(3L));
    d.eval();
    assertModuleGradients(d, randn64(2L, 3, 5));
  }

  @Test
  void rejectsPOutsideZeroToOne() {
    assertThatThrownBy(() -> new Dropout(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dropout: p must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new Dropout(-0.1))
        .hasMessage("Dropout: p must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> new Dropout(Double.NaN))
        .hasMessage("Dropout: p must be in [0, 1], got NaN");
  }

  @Test
  void reprIsPytorchLike() {
    assertThat(new Dropout(0.5)).hasToString("Dropout(p=0.5)");
    assertThat(new Dropout(0.5).p()).isEqualTo(0.5);
  }
}
