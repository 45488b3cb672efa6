package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping by global norm and by value against hand computation. */
class GradClipTest {

  @Test
  void clipGradNormScalesAllGradientsByMaxNormOverTheGlobalNorm() {
    Tensor a = param(DType.FLOAT64, 0, 0);
    Tensor b = param(DType.FLOAT32, 0);
    Tensor unused = param(DType.FLOAT64, 7);
    setGrad(a, 3, 4);
    setGrad(b, 12);
    // global norm sqrt(9 + 16 + 144) = 13; coefficient 6.5 / (13 + 1e-6)
    double norm = GradClip.clipGradNorm(List.of(a, b, unused), 6.5);
    assertThat(norm).isCloseTo(13.0, within(1e-12));
    double c = 6.5 / (13 + 1e-6);
    assertThat(a.grad().toDoubleArray())
        .containsExactly(new double[] {3 * c, 4 * c}, within(1e-15));
    assertThat(b.grad().toFloatArray()[0]).isCloseTo((float) (12 * c), within(1e-6f));
    assertThat(unused.grad()).isNull();
  }

  @Test
  void clipGradNormLeavesSmallGradientsAlone() {
    Tensor a = param(DType.FLOAT32, 0, 0);
    setGrad(a, 0.3, -0.4);
    assertThat(GradClip.clipGradNorm(List.of(a), 1.0)).isCloseTo(0.5, within(1e-7));
    assertThat(a.grad().toFloatArray()).containsExactly(0.3f, -0.4f);
  }

  @Test
  void aNonFiniteNormIsReturnedAndTheGradientsAreLeftForTheCallerToSkip() {
    Tensor a = param(DType.FLOAT64, 0, 0);
    setGrad(a, Double.POSITIVE_INFINITY, 1);
    assertThat(GradClip.clipGradNorm(List.of(a), 1.0)).isInfinite();
    assertThat(a.grad().toDoubleArray()).containsExactly(Double.POSITIVE_INFINITY, 1);
  }

  @Test
  void clipGradValueClampsEachElement() {
    Tensor a = param(DType.FLOAT64, 0, 0, 0, 0);
    Tensor b = param(DType.FLOAT32, 0, 0);
    setGrad(a, -3, 0.5, 2, -1);
    setGrad(b, 1.5, -0.25);
    GradClip.clipGradValue(List.of(a, b, param(DType.FLOAT64, 1)), 1.0);
    assertThat(a.grad().toDoubleArray()).containsExactly(-1, 0.5, 1, -1);
    assertThat(b.grad().toFloatArray()).containsExactly(1f, -0.25f);
  }

  @Test
  void badArgumentsAreRejected() {
    List<Tensor> ps = List.of(param(DType.FLOAT64, 1));
    assertThatThrownBy(() -> GradClip.clipGradNorm(ps, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradNorm: maxNorm must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> GradClip.clipGradNorm(ps, Double.NaN))
        .hasMessage("clipGradNorm: maxNorm must be finite and > 0, got NaN");
    assertThatThrownBy(() -> GradClip.clipGradNorm(null, 1))
        .hasMessage("clipGradNorm: params must not be null");
    assertThatThrownBy(() -> GradClip.clipGradNorm(Arrays.asList(ps.get(0), null), 1))
        .hasMessage("clipGradNorm: parameter 1 is null");
    assertThatThrownBy(() -> GradClip.clipGradValue(ps, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradValue: clipValue must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> GradClip.clipGradValue(Arrays.asList((Tensor) null), 1))
        .hasMessage("clipGradValue: parameter 0 is null");
  }
}
