package dev.nabla.onnx.internal.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.onnx.OnnxModel;
import dev.nabla.onnx.UnsupportedModelException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Models that {@code make_cases.py} wrote to be refused: at load (an attribute nabla does not
 * implement or that the op does not define) or at run time (inputs that do not fit), each with a
 * message that names the op, the value and what was expected.
 */
class OpErrorsTest {
  static Path model(String name) {
    try {
      return Path.of(OpErrorsTest.class.getResource("/dev/nabla/onnx/ops/errors/" + name).toURI())
          .resolve("model.onnx");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void runs(String name) throws IOException {
    Path m = model(name);
    OnnxModel model = OnnxModel.load(m);
    model.run(OpCasesTest.inputs(model, m.getParent()));
  }

  @Test
  void anUnknownActivationFailsAtLoad() {
    assertThatThrownBy(() -> OnnxModel.load(model("lstm_unknown_activation")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("LSTM")
        .hasMessageContaining("activation 'Swish' is not supported");
  }

  @Test
  void anUnknownDirectionFailsAtLoad() {
    assertThatThrownBy(() -> OnnxModel.load(model("lstm_bad_direction")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("direction 'sideways' is not one of forward, reverse, bidirectional");
  }

  @Test
  void aWeightOfTheWrongShapeFailsAtRunTime() {
    assertThatThrownBy(() -> runs("lstm_w_shape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LSTM: W must have shape [1, 12, 2], got [1, 12, 5]");
  }

  @Test
  void aSequenceLengthPastTheSequenceFailsAtRunTime() {
    assertThatThrownBy(() -> runs("lstm_seq_lens_too_long"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LSTM: sequence_lens[0] = 7 is outside [0, 2]");
  }

  @Test
  void aMalformedEquationFailsAtLoadNamingIt() {
    assertThatThrownBy(() -> OnnxModel.load(model("einsum_bad_character")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("Einsum")
        .hasMessageContaining("equation 'ij,j1->i': term 'j1' has '1' at 1");
  }

  @Test
  void anOperandOfAnotherRankFailsAtRunTime() {
    assertThatThrownBy(() -> runs("einsum_rank_mismatch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Einsum 'ij,jk->ik': operand 0 has shape [2, 3, 4] but its term names 2 dimension(s)");
  }

  @Test
  void aTargetOutsideTheClassesFailsAtRunTime() {
    assertThatThrownBy(() -> runs("nll_target_out_of_range"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "NegativeLogLikelihoodLoss: target value 9 at flat index 1 is outside [0, 5)");
  }
}
