package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LayerNorm and RMSNorm: values by hand, gradients, parameters, errors and reprs. */
class NormLayersTest {

  @Test
  void layerNormNormalisesEachRowByHand() {
    LayerNorm ln = new LayerNorm(new int[] {2}, 0, true);
    ln.to(DType.FLOAT64);
    // rows [1, 3] and [10, 0]: mean 2 and 5, std 1 and 5, so each row becomes [-1, 1] / [1, -1]
    Tensor y = ln.apply(Tensor.of(new double[] {1, 3, 10, 0}, 2, 2));
    assertClose(y.toDoubleArray(), new double[] {-1, 1, 1, -1}, 1e-12);
    ln.loadStateDict(
        Map.of(
            "weight",
            Tensor.of(new double[] {2, 3}, 2),
            "bias",
            Tensor.of(new double[] {1, 0}, 2)));
    y = ln.apply(Tensor.of(new double[] {1, 3}, 2));
    assertClose(y.toDoubleArray(), new double[] {-1, 3}, 1e-12);
  }

  @Test
  void layerNormParametersAreOnesAndZerosAsPytorch() {
    LayerNorm ln = new LayerNorm(3, 4);
    assertThat(ln.namedParameters()).containsOnlyKeys("weight", "bias");
    assertThat(ln.weight().shape()).containsExactly(3, 4);
    assertThat(ln.weight().toFloatArray()).containsOnly(1f);
    assertThat(ln.bias().toFloatArray()).containsOnly(0f);
    LayerNorm plain = new LayerNorm(new int[] {4}, 1e-5, false);
    assertThat(plain.namedParameters()).isEmpty();
    assertThat(plain.weight()).isNull();
    assertThat(plain.bias()).isNull();
  }

  @Test
  void layerNormGradientsOverOneAndTwoAxes() {
    LayerNorm ln = new LayerNorm(5);
    ln.to(DType.FLOAT64);
    ln.loadStateDict(Map.of("weight", randn64(1, 5), "bias", randn64(2, 5)));
    assertModuleGradients(ln, randn64(3, 3, 5));
    LayerNorm ln2 = new LayerNorm(2, 3);
    ln2.to(DType.FLOAT64);
    ln2.loadStateDict(Map.of("weight", randn64(4, 2, 3), "bias", randn64(5, 2, 3)));
    assertModuleGradients(ln2, randn64(6, 2, 2, 3));
    assertModuleGradients(new LayerNorm(new int[] {3}, 1e-5, false), randn64(7, 4, 3));
  }

  @Test
  void rmsNormByHandAndItsDefaults() {
    RMSNorm rms = new RMSNorm(new int[] {2}, 0, true);
    rms.to(DType.FLOAT64);
    // row [3, 4]: mean square 12.5, so y = [3, 4] / sqrt(12.5)
    Tensor y = rms.apply(Tensor.of(new double[] {3, 4}, 1, 2));
    double r = Math.sqrt(12.5);
    assertClose(y.toDoubleArray(), new double[] {3 / r, 4 / r}, 1e-12);
    rms.loadStateDict(Map.of("weight", Tensor.of(new double[] {2, -1}, 2)));
    assertClose(
        rms.apply(Tensor.of(new double[] {3, 4}, 2)).toDoubleArray(),
        new double[] {6 / r, -4 / r},
        1e-12);
    // eps (1e-6 by default) keeps a zero row at zero
    assertThat(RMSNorm.DEFAULT_EPS).isEqualTo(1e-6);
    assertThat(new RMSNorm(3).apply(Tensor.zeros(2, 3)).toFloatArray()).containsOnly(0f);
    assertThat(new RMSNorm(3).namedParameters()).containsOnlyKeys("weight");
    assertThat(new RMSNorm(new int[] {3}, 1e-6, false).namedParameters()).isEmpty();
  }

  @Test
  void rmsNormGradients() {
    RMSNorm rms = new RMSNorm(2, 3);
    rms.to(DType.FLOAT64);
    rms.loadStateDict(Map.of("weight", randn64(8, 2, 3)));
    assertModuleGradients(rms, randn64(9, 4, 2, 3));
    assertModuleGradients(new RMSNorm(new int[] {4}, 1e-6, false), randn64(10, 3, 4));
  }

  @Test
  void errorsNameTheLayer() {
    assertThatThrownBy(() -> new LayerNorm(new int[] {}, 1e-5, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LayerNorm: expected a non-empty normalizedShape, got []");
    assertThatThrownBy(() -> new RMSNorm(3, 0))
        .hasMessage("RMSNorm: normalizedShape must have sizes >= 1, got [3, 0]");
    assertThatThrownBy(() -> new LayerNorm(new int[] {3}, -1, true))
        .hasMessage("LayerNorm: eps must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> new LayerNorm(4).apply(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LayerNorm([4], eps=1e-05): layerNorm: input of shape [2, 3] does not end in "
                + "normalizedShape [4]");
    assertThatThrownBy(() -> new RMSNorm(4).apply(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "RMSNorm([4], eps=1e-06): input of shape [2, 3] does not end in normalizedShape [4]");
  }

  @Test
  void reprs() {
    assertThat(new LayerNorm(128)).hasToString("LayerNorm([128], eps=1e-05)");
    assertThat(new LayerNorm(new int[] {2, 3}, 1e-6, false))
        .hasToString("LayerNorm([2, 3], eps=1e-06, elementwiseAffine=false)");
    assertThat(new RMSNorm(64)).hasToString("RMSNorm([64], eps=1e-06)");
  }
}
