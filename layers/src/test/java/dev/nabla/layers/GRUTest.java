package dev.nabla.layers;

import static dev.nabla.layers.RecurrentAssert.assertGradients;
import static dev.nabla.layers.RecurrentAssert.randn64;
import static dev.nabla.layers.RecurrentAssert.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GRUTest {

  @Test
  void oneStepWorkedFromTheFormulasWithPyTorchsGateOrder() {
    GRU gru = new GRU(1, 1, 1, true, false, 0, Init.pytorchDefault(), 1L);
    // gates r, z, n; the reset gate multiplies W_hn h + b_hn, bias included
    double[] wih = {0.1, -0.2, 0.3}, whh = {0.5, 0.6, -0.7};
    double[] bih = {0.05, 0.1, -0.15}, bhh = {-0.3, 0.25, 0.35};
    gru.to(DType.FLOAT64);
    gru.loadStateDict(
        Map.of(
            "weight_ih_l0", Tensor.of(wih, 3, 1),
            "weight_hh_l0", Tensor.of(whh, 3, 1),
            "bias_ih_l0", Tensor.of(bih, 3),
            "bias_hh_l0", Tensor.of(bhh, 3)));
    double x = 2, h0 = 0.5;
    double r = sigmoid(wih[0] * x + bih[0] + whh[0] * h0 + bhh[0]);
    double z = sigmoid(wih[1] * x + bih[1] + whh[1] * h0 + bhh[1]);
    double n = Math.tanh(wih[2] * x + bih[2] + r * (whh[2] * h0 + bhh[2]));
    double h = (1 - z) * n + z * h0;

    GRU.Output out =
        gru.forward(Tensor.of(new double[] {x}, 1, 1, 1), Tensor.of(new double[] {h0}, 1, 1, 1));
    assertThat(out.output().shape()).containsExactly(1, 1, 1);
    assertThat(out.output().item()).isCloseTo(h, within(1e-15));
    assertThat(out.h().item()).isCloseTo(h, within(1e-15));
  }

  @Test
  void shapesOfOutputAndStateAreTorchsForLayersAndDirections() {
    GRU gru = new GRU(3, 4, 3, true, true, 0, Init.pytorchDefault(), 2L);
    GRU.Output out = gru.forward(Tensor.randn(3L, 2, 5, 3), null);
    assertThat(out.output().shape()).containsExactly(2, 5, 8);
    assertThat(out.h().shape()).containsExactly(6, 2, 4);
    Tensor last = out.output().slice(1, 4, 5).reshape(2, 8);
    assertThat(out.h().slice(0, 4, 5).reshape(2, 4).toFloatArray())
        .isEqualTo(last.slice(1, 0, 4).toFloatArray());
    assertThat(gru.apply(Tensor.randn(3L, 2, 5, 3)).toFloatArray())
        .isEqualTo(out.output().toFloatArray());
  }

  @Test
  void gradientsOfInputStateAndEveryParameterPassGradCheck() {
    GRU gru = new GRU(3, 2, 2, true, true, 0, Init.pytorchDefault(), 7L);
    assertGradients(
        gru,
        in -> {
          GRU.Output o = gru.forward(in[0], in[1]);
          return new Tensor[] {o.output(), o.h()};
        },
        randn64(1, 2, 3, 3),
        randn64(2, 4, 2, 2));
  }

  @Test
  void gradientsWithoutBiasAndFromAZeroStatePassGradCheck() {
    GRU gru = new GRU(2, 3, 1, false, false, 0, Init.pytorchDefault(), 8L);
    assertThat(gru.namedParameters().keySet()).containsExactly("weight_ih_l0", "weight_hh_l0");
    assertGradients(
        gru,
        in -> {
          GRU.Output o = gru.forward(in[0], null);
          return new Tensor[] {o.output(), o.h()};
        },
        randn64(4, 3, 4, 2));
  }

  @Test
  void gradientsThroughDropoutBetweenLayersInTrainingPassGradCheck() {
    GRU gru = new GRU(2, 3, 3, true, true, 0.3, Init.pytorchDefault(), 10L);
    Tensor start = gru.stateDict().get(Dropout.RNG_STATE).copy();
    LayerAssert.assertModuleGradients(
        gru, randn64(5, 2, 4, 2), m -> m.namedBuffers().get(Dropout.RNG_STATE).copyFrom(start));
  }

  @Test
  void stateDictHasPyTorchsNamesAndShapes() {
    GRU gru = new GRU(5, 3, 2, true, false, 0, Init.pytorchDefault(), 9L);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    gru.stateDict().forEach((k, v) -> shapes.put(k, v.shape()));
    assertThat(shapes.keySet())
        .containsExactly(
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_ih_l1",
            "weight_hh_l1",
            "bias_ih_l1",
            "bias_hh_l1");
    assertThat(shapes.get("weight_ih_l0")).containsExactly(9, 5);
    assertThat(shapes.get("weight_hh_l1")).containsExactly(9, 3);
    assertThat(shapes.get("weight_ih_l1")).containsExactly(9, 3);
    assertThat(shapes.get("bias_ih_l1")).containsExactly(9);
  }

  @Test
  void reprAndErrorsNameTheLayer() {
    assertThat(new GRU(10, 20)).hasToString("GRU(10, 20, batch_first=True)");
    assertThat(new GRU(10, 20, 2, false, true, 0.25, Init.pytorchDefault(), 1L))
        .hasToString(
            "GRU(10, 20, num_layers=2, bias=False, batch_first=True, dropout=0.25,"
                + " bidirectional=True)");
    GRU gru = new GRU(3, 4, 1, true, true, 0, Init.pytorchDefault(), 1L);
    String label = "GRU(3, 4, batch_first=True, bidirectional=True)";
    assertThatThrownBy(() -> gru.apply(Tensor.zeros(2, 5, 2)))
        .hasMessage(label + ": input [2, 5, 2] has 2 features per step, expected inputSize 3");
    assertThatThrownBy(() -> gru.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(2, 3, 4)))
        .hasMessage(
            label
                + ": h0 has shape [2, 3, 4], expected [numLayers * numDirections, batch,"
                + " hiddenSize] = [2, 2, 4] for input [2, 5, 3]");
    Nabla.manualSeed(5);
    long first = Nabla.nextSeed();
    Nabla.manualSeed(5);
    assertThatThrownBy(() -> new GRU(3, 4, 2, true, false, -0.1))
        .hasMessage("GRU: dropout must be in [0, 1], got -0.1");
    assertThat(Nabla.nextSeed()).isEqualTo(first);
  }

  @Test
  void dropoutBetweenLayersActsOnlyInTraining() {
    GRU plain = new GRU(3, 4, 2, true, false, 0, Init.pytorchDefault(), 12L);
    GRU dropped = new GRU(3, 4, 2, true, false, 0.5, Init.pytorchDefault(), 12L);
    Map<String, Tensor> state = new LinkedHashMap<>(plain.stateDict());
    state.put(Dropout.RNG_STATE, dropped.stateDict().get(Dropout.RNG_STATE).copy());
    dropped.loadStateDict(state);
    Tensor x = Tensor.randn(13L, 2, 6, 3);
    float[] clean = plain.apply(x).toFloatArray();
    assertThat(dropped.apply(x).toFloatArray()).isNotEqualTo(clean);
    dropped.eval();
    assertThat(dropped.apply(x).toFloatArray()).isEqualTo(clean);
  }
}
