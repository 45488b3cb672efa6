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

class LSTMTest {

  @Test
  void oneStepWorkedFromTheFormulasWithPyTorchsGateOrder() {
    LSTM lstm = new LSTM(1, 1, 1, true, false, 0, Init.pytorchDefault(), 1L);
    // gate k of i, f, g, o: pre-activation = wih[k] x + bih[k] + whh[k] h0 + bhh[k]
    double[] wih = {0.1, -0.2, 0.3, 0.4}, whh = {0.5, 0.6, -0.7, 0.8};
    double[] bih = {0.05, 0.1, -0.15, 0.2}, bhh = {-0.3, 0.25, 0.35, -0.1};
    lstm.to(DType.FLOAT64);
    lstm.loadStateDict(
        Map.of(
            "weight_ih_l0", Tensor.of(wih, 4, 1),
            "weight_hh_l0", Tensor.of(whh, 4, 1),
            "bias_ih_l0", Tensor.of(bih, 4),
            "bias_hh_l0", Tensor.of(bhh, 4)));
    double x = 2, h0 = 0.5, c0 = -0.3;
    double[] a = new double[4];
    for (int k = 0; k < 4; k++) {
      a[k] = wih[k] * x + bih[k] + whh[k] * h0 + bhh[k];
    }
    double i = sigmoid(a[0]), f = sigmoid(a[1]), g = Math.tanh(a[2]), o = sigmoid(a[3]);
    double c = f * c0 + i * g;
    double h = o * Math.tanh(c);

    LSTM.Output out =
        lstm.forward(
            Tensor.of(new double[] {x}, 1, 1, 1),
            Tensor.of(new double[] {h0}, 1, 1, 1),
            Tensor.of(new double[] {c0}, 1, 1, 1));
    assertThat(out.output().shape()).containsExactly(1, 1, 1);
    assertThat(out.output().item()).isCloseTo(h, within(1e-15));
    assertThat(out.h().item()).isCloseTo(h, within(1e-15));
    assertThat(out.c().item()).isCloseTo(c, within(1e-15));
  }

  @Test
  void shapesOfOutputAndStatesAreTorchsForLayersAndDirections() {
    LSTM lstm = new LSTM(3, 4, 2, true, true, 0, Init.pytorchDefault(), 2L);
    LSTM.Output out = lstm.forward(Tensor.randn(3L, 5, 7, 3), null, null);
    assertThat(out.output().shape()).containsExactly(5, 7, 8);
    assertThat(out.h().shape()).containsExactly(4, 5, 4);
    assertThat(out.c().shape()).containsExactly(4, 5, 4);
    // the last layer's final states are the output's last step (forward) and first step (reverse)
    Tensor last = out.output().slice(1, 6, 7).reshape(5, 8);
    Tensor first = out.output().slice(1, 0, 1).reshape(5, 8);
    assertThat(out.h().slice(0, 2, 3).reshape(5, 4).toFloatArray())
        .isEqualTo(last.slice(1, 0, 4).toFloatArray());
    assertThat(out.h().slice(0, 3, 4).reshape(5, 4).toFloatArray())
        .isEqualTo(first.slice(1, 4, 8).toFloatArray());
    assertThat(lstm.apply(Tensor.randn(3L, 5, 7, 3)).toFloatArray())
        .isEqualTo(out.output().toFloatArray());
  }

  @Test
  void theReverseDirectionReadsTheSequenceBackwards() {
    LSTM bi = new LSTM(2, 3, 1, true, true, 0, Init.pytorchDefault(), 4L);
    LSTM fw = new LSTM(2, 3, 1, true, false, 0, Init.pytorchDefault(), 5L);
    Map<String, Tensor> state = new LinkedHashMap<>();
    bi.stateDict().forEach((k, v) -> state.put(k.replace("_reverse", ""), v));
    fw.loadStateDict(state); // the reverse direction's weights
    Tensor x = Tensor.randn(6L, 2, 4, 2);
    Tensor reversed =
        Tensor.concat(1, x.slice(1, 3, 4), x.slice(1, 2, 3), x.slice(1, 1, 2), x.slice(1, 0, 1));
    Tensor y = bi.apply(x).slice(2, 3, 6);
    Tensor z = fw.apply(reversed);
    for (int t = 0; t < 4; t++) {
      assertThat(y.slice(1, t, t + 1).toFloatArray())
          .isEqualTo(z.slice(1, 3 - t, 4 - t).toFloatArray());
    }
  }

  @Test
  void gradientsOfInputStatesAndEveryParameterPassGradCheck() {
    LSTM lstm = new LSTM(3, 2, 2, true, true, 0, Init.pytorchDefault(), 7L);
    assertGradients(
        lstm,
        in -> {
          LSTM.Output o = lstm.forward(in[0], in[1], in[2]);
          return new Tensor[] {o.output(), o.h(), o.c()};
        },
        randn64(1, 2, 3, 3),
        randn64(2, 4, 2, 2),
        randn64(3, 4, 2, 2));
  }

