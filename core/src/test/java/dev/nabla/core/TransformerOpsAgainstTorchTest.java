package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The new ops' values and gradients on one FLOAT64 input against PyTorch 1.13's, printed by:
 *
 * <pre>
 * x = torch.tensor([[0.5, -1.25, 2.0, 3.5], [-0.75, 1.5, -2.25, 0.125], [4.0, -3.0, 0.25, 1.0]],
 *                  dtype=torch.float64, requires_grad=True)
 * y = f(x); y.backward(torch.arange(1., y.numel() + 1, dtype=torch.float64).reshape(y.shape))
 * print([float(v) for v in y.flatten()], [float(v) for v in x.grad.flatten()])
 * </pre>
 */
class TransformerOpsAgainstTorchTest {
  private static final double[] X = {
    0.5, -1.25, 2.0, 3.5, -0.75, 1.5, -2.25, 0.125, 4.0, -3.0, 0.25, 1.0
  };

  private static void matchesTorch(
      Function<Tensor, Tensor> f, double[] torchValues, double[] torchGrad) {
    Tensor x = Tensor.of(X, 3, 4).requiresGrad(true);
    Tensor y = f.apply(x);
    assertThat(y.toDoubleArray()).containsExactly(torchValues, within(1e-12));
    double[] seed = new double[y.size()];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = i + 1;
    }
    y.backward(Tensor.of(seed, y.shape()));
    assertThat(x.grad().toDoubleArray()).containsExactly(torchGrad, within(1e-12));
  }

  @Test
  void varStdAndLogsumexp() {
    matchesTorch(
        x -> x.var(1),
        new double[] {4.140625, 2.47265625, 8.265625},
        new double[] {
          -0.4583333333333333,
          -1.625,
          0.5416666666666666,
          1.5416666666666665,
          -0.5416666666666666,
          2.458333333333333,
          -2.5416666666666665,
          0.625,
          6.875,
          -7.125,
          -0.625,
          0.875
        });
    matchesTorch(
        x -> x.std(new int[] {0}, 0, false),
        new double[] {2.01038968030247, 1.8521758975744056, 1.7440374613713625, 1.4300835251442094},
        new double[] {
          -0.12435400084345172, -0.1199790055108927, 1.1467643581619917, 1.8258451798106037,
          -0.33161066891587127, 0.8698477899539719, -1.2901099029322407, -1.3208241726289474,
          0.455964669759323, -0.7498687844430794, 0.14334554477024897, -0.5050210071816564
        });
    matchesTorch(
        x -> x.logsumexp(1, false),
        new double[] {3.7480850490038047, 1.823355563826056, 4.071591741274248},
        new double[] {
          0.03884852967827135, 0.0067508621994448615, 0.17410703085781262, 0.7802935772644711,
          0.15255831184504473, 1.4474329624265903, 0.03404036055395895, 0.3659683651744059,
          2.792732612183287, 0.0025466425036658946, 0.06567877581711501, 0.1390419694959326
        });
    matchesTorch(
        x -> x.logsumexp(new int[] {0, 1}, false),
        new double[] {4.675466304423501},
        new double[] {
          0.015368023806470147, 0.002670562099890638, 0.06887470432615245, 0.30867500960128325,
          0.004403012538815295, 0.04177461985245381, 0.0009824448929214014, 0.01056227799839136,
          0.5089190540632019, 0.0004640741073272977, 0.011968628974738943, 0.02533758773835328
        });
  }

  @Test
  void cumsumClampSinMinAndTopk() {
    matchesTorch(
        x -> x.cumsum(0),
        new double[] {0.5, -1.25, 2.0, 3.5, -0.25, 0.25, -0.25, 3.625, 3.75, -2.75, 0.0, 4.625},
        new double[] {15, 18, 21, 24, 14, 16, 18, 20, 9, 10, 11, 12});
    matchesTorch(
        x -> x.clamp(-1, 1.5),
        new double[] {0.5, -1.0, 1.5, 1.5, -0.75, 1.5, -1.0, 0.125, 1.5, -1.0, 0.25, 1.0},
        new double[] {1, 0, 0, 0, 5, 6, 0, 8, 0, 0, 11, 12});
    matchesTorch(
        Tensor::sin,
        new double[] {
          0.479425538604203, -0.9489846193555862, 0.9092974268256817, -0.35078322768961984,
          -0.6816387600233341, 0.9974949866040544, -0.7780731968879212, 0.12467473338522769,
          -0.7568024953079282, -0.1411200080598672, 0.24740395925452294, 0.8414709848078965
        },
        new double[] {
          0.8775825618903728, 0.6306447247905373, -1.2484405096414273, -3.7458267491631854,
          3.6584443443691046, 0.4244232100062174, -4.397215359059174, 7.937581337834632,
          -5.882792587772507, -9.899924966004454, 10.658036638817093, 6.483627670417677
        });
    matchesTorch(
        x -> x.min(1),
        new double[] {-1.25, -2.25, -3.0},
        new double[] {0, 1, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0});
    matchesTorch(
        x -> x.topk(2).values(),
        new double[] {3.5, 2.0, 1.5, 0.125, 4.0, 1.0},
        new double[] {0, 0, 2, 1, 0, 3, 0, 4, 5, 0, 0, 6});
    Tensor x = Tensor.of(X, 3, 4);
    assertThat(x.topk(2).indices().toIntArray()).containsExactly(3, 2, 1, 3, 0, 3);
    assertThat(x.argmin(1).toIntArray()).containsExactly(1, 2, 1);
  }
}
