package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Nabla;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layers built without a seed draw their own from the global generator ({@link Nabla#manualSeed},
 * as {@code torch.manual_seed}): distinct from each other, reproducible after the same manualSeed;
 * a layer given a seed is unaffected and draws nothing.
 */
class GlobalSeedTest {

  /** Every randomly initialised layer kind, built without seeds, and what each drew. */
  private static List<float[]> draws() {
    Tensor x = Tensor.ones(64);
    List<float[]> out = new ArrayList<>();
    Dense dense = new Dense(16, 16);
    out.add(dense.weight().toFloatArray());
    out.add(dense.bias().toFloatArray());
    out.add(new Dense(16, 16, false).weight().toFloatArray());
    Conv2d conv = new Conv2d(2, 3, 3);
    out.add(conv.weight().toFloatArray());
    out.add(new Conv2d(2, 3, 3, 1, 0, false).weight().toFloatArray());
    out.add(new Dropout(0.5).apply(x).toFloatArray());
    return out;
  }

  @Test
  void twoLayersBuiltWithoutASeedStartFromDifferentWeights() {
    assertThat(new Dense(16, 16).weight().toFloatArray())
        .isNotEqualTo(new Dense(16, 16).weight().toFloatArray());
    assertThat(new Conv2d(2, 3, 3).weight().toFloatArray())
        .isNotEqualTo(new Conv2d(2, 3, 3).weight().toFloatArray());
    Tensor x = Tensor.ones(64);
    assertThat(new Dropout(0.5).apply(x).toFloatArray())
        .isNotEqualTo(new Dropout(0.5).apply(x).toFloatArray());
  }

  @Test
  void theSameManualSeedGivesTheSameSequenceOfLayers() {
    Nabla.manualSeed(1234);
    assertThat(Nabla.initialSeed()).isEqualTo(1234);
    List<float[]> first = draws();
    Nabla.manualSeed(1234);
    List<float[]> again = draws();
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i)).as("layer draw %d", i).isEqualTo(first.get(i));
    }
    Nabla.manualSeed(1235);
    assertThat(draws().get(0)).as("another seed").isNotEqualTo(first.get(0));
  }

  @Test
  void anExplicitSeedIsUnchangedAndDrawsNothingFromTheGlobalGenerator() {
    double bound = 1 / Math.sqrt(16);
    Nabla.manualSeed(3);
    Dense unseeded = new Dense(16, 16);
    Nabla.manualSeed(99);
    Dense seeded = new Dense(16, 16, Init.pytorchDefault(), 5L);
    Nabla.manualSeed(3);
    new Dense(16, 16, Init.pytorchDefault(), 5L);
    new Dropout(0.5, 6L);
    new Conv2d(2, 3, 3, 1, 0, true, Init.pytorchDefault(), Init.pytorchDefault(), 7L);
    assertThat(new Dense(16, 16).weight().toFloatArray())
        .as("the seeded layers took nothing from the generator")
        .isEqualTo(unseeded.weight().toFloatArray());
    assertThat(seeded.weight().toFloatArray())
        .isEqualTo(Tensor.uniform(5L, -(float) bound, (float) bound, 16, 16).toFloatArray());
  }

  @Test
  void aLayerRejectedForItsArgumentsDrawsNoSeed() {
    Nabla.manualSeed(5);
    long first = Nabla.nextSeed();
    Nabla.manualSeed(5);
    assertThatThrownBy(() -> new Dense(0, 4)).hasMessageContaining("Dense");
    assertThatThrownBy(() -> new Conv2d(1, 4, 0)).hasMessageContaining("Conv2d");
    assertThatThrownBy(() -> new Dropout(1.5)).hasMessageContaining("Dropout");
    assertThat(Nabla.nextSeed()).isEqualTo(first);
  }
}