  @Test
  void gradientsWithoutBiasAndFromZeroStatesPassGradCheck() {
    LSTM lstm = new LSTM(2, 3, 1, false, false, 0, Init.pytorchDefault(), 8L);
    assertThat(lstm.namedParameters().keySet()).containsExactly("weight_ih_l0", "weight_hh_l0");
    assertGradients(
        lstm,
        in -> {
          LSTM.Output o = lstm.forward(in[0], null, null);
          return new Tensor[] {o.output(), o.h(), o.c()};
        },
        randn64(4, 3, 4, 2));
  }

  @Test
  void gradientsThroughDropoutBetweenLayersInTrainingPassGradCheck() {
    LSTM lstm = new LSTM(2, 3, 2, true, false, 0.5, Init.pytorchDefault(), 10L);
    Tensor start = lstm.stateDict().get(Dropout.RNG_STATE).copy();
    // the same masks for every evaluation GradCheck makes
    LayerAssert.assertModuleGradients(
        lstm, randn64(5, 2, 4, 2), m -> m.namedBuffers().get(Dropout.RNG_STATE).copyFrom(start));
  }

  @Test
  void stateDictHasPyTorchsNamesAndShapes() {
    LSTM lstm = new LSTM(5, 3, 2, true, true, 0, Init.pytorchDefault(), 9L);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    lstm.stateDict().forEach((k, v) -> shapes.put(k, v.shape()));
    assertThat(shapes.keySet())
        .containsExactly(
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_ih_l0_reverse",
            "weight_hh_l0_reverse",
            "bias_ih_l0_reverse",
            "bias_hh_l0_reverse",
            "weight_ih_l1",
            "weight_hh_l1",
            "bias_ih_l1",
            "bias_hh_l1",
            "weight_ih_l1_reverse",
            "weight_hh_l1_reverse",
            "bias_ih_l1_reverse",
            "bias_hh_l1_reverse");
    assertThat(shapes.get("weight_ih_l0")).containsExactly(12, 5);
    assertThat(shapes.get("weight_hh_l0_reverse")).containsExactly(12, 3);
    assertThat(shapes.get("weight_ih_l1")).containsExactly(12, 6);
    assertThat(shapes.get("bias_hh_l1_reverse")).containsExactly(12);
  }

