package dev.nabla.torchoracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import org.junit.jupiter.api.Test;

/**
 * PyTorch is there and wrote its answers: skipped, with the reason and the install line, when it is
 * not (the parameterized tests then run no case at all), failed under {@code
 * NABLA_REQUIRE_TORCH=1}.
 */
class PyTorchFixturesTest {

  @Test
  void pyTorchWroteEveryCaseInBothDtypes() throws Exception {
    assertThat(TorchFixtures.cases("layer")).hasSizeGreaterThanOrEqualTo(30).contains("linear");
    assertThat(TorchFixtures.cases("loss")).hasSizeGreaterThanOrEqualTo(20).contains("mse_mean");
    for (String kind : new String[] {"layer", "loss"}) {
      for (String name : TorchFixtures.cases(kind)) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
          TorchFixtures.Fixture f = TorchFixtures.load(name, dtype);
          assertThat(f.get("output").dtype()).as(name).isEqualTo(dtype);
          assertThat(f.meta()).as(name).containsKey("torch");
        }
      }
    }
  }
}
