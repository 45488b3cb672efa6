package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseTest {

  @Test
  void forwardIsXTimesWeightPlusBiasWithWeightInByOut() {
    Dense d = new Dense(3, 2);
    assertThat(d.weight().shape()).containsExactly(3, 2);
    assertThat(d.bias().shape()).containsExactly(2);
    d.loadStateDict(
        Map.of(
            "weight", Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2),
            "bias", Tensor.of(new float[] {0.5f, -1}, 2)));
    Tensor y = d.apply(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    // [1 2 3]·W = [1+3, 2+3] = [4, 5]; [4 5 6]·W = [10, 11]; plus the bias.
    assertThat(y.shape()).containsExactly(2, 2);
    assertThat(y.toFloatArray()).containsExactly(4.5f, 4, 10.5f, 10);
  }

  @Test
  void forwardMatchesANaiveLoopForRandomWeightsAndABatchOfSequences() {
    Dense d = new Dense(4, 3, Init.normal(0, 1), 11L);
    Tensor x = Tensor.randn(3L, 2, 5, 4);
    double[] w = d.weight().toDoubleArray(), b = d.bias().toDoubleArray(), xs = x.toDoubleArray();
    double[] expected = new double[2 * 5 * 3];
    for (int r = 0; r < 10; r++) {
      for (int o = 0; o < 3; o++) {
        double s = b[o];
        for (int i = 0; i < 4; i++) {
          s += xs[r * 4 + i] * w[i * 3 + o];
        }
        expected[r * 3 + o] = s;
      }
    }
    Tensor y = d.apply(x);
    assertThat(y.shape()).containsExactly(2, 5, 3);
    assertClose(y.toDoubleArray(), expected, 1e-5);
  }

  @Test
  void withoutBiasThereIsOnlyAWeight() {
    Dense d = new Dense(2, 2, false);
    assertThat(d.bias()).isNull();
    assertThat(d.namedParameters().keySet()).containsExactly("weight");
    d.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)));
    assertThat(d.apply(Tensor.of(new float[] {1, 1}, 2)).toFloatArray()).containsExactly(4, 6);
    assertThat(d).hasToString("Dense(2 -> 2, bias=false)");
  }

  @Test
  void defaultInitIsPytorchsUniformOverOneOverSqrtFanIn() {
    Nabla.manualSeed(5);
    Dense d = new Dense(100, 50);
    Nabla.manualSeed(5);
    long seed = Nabla.nextSeed();
    double bound = 1 / Math.sqrt(100);
    for (Tensor p : d.parameters()) {
      double[] v = p.toDoubleArray();
      double max = 0;
      for (double e : v) {
        assertThat(Math.abs(e)).isLessThanOrEqualTo(bound);
        max = Math.max(max, Math.abs(e));
      }
      assertThat(max).as("the draws reach near the bound").isGreaterThan(0.9 * bound);
    }
    // Without a seed, the layer's seed is the global generator's next; the weight is drawn from
    // the seed itself, the bias from a derived seed.
    assertThat(d.weight().toFloatArray())
        .isEqualTo(Tensor.uniform(seed, DType.FLOAT32, -bound, bound, 100, 50).toFloatArray());
    assertThat(d.bias().toFloatArray())
        .isNotEqualTo(Tensor.uniform(seed, DType.FLOAT32, -bound, bound, 50).toFloatArray());
  }

  @Test
  void tutorialInitDrawsWeightAndBiasFromUniformMinusHalfToHalf() {
    Dense a = new Dense(2, 3, Init.uniform(-0.5, 0.5), 7L);
    Dense b = new Dense(2, 3, Init.uniform(-0.5, 0.5), 7L);
    Dense c = new Dense(2, 3, Init.uniform(-0.5, 0.5), 8L);
    assertThat(a.weight().toFloatArray()).isEqualTo(b.weight().toFloatArray());
    assertThat(a.bias().toFloatArray()).isEqualTo(b.bias().toFloatArray());
    assertThat(a.weight().toFloatArray()).isNotEqualTo(c.weight().toFloatArray());
    for (Tensor p : a.parameters()) {
      for (float v : p.toFloatArray()) {
        assertThat(v).isBetween(-0.5f, 0.5f);
      }
    }
  }

  @Test
  void separateWeightAndBiasInitialisers() {
    Dense d = new Dense(3, 4, true, Init.constant(2), Init.zeros(), 1L);
    assertThat(d.weight().toFloatArray()).containsOnly(2f);
    assertThat(d.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void gradCheckWithRespectToInputWeightAndBias() {
    assertModuleGradients(new Dense(3, 2), randn64(1L, 4, 3));
    assertModuleGradients(new Dense(2, 3, Init.normal(0, 1), 3L), randn64(2L, 2, 1, 2));
    assertModuleGradients(new Dense(3, 1, false), randn64(4L, 3));
  }

  @Test
  void parametersRequireGradAndReceiveGradients() {
    Dense d = new Dense(3, 2);
    assertThat(d.weight().requiresGrad()).isTrue();
    d.apply(Tensor.ones(4, 3)).sum().backward();
    // d sum(xW + b)/d b = number of rows; d/dW[i][o] = sum of column i of x.
    assertThat(d.bias().grad().toFloatArray()).containsExactly(4, 4);
    assertThat(d.weight().grad().toFloatArray()).containsOnly(4f);
    d.zeroGrad();
    assertThat(d.weight().grad()).isNull();
  }

  @Test
  void rejectsAnInputWithTheWrongLastDimension() {
    Dense d = new Dense(784, 100);
    assertThatThrownBy(() -> d.apply(Tensor.zeros(32, 785)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(784 -> 100): input [32, 785] has last dimension 785, expected 784");
    assertThatThrownBy(() -> d.apply(Tensor.scalar(1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(784 -> 100): input [] is a scalar, expected shape [..., 784]");
  }

  @Test
  void rejectsBadConstructorArgumentsAndBadInitialisers() {
    assertThatThrownBy(() -> new Dense(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense: in must be >= 1, got 0");
    assertThatThrownBy(() -> new Dense(3, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense: out must be >= 1, got -1");
    assertThatThrownBy(() -> new Dense(2, 3, null, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(2 -> 3): the initialiser for weight is null");
    assertThatThrownBy(() -> new Dense(2, 3, (s, i, o, seed) -> null, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(
            "returned null for weight, expected a floating-point tensor of shape " + "[2, 3]");
    Init wrongShape = (shape, fanIn, fanOut, seed) -> Tensor.zeros(shape[0] + 1);
    assertThatThrownBy(() -> new Dense(2, 3, wrongShape, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dense(2 -> 3): initialiser ")
        .hasMessageContaining(
            "returned FLOAT32 [3] for weight, expected a floating-point tensor "
                + "of shape [2, 3]");
  }

  @Test
  void initialiserResultIsCopiedAndConvertedToFloat32() {
    Tensor shared = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Dense d = new Dense(2, 3, true, (s, i, o, seed) -> shared, Init.zeros(), 1L);
    assertThat(d.weight()).isNotSameAs(shared);
    try (var _ = Grad.disabled()) {
      d.weight().fill(0);
    }
    assertThat(shared.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    Tensor doubles = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Dense e = new Dense(2, 3, true, (s, i, o, seed) -> doubles, Init.zeros(), 1L);
    assertThat(e.weight().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(e.weight().toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void worksInFloat64AfterConversion() {
    Dense d = new Dense(2, 2, Init.constant(0.5), 1L);
    d.to(DType.FLOAT64);
    Tensor y = d.apply(Tensor.of(new double[] {1, 3}, 1, 2));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(y.toDoubleArray()).containsExactly(2.5, 2.5);
  }

  @Test
  void reprAndAccessors() {
    Dense d = new Dense(784, 100);
    assertThat(d).hasToString("Dense(784 -> 100)");
    assertThat(d.inFeatures()).isEqualTo(784);
    assertThat(d.outFeatures()).isEqualTo(100);
    assertThat(d.parameterCount()).isEqualTo(78_500);
  }
}