  @Test
  void initIsUniformOverOneOverSqrtHiddenSizeAndFollowsTheSeed() {
    LSTM a = new LSTM(10, 25, 2, true, false, 0, Init.pytorchDefault(), 3L);
    double bound = 1 / Math.sqrt(25);
    for (Tensor p : a.parameters()) {
      double max = 0;
      for (double v : p.toDoubleArray()) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        max = Math.max(max, Math.abs(v));
      }
      assertThat(max).isGreaterThan(0.8 * bound);
    }
    LSTM b = new LSTM(10, 25, 2, true, false, 0, Init.pytorchDefault(), 3L);
    assertThat(b.parameters().get(3).toFloatArray())
        .isEqualTo(a.parameters().get(3).toFloatArray());
    assertThat(a.parameters().get(0).toFloatArray())
        .isNotEqualTo(a.parameters().get(4).toFloatArray());
    Nabla.manualSeed(11);
    float[] first = new LSTM(10, 25).parameters().get(1).toFloatArray();
    Nabla.manualSeed(11);
    assertThat(new LSTM(10, 25).parameters().get(1).toFloatArray()).isEqualTo(first);
  }

  @Test
  void reprIsPyTorchs() {
    assertThat(new LSTM(10, 20, 2, true, true, 0, Init.pytorchDefault(), 1L))
        .hasToString("LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)");
    assertThat(new LSTM(10, 20)).hasToString("LSTM(10, 20, batch_first=True)");
    assertThat(new LSTM(3, 4, 3, false, false, 0.5, Init.pytorchDefault(), 1L))
        .hasToString("LSTM(3, 4, num_layers=3, bias=False, batch_first=True, dropout=0.5)");
  }

  @Test
  void inputAndStateErrorsNameTheLayerWhatWasExpectedAndWhatWasGiven() {
    LSTM lstm = new LSTM(3, 4, 2, true, false, 0, Init.pytorchDefault(), 1L);
    String label = "LSTM(3, 4, num_layers=2, batch_first=True)";
    assertThatThrownBy(() -> lstm.apply(Tensor.zeros(2, 3)))
        .hasMessage(label + ": input [2, 3] has rank 2, expected [batch, seq, 3] (batch_first)");
    assertThatThrownBy(() -> lstm.apply(Tensor.zeros(2, 5, 4)))
        .hasMessage(label + ": input [2, 5, 4] has 4 features per step, expected inputSize 3");
    assertThatThrownBy(() -> lstm.apply(Tensor.zeros(2, 0, 3)))
        .hasMessage(
            label
                + ": input [2, 0, 3] is empty, expected at least one sequence of at least one step");
    assertThatThrownBy(() -> lstm.apply(Tensor.zeros(DType.FLOAT64, 2, 5, 3)))
        .hasMessageContaining(label)
        .hasMessageContaining("FLOAT64")
        .hasMessageContaining("FLOAT32");
    Tensor x = Tensor.zeros(2, 5, 3);
    assertThatThrownBy(() -> lstm.forward(x, Tensor.zeros(1, 2, 4), null))
        .hasMessage(
            label
                + ": h0 has shape [1, 2, 4], expected [numLayers * numDirections, batch,"
                + " hiddenSize] = [2, 2, 4] for input [2, 5, 3]");
    assertThatThrownBy(() -> lstm.forward(x, null, Tensor.zeros(DType.FLOAT64, 2, 2, 4)))
        .hasMessage(label + ": c0 is FLOAT64, expected FLOAT32 like the input");
  }

  @Test
  void constructorArgumentsAreCheckedBeforeASeedIsDrawn() {
    Nabla.manualSeed(5);
    long first = Nabla.nextSeed();
    Nabla.manualSeed(5);
    assertThatThrownBy(() -> new LSTM(0, 4)).hasMessage("LSTM: inputSize must be >= 1, got 0");
    assertThatThrownBy(() -> new LSTM(3, 0)).hasMessage("LSTM: hiddenSize must be >= 1, got 0");
    assertThatThrownBy(() -> new LSTM(3, 4, 0)).hasMessage("LSTM: numLayers must be >= 1, got 0");
    assertThatThrownBy(() -> new LSTM(3, 4, 2, true, false, 1.5))
        .hasMessage("LSTM: dropout must be in [0, 1], got 1.5");
    assertThat(Nabla.nextSeed()).isEqualTo(first);
    assertThatThrownBy(() -> new LSTM(3, 4, 1, true, false, 0, null, 1L))
        .hasMessageContaining("LSTM(3, 4, batch_first=True): the initialiser for weight_ih_l0");
  }

  @Test
  void dropoutBetweenLayersActsOnlyInTrainingAndFollowsItsSeed() {
    LSTM plain = new LSTM(3, 4, 2, true, false, 0, Init.pytorchDefault(), 12L);
    LSTM dropped = new LSTM(3, 4, 2, true, false, 0.5, Init.pytorchDefault(), 12L);
    assertThat(plain.namedBuffers()).isEmpty();
    assertThat(dropped.namedBuffers().keySet()).containsExactly(Dropout.RNG_STATE);
    assertThat(new LSTM(3, 4, 1, true, false, 0.5, Init.pytorchDefault(), 12L).namedBuffers())
        .isEmpty();
    Map<String, Tensor> state = new LinkedHashMap<>(plain.stateDict());
    state.put(Dropout.RNG_STATE, dropped.stateDict().get(Dropout.RNG_STATE).copy());
    dropped.loadStateDict(state);
    Tensor x = Tensor.randn(13L, 2, 6, 3);
    float[] clean = plain.apply(x).toFloatArray();

    float[] train1 = dropped.apply(x).toFloatArray();
    float[] train2 = dropped.apply(x).toFloatArray();
    assertThat(train1).isNotEqualTo(clean);
    assertThat(train2).as("a fresh mask each call").isNotEqualTo(train1);
    dropped.eval();
    assertThat(dropped.apply(x).toFloatArray()).isEqualTo(clean);

    LSTM again = new LSTM(3, 4, 2, true, false, 0.5, Init.pytorchDefault(), 12L);
    again.loadStateDict(state);
    assertThat(again.apply(x).toFloatArray()).as("the same seed, the same masks").isEqualTo(train1);
  }

  @Test
  void sitsInASequentialAndTrainsInFloat64() {
    Sequential model =
        new Sequential(
            new LSTM(3, 4, 1, true, false, 0, Init.pytorchDefault(), 1L), new Dense(4, 2));
    model.to(DType.FLOAT64);
    Tensor y = model.apply(randn64(2, 2, 5, 3));
    assertThat(y.shape()).containsExactly(2, 5, 2);
    y.sum().backward();
    for (Tensor p : model.parameters()) {
      assertThat(p.grad()).as("every parameter gets a gradient").isNotNull();
    }
    // 4 gates of 4: weight_ih 16 x 3, weight_hh 16 x 4, two biases of 16
    assertThat(model.summary(2, 5, 3))
        .containsPattern("(?m)^0 +LSTM\\(3, 4, batch_first=True\\) +\\[2, 5, 4\\] +144$");
  }
}
