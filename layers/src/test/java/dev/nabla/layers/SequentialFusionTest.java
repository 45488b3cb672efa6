package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Graph;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Sequential runs a Dense followed by a ReLU as one fused op, with unchanged results. */
class SequentialFusionTest {

  @Test
  void denseThenReluGivesTheValuesAndGradientsOfTheSeparateOps() {
    for (boolean bias : new boolean[] {true, false}) {
      Dense first = new Dense(6, 5, bias), second = new Dense(5, 3);
      Sequential model = new Sequential(first, new ReLU(), second);
      Tensor x = Tensor.randn(1L, 4, 6);
      Tensor out = model.apply(x);
      out.sum().backward();
      double[] fused = out.toDoubleArray();
      double[] gw = first.weight().grad().toDoubleArray();
      // the same model by hand, op by op
      model.zeroGrad();
      Tensor h = x.matmul(first.weight());
      if (bias) {
        h = h.add(first.bias());
      }
      Tensor byHand = h.relu().matmul(second.weight()).add(second.bias());
      byHand.sum().backward();
      assertThat(fused).containsExactly(byHand.toDoubleArray(), within(1e-6));
      assertThat(gw).containsExactly(first.weight().grad().toDoubleArray(), within(1e-6));
    }
  }

  @Test
  void theFusedPairIsOneNodeAndTheSummaryStillListsBoth() {
    Sequential model = new Sequential(new Dense(4, 3), new ReLU(), new Dense(3, 2), new ReLU());
    Tensor out = model.apply(Tensor.randn(2L, 1, 4));
    assertThat(Graph.of(out).nodes().stream().map(n -> n.opName()).toList())
        .containsExactly("MatMulRelu", "MatMulRelu");
    String s = model.summary(1, 4);
    assertThat(s).containsPattern("(?m)^1 +ReLU +\\[1, 3\\] +0$");
    assertThat(s).containsPattern("(?m)^3 +ReLU +\\[1, 2\\] +0$");
  }

  @Test
  void otherActivationsRunUnfused() {
    Sequential model = new Sequential(new Dense(4, 3), new Tanh());
    Tensor out = model.apply(Tensor.randn(3L, 2, 4));
    assertThat(Graph.of(out).nodes().stream().map(n -> n.opName()).toList())
        .containsExactly("MatMul", "Tanh");
  }
}
