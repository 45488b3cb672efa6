package dev.nabla.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The elementwise losses stream their elements through fixed-size blocks: inputs of thousands of
 * elements, with a partial last block, against naive reference loops written here.
 */
class LargeInputTest {
  private static final int ROWS = 3;
  private static final int COLS = 701; // 2103 elements: several blocks and a partial one

  private static final Tensor X = Tensor.uniform(31, DType.FLOAT64, 0.02, 0.98, ROWS, COLS);
  private static final Tensor Y = Tensor.uniform(32, DType.FLOAT64, 0.02, 0.98, ROWS, COLS);
  private static final Tensor SEED = Tensor.randn(33, DType.FLOAT64, ROWS, COLS);

  private static double softplus(double z) {
    return Math.log1p(Math.exp(z));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void meanSquaredError() {
    check(
        new MSELoss(Reduction.NONE),
        new MSELoss(Reduction.SUM),
        (x, y) -> (x - y) * (x - y),
        (x, y) -> 2 * (x - y),
        (x, y) -> -2 * (x - y),
        null);
  }

  @Test
  void absoluteError() {
    check(
        new L1Loss(Reduction.NONE),
        new L1Loss(Reduction.SUM),
        (x, y) -> Math.abs(x - y),
        (x, y) -> Math.signum(x - y),
        (x, y) -> -Math.signum(x - y),
        null);
  }

  @Test
  void huber() {
    double delta = 0.2;
    check(
        new HuberLoss(Reduction.NONE, delta),
        new HuberLoss(Reduction.SUM, delta),
        (x, y) ->
            Math.abs(x - y) < delta
                ? 0.5 * (x - y) * (x - y)
                : delta * (Math.abs(x - y) - delta / 2),
        (x, y) -> Math.max(-delta, Math.min(delta, x - y)),
        (x, y) -> -Math.max(-delta, Math.min(delta, x - y)),
        null);
  }

  @Test
  void binaryCrossEntropy() {
    check(
        new BCELoss(Reduction.NONE),
        new BCELoss(Reduction.SUM),
        (p, y) -> -(y * Math.log(p) + (1 - y) * Math.log(1 - p)),
        (p, y) -> (p - y) / (p * (1 - p)),
        (p, y) -> Math.log(1 - p) - Math.log(p),
        null);
  }

  @Test
  void binaryCrossEntropyWithLogitsAndAPositiveWeightPerColumn() {
    check(
        new BCEWithLogitsLoss(Reduction.NONE),
        new BCEWithLogitsLoss(Reduction.SUM),
        (x, y) -> -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x))),
        (x, y) -> sigmoid(x) - y,
        (x, y) -> -x,
        null);
    // posWeight[c] = 1 + c / 100: element (r, c) is weighted by its column, so a block that starts
    // mid-row must index the weights from the element's position, not the block's.
    double[] w = new double[COLS];
    for (int c = 0; c < COLS; c++) {
      w[c] = 1 + c / 100.0;
    }
    Tensor posWeight = Tensor.of(w, COLS);
    check(
        new BCEWithLogitsLoss(Reduction.NONE, posWeight),
        new BCEWithLogitsLoss(Reduction.SUM, posWeight),
        null,
        null,
        null,
        w);
  }

  /**
   * Checks NONE and SUM values and the NONE input/target gradients for the seed gradient against
   * the reference formulas; for a weighted BCEWithLogits (weights != null) the formulas are built
   * in.
   */
  private static void check(
      Loss none,
      Loss sum,
      DoubleBinaryOperator loss,
      DoubleBinaryOperator dLossDx,
      DoubleBinaryOperator dLossDy,
      double[] weights) {
    double[] x = X.toDoubleArray();
    double[] y = Y.toDoubleArray();
    double[] g = SEED.toDoubleArray();
    int n = x.length;
    double[] expected = new double[n];
    double[] expectedDx = new double[n];
    double[] expectedDy = new double[n];
    double expectedSum = 0;
    for (int i = 0; i < n; i++) {
      if (weights == null) {
        expected[i] = loss.applyAsDouble(x[i], y[i]);
        expectedDx[i] = g[i] * dLossDx.applyAsDouble(x[i], y[i]);
        expectedDy[i] = g[i] * dLossDy.applyAsDouble(x[i], y[i]);
      } else {
        // -(w y log sigmoid(x) + (1 - y) log(1 - sigmoid(x)))
        double w = weights[i % COLS];
        expected[i] = w * y[i] * softplus(-x[i]) + (1 - y[i]) * softplus(x[i]);
        expectedDx[i] = g[i] * (-w * y[i] * sigmoid(-x[i]) + (1 - y[i]) * sigmoid(x[i]));
        expectedDy[i] = g[i] * (w * softplus(-x[i]) - softplus(x[i]));
      }
      expectedSum += expected[i];
    }
    Tensor xs = X.detach().requiresGrad(true);
    Tensor ys = Y.detach().requiresGrad(true);
    Tensor out = none.apply(xs, ys);
    assertThat(out.shape()).containsExactly(ROWS, COLS);
    assertClose(out.toDoubleArray(), expected);
    out.backward(SEED);
    assertClose(xs.grad().toDoubleArray(), expectedDx);
    assertClose(ys.grad().toDoubleArray(), expectedDy);
    assertThat(sum.apply(X, Y).item()).isCloseTo(expectedSum, within(1e-9 * Math.abs(expectedSum)));

    // FLOAT32 goes through the same blocks
    Tensor out32 = none.apply(X.to(DType.FLOAT32), Y.to(DType.FLOAT32));
    assertThat(out32.dtype()).isEqualTo(DType.FLOAT32);
    double[] v = out32.toDoubleArray();
    for (int i = 0; i < n; i++) {
      assertThat(v[i])
          .as("FLOAT32 element %d", i)
          .isCloseTo(expected[i], within(1e-5 * Math.max(1, expected[i])));
    }
  }

  private static void assertClose(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i])
          .as("element %d", i)
          .isCloseTo(expected[i], within(1e-10 * Math.max(1, Math.abs(expected[i]))));
    }
  }
}
