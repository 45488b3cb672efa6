package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Graph;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a layer and its follower fused when the layer says it fuses with it (Dense then
 * ReLU), with unchanged results.
 */
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
  void conv2dThenReluGivesTheValuesAndGradientsOfTheSeparateOpsAsOneNode() {
    for (boolean bias : new boolean[] {true, false}) {
      Conv2d conv = new Conv2d(3, 4, 3, 1, 1, bias);
      Sequential model = new Sequential(conv, new ReLU(), new MaxPool2d(2));
      Tensor x = Tensor.randn(4L, 2, 3, 7, 6).requiresGrad(true);
      Tensor out = model.apply(x);
      assertThat(Graph.of(out).nodes().stream().map(n -> n.opName()).toList())
          .containsExactly("Conv2dReluMaxPool");
      out.sum().backward();
      double[] fused = out.toDoubleArray();
      double[] gw = conv.weight().grad().toDoubleArray(), gx = x.grad().toDoubleArray();
      double[] gb = bias ? conv.bias().grad().toDoubleArray() : null;
      model.zeroGrad();
      x.zeroGrad();
      Tensor byHand = x.conv2d(conv.weight(), conv.bias(), 1, 1).relu().maxPool2d(2, 2, 0);
      byHand.sum().backward();
      assertThat(fused).containsExactly(byHand.toDoubleArray(), within(1e-6));
      assertThat(gw).containsExactly(conv.weight().grad().toDoubleArray(), within(1e-5));
      assertThat(gx).containsExactly(x.grad().toDoubleArray(), within(1e-5));
      if (bias) {
        assertThat(gb).containsExactly(conv.bias().grad().toDoubleArray(), within(1e-5));
      }
    }
  }

  @Test
  void convReluPoolKeepsEachModulesRowInTheSummaryAndOtherPoolsRunUnfused() {
    Sequential model = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new MaxPool2d(2));
    String s = model.summary(1, 1, 8, 8);
    assertThat(s).containsPattern("(?m)^1 +ReLU +\\[1, 2, 6, 6\\] +0$");
    assertThat(s).containsPattern("(?m)^2 +MaxPool2d\\(.*\\) +\\[1, 2, 3, 3\\] +0$");
    Sequential overlapping =
        new Sequential(new Conv2d(1, 2, 3), new ReLU(), new MaxPool2d(3, 2, 1));
    Tensor out = overlapping.apply(Tensor.randn(5L, 1, 1, 8, 8));
    assertThat(Graph.of(out).nodes().stream().map(n -> n.opName()).toList())
        .containsExactly("Conv2dRelu", "MaxPool2d");
  }

  @Test
  void otherActivationsRunUnfused() {
    Sequential model = new Sequential(new Dense(4, 3), new Tanh());
    Tensor out = model.apply(Tensor.randn(3L, 2, 4));
    assertThat(Graph.of(out).nodes().stream().map(n -> n.opName()).toList())
        .containsExactly("MatMul", "Tanh");
  }

  /** A layer of this test that fuses with a following Tanh: Sequential knows no layer types. */
  private static final class Scale extends Module {
    int fusedCalls;

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(2);
    }

    @Override
    Tensor applyFused(Tensor x, Module next) {
      if (!(next instanceof Tanh)) {
        return null;
      }
      fusedCalls++;
      return x.mul(2).tanh();
    }
  }

  @Test
  void aLayerDeclaresWhatItFusesWithAndSequentialAsksIt() {
    Scale scale = new Scale();
    Tensor x = Tensor.of(new double[] {0.1, -0.3}, 1, 2);

    Tensor fused = new Sequential(scale, new Tanh()).apply(x);
    Tensor unfused = new Sequential(scale, new Sigmoid()).apply(x);

    assertThat(scale.fusedCalls).isEqualTo(1);
    assertThat(fused.toDoubleArray()).containsExactly(Math.tanh(0.2), Math.tanh(-0.6));
    assertThat(unfused.toDoubleArray())
        .containsExactly(1 / (1 + Math.exp(-0.2)), 1 / (1 + Math.exp(0.6)));
  }
}
