package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Conv2d with dilation and groups, and Conv1d: shapes, values by hand, gradients, errors, reprs.
 */
class ConvGroupsAndConv1dTest {

  @Test
  void groupedWeightShapesAndFanInAsPytorch() {
    Conv2d depthwise = new Conv2d(8, 16, 3, 1, 1, 1, 8, true);
    assertThat(depthwise.weight().shape()).containsExactly(16, 1, 3, 3);
    assertThat(depthwise.bias().shape()).containsExactly(16);
    // fanIn = in / groups * k^2 = 9: every weight lies within 1/sqrt(9)
    for (float v : depthwise.weight().toFloatArray()) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(1f / 3);
    }
    Conv1d c1 = new Conv1d(6, 4, 5, 2, 1, 2, 2, false);
    assertThat(c1.weight().shape()).containsExactly(4, 3, 5);
    assertThat(c1.bias()).isNull();
    Tensor y = c1.apply(Tensor.zeros(2, 6, 20));
    // (20 + 2 - 2 * 4 - 1) / 2 + 1 = 7
    assertThat(y.shape()).containsExactly(2, 4, 7);
  }

  @Test
  void conv1dByHand() {
    // kernel [1, 0, -1] dilated by 2 over [0, 1, 2, ..., 6] reads x[i] - x[i + 4] = -4 everywhere
    Conv1d c = new Conv1d(1, 1, 3, 1, 0, 2, 1, true, Init.constant(0), Init.constant(0.5), 0L);
    c.to(DType.FLOAT64);
    try (var _ = Grad.disabled()) {
      c.weight().copyFrom(Tensor.of(new double[] {1, 0, -1}, 1, 1, 3));
    }
    Tensor y = c.apply(Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6}, 1, 1, 7));
    assertThat(y.toDoubleArray()).containsExactly(-3.5, -3.5, -3.5);
  }

  @Test
  void gradientsOfGroupedDilatedLayers() {
    assertModuleGradients(new Conv2d(4, 6, 3, 1, 2, 2, 2, true), randn64(1, 2, 4, 6, 6));
    assertModuleGradients(new Conv2d(3, 3, 3, 2, 1, 1, 3, false), randn64(2, 1, 3, 5, 5));
    assertModuleGradients(new Conv1d(4, 2, 3, 2, 1, 2, 2, true), randn64(3, 2, 4, 9));
    assertModuleGradients(new Conv1d(2, 3, 2), randn64(4, 3, 2, 5));
  }

  @Test
  void badSettingsFailAtConstructionNamingTheLayer() {
    assertThatThrownBy(() -> new Conv2d(4, 6, 3, 1, 0, 1, 4, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Conv2d: groups=4 must divide both inChannels and outChannels, got inChannels=4, "
                + "outChannels=6");
    assertThatThrownBy(() -> new Conv2d(4, 6, 3, 1, 0, 0, 1, true))
        .hasMessage("Conv2d: dilation must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv1d(4, 6, 3, 1, 0, 1, 0, true))
        .hasMessage("Conv1d: groups must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv1d(3, 6, 3, 1, 0, 1, 2, true))
        .hasMessage(
            "Conv1d: groups=2 must divide both inChannels and outChannels, got inChannels=3, "
                + "outChannels=6");
    assertThatThrownBy(() -> new Conv1d(1, 1, 0)).hasMessage("Conv1d: kernel must be >= 1, got 0");
    assertThatThrownBy(() -> new Conv1d(2, 2, 3).apply(Tensor.zeros(1, 2, 2)))
        .hasMessage(
            "Conv1d(2 -> 2, kernel=3, stride=1, padding=0): conv1d: kernel 3 is larger than the "
                + "padded input 2 (input [1, 2, 2], padding 0)");
  }

  @Test
  void reprs() {
    assertThat(new Conv2d(8, 8, 3, 1, 1, 2, 8, false))
        .hasToString(
            "Conv2d(8 -> 8, kernel=3, stride=1, padding=1, dilation=2, groups=8, bias=false)");
    assertThat(new Conv1d(2, 4, 3)).hasToString("Conv1d(2 -> 4, kernel=3, stride=1, padding=0)");
  }
}
