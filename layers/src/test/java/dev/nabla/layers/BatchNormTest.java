package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertClose;
import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormTest {
  private static final double EPS = 1e-5;

  /**
   * Reference batch norm of [N, C, S] data (S = spatial positions): per channel, the mean and the
   * biased variance over N and S, then (x - mean) / sqrt(var + eps) * w + b.
   */
  private static double[] reference(double[] x, int n, int c, int s, double[] w, double[] b) {
    double[] y = new double[x.length];
    for (int ch = 0; ch < c; ch++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < s; k++) {
          sum += x[(i * c + ch) * s + k];
        }
      }
      double mean = sum / (n * s);
      double sq = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < s; k++) {
          double d = x[(i * c + ch) * s + k] - mean;
          sq += d * d;
        }
      }
      double var = sq / (n * s);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < s; k++) {
          int at = (i * c + ch) * s + k;
          y[at] = (x[at] - mean) / Math.sqrt(var + EPS) * w[ch] + b[ch];
        }
      }
    }
    return y;
  }

  private static void setAffine(BatchNorm bn, double[] w, double[] b) {
    bn.loadStateDict(
        Map.of(
            "weight", Tensor.of(w, w.length).to(bn.weight().dtype()),
            "bias", Tensor.of(b, b.length).to(bn.weight().dtype()),
            "running_mean", bn.runningMean(),
            "running_var", bn.runningVar()));
  }

  @Test
  void trainingNormalisesWithBatchStatisticsAndBiasedVariance() {
    BatchNorm1d bn = new BatchNorm1d(3);
    bn.to(DType.FLOAT64);
    double[] w = {1, 2, 0.5}, b = {0, -1, 3};
    setAffine(bn, w, b);
    Tensor x = randn64(1L, 5, 3).mul(2).add(1);
    Tensor y = bn.apply(x);
    assertClose(y.toDoubleArray(), reference(x.toDoubleArray(), 5, 3, 1, w, b), 1e-12);
  }

  @Test
  void trainingOnSequencesAndImagesNormalisesOverEveryDimensionButOne() {
    BatchNorm1d bn1 = new BatchNorm1d(2);
    bn1.to(DType.FLOAT64);
    Tensor seq = randn64(2L, 3, 2, 4);
    double[] ones = {1, 1}, zeros = {0, 0};
    assertClose(
        bn1.apply(seq).toDoubleArray(),
        reference(seq.toDoubleArray(), 3, 2, 4, ones, zeros),
        1e-12);
    BatchNorm2d bn2 = new BatchNorm2d(3);
    bn2.to(DType.FLOAT64);
    double[] w = {1.5, -1, 2}, b = {0.1, 0.2, 0.3};
    setAffine(bn2, w, b);
    Tensor img = randn64(3L, 2, 3, 2, 3);
    assertClose(
        bn2.apply(img).toDoubleArray(), reference(img.toDoubleArray(), 2, 3, 6, w, b), 1e-12);
  }

  @Test
  void runningStatisticsAfterTwoStepsFollowMomentumAndUnbiasedVariance() {
    BatchNorm1d bn = new BatchNorm1d(2);
    // Step 1: feature 0 = {1, 2, 3, 4}: mean 2.5, unbiased var (2.25+0.25+0.25+2.25)/3 = 5/3;
    //         feature 1 = {0, 0, 1, 1}: mean 0.5, unbiased var (4 * 0.25)/3 = 1/3.
    bn.apply(Tensor.of(new float[] {1, 0, 2, 0, 3, 1, 4, 1}, 4, 2));
    // running_mean = 0.9 * 0 + 0.1 * mean; running_var = 0.9 * 1 + 0.1 * unbiased var.
    assertClose(bn.runningMean().toDoubleArray(), new double[] {0.25, 0.05}, 1e-6);
    assertClose(
        bn.runningVar().toDoubleArray(), new double[] {0.9 + 0.1 * 5 / 3.0, 0.9 + 0.1 / 3.0}, 1e-6);
    // Step 2: feature 0 = {2, 4, 6, 8}: mean 5, unbiased var (9+1+1+9)/3 = 20/3;
    //         feature 1 = {-1, 1, -1, 1}: mean 0, unbiased var 4/3.
    bn.apply(Tensor.of(new float[] {2, -1, 4, 1, 6, -1, 8, 1}, 4, 2));
    double m0 = 0.9 * 0.25 + 0.1 * 5, m1 = 0.9 * 0.05 + 0.1 * 0;
    double v0 = 0.9 * (0.9 + 0.1 * 5 / 3.0) + 0.1 * 20 / 3.0;
    double v1 = 0.9 * (0.9 + 0.1 / 3.0) + 0.1 * 4 / 3.0;
    assertClose(bn.runningMean().toDoubleArray(), new double[] {m0, m1}, 1e-6);
    assertClose(bn.runningVar().toDoubleArray(), new double[] {v0, v1}, 1e-6);
    assertThat(m0).isCloseTo(0.725, within(1e-12));
    // The buffers are not trained: no gradient, no graph.
    assertThat(bn.runningMean().requiresGrad()).isFalse();
  }

  @Test
  void evalUsesRunningStatisticsAndLeavesThemAlone() {
    BatchNorm2d bn = new BatchNorm2d(2);
    bn.to(DType.FLOAT64);
    try (var _ = Grad.disabled()) {
      bn.runningMean().copyFrom(Tensor.of(new double[] {1, -2}, 2));
      bn.runningVar().copyFrom(Tensor.of(new double[] {4, 0.25}, 2));
    }
    setAffine(bn, new double[] {2, 1}, new double[] {0.5, 0});
    bn.eval();
    Tensor x = Tensor.of(new double[] {3, 5, -2, -1.5}, 1, 2, 1, 2);
    double[] y = bn.apply(x).toDoubleArray();
    double s0 = Math.sqrt(4 + EPS), s1 = Math.sqrt(0.25 + EPS);
    assertClose(
        y, new double[] {(3 - 1) / s0 * 2 + 0.5, (5 - 1) / s0 * 2 + 0.5, 0, 0.5 / s1}, 1e-12);
    assertThat(bn.runningMean().toDoubleArray()).containsExactly(1, -2);
    assertThat(bn.runningVar().toDoubleArray()).containsExactly(4, 0.25);
    // A single sample is fine in eval mode.
    assertThat(bn.apply(Tensor.zeros(DType.FLOAT64, 1, 2, 1, 1)).shape())
        .containsExactly(1, 2, 1, 1);
  }

  @Test
  void gradCheckInTrainingAndEvalMode() {
    BatchNorm1d bn1 = new BatchNorm1d(3);
    setAffine(bn1, new double[] {1.5, -0.5, 2}, new double[] {0.1, 0, -0.3});
    assertModuleGradients(bn1, randn64(1L, 4, 3));
    assertModuleGradients(bn1, randn64(2L, 2, 3, 2));
    bn1.eval();
    assertModuleGradients(bn1, randn64(3L, 4, 3));

    BatchNorm2d bn2 = new BatchNorm2d(2);
    bn2.to(DType.FLOAT64);
    try (var _ = Grad.disabled()) {
      bn2.runningMean().copyFrom(Tensor.of(new double[] {0.3, -0.2}, 2));
      bn2.runningVar().copyFrom(Tensor.of(new double[] {1.5, 0.7}, 2));
    }
    assertModuleGradients(bn2, randn64(4L, 2, 2, 2, 2));
    bn2.eval();
    assertModuleGradients(bn2, randn64(5L, 2, 2, 2, 2));
  }

  @Test
  void parametersAndBuffersHavePytorchNamesAndStartValues() {
    BatchNorm2d bn = new BatchNorm2d(4);
    assertThat(bn.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(bn.namedBuffers().keySet()).containsExactly("running_mean", "running_var");
    assertThat(bn.stateDict().keySet())
        .containsExactly("weight", "bias", "running_mean", "running_var");
    assertThat(bn.weight().toFloatArray()).containsOnly(1f);
    assertThat(bn.bias().toFloatArray()).containsOnly(0f);
    assertThat(bn.runningMean().toFloatArray()).containsOnly(0f);
    assertThat(bn.runningVar().toFloatArray()).containsOnly(1f);
    assertThat(bn.parameterCount()).isEqualTo(8);
    bn.to(DType.FLOAT64);
    assertThat(bn.runningVar().dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void rejectsWrongRankFeaturesAndSingleValuesInTraining() {
    BatchNorm1d bn1 = new BatchNorm1d(100);
    assertThatThrownBy(() -> bn1.apply(Tensor.zeros(32, 99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm1d(100, eps=1e-05, momentum=0.1): input [32, 99] has 99 features "
                + "(dimension 1), expected 100");
    assertThatThrownBy(() -> bn1.apply(Tensor.zeros(2, 100, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm1d(100, eps=1e-05, momentum=0.1): input [2, 100, 2, 2] has rank 4, "
                + "expected [N, 100] or [N, 100, L]");
    assertThatThrownBy(() -> bn1.apply(Tensor.zeros(1, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm1d(100, eps=1e-05, momentum=0.1): input [1, 100] has 1 value per "
                + "feature; training needs more than 1 (use eval() to normalise single samples)");
    BatchNorm2d bn2 = new BatchNorm2d(16);
    assertThatThrownBy(() -> bn2.apply(Tensor.zeros(2, 3, 4, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm2d(16, eps=1e-05, momentum=0.1): input [2, 3, 4, 4] has 3 channels "
                + "(dimension 1), expected 16");
    assertThatThrownBy(() -> bn2.apply(Tensor.zeros(2, 16, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm2d(16, eps=1e-05, momentum=0.1): input [2, 16, 4] has rank 3, "
                + "expected 4 ([N, 16, H, W])");
    assertThatThrownBy(() -> bn2.apply(Tensor.zeros(DType.FLOAT64, 2, 16, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BatchNorm2d(16, eps=1e-05, momentum=0.1): input is FLOAT64 but the parameters "
                + "are FLOAT32; convert the input with x.to(DType.FLOAT32) or the module with "
                + "to(DType.FLOAT64)");
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new BatchNorm1d(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BatchNorm1d: features must be >= 1, got 0");
    assertThatThrownBy(() -> new BatchNorm2d(3, 0, 0.1))
        .hasMessage("BatchNorm2d: eps must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> new BatchNorm2d(3, 1e-5, 1.5))
        .hasMessage("BatchNorm2d: momentum must be in [0, 1], got 1.5");
  }

  @Test
  void reprIsPytorchLike() {
    assertThat(new BatchNorm1d(100)).hasToString("BatchNorm1d(100, eps=1e-05, momentum=0.1)");
    assertThat(new BatchNorm2d(8, 1e-3, 0.01))
        .hasToString("BatchNorm2d(8, eps=0.001, momentum=0.01)");
  }
}
