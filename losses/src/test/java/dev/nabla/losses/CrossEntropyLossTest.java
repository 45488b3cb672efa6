package dev.nabla.losses;

import static dev.nabla.losses.LossAssert.assertFinite;
import static dev.nabla.losses.LossAssert.assertGradients;
import static dev.nabla.losses.LossAssert.assertValues;
import static dev.nabla.losses.LossAssert.randn64;
import static dev.nabla.losses.LossAssert.shape;
import static dev.nabla.losses.LossAssert.tensor;
import static dev.nabla.losses.LossAssert.uniform64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CrossEntropyLossTest {
  private static final double E = Math.E;
  // Logits [[1, 2, 3], [1, 1, 1]] with targets [2, 0].
  private static final double[] LOGITS = {1, 2, 3, 1, 1, 1};
  // Row 0: log(e^1 + e^2 + e^3) - 3; row 1: log(3 e^1) - 1 = log 3.
  private static final double LSE0 = Math.log(E + E * E + E * E * E);
  private static final double L0 = LSE0 - 3;
  private static final double L1 = Math.log(3);

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void classIndexValuesForEachReduction(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), LOGITS);
    Tensor t = Tensor.of(new int[] {2, 0}, 2);
    Tensor none = new CrossEntropyLoss(Reduction.NONE).apply(x, t);
    assertThat(none.shape()).containsExactly(2);
    assertThat(none.dtype()).isEqualTo(dtype);
    assertValues(none, L0, L1);
    assertValues(new CrossEntropyLoss(Reduction.SUM).apply(x, t), L0 + L1);
    Tensor mean = new CrossEntropyLoss().apply(x, t);
    assertThat(mean.shape()).isEmpty();
    assertValues(mean, (L0 + L1) / 2);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void classIndexGradientIsSoftmaxMinusOneHotOverN(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), LOGITS).requiresGrad(true);
    new CrossEntropyLoss().apply(x, Tensor.of(new int[] {2, 0}, 2)).backward();
    double s = E + E * E + E * E * E;
    assertThat(x.grad().dtype()).isEqualTo(dtype);
    assertValues(
        x.grad(),
        E / s / 2,
        E * E / s / 2,
        (E * E * E / s - 1) / 2,
        (1.0 / 3 - 1) / 2,
        1.0 / 3 / 2,
        1.0 / 3 / 2);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void spatialLayoutTakesTheClassesOnAxisOne(DType dtype) {
    // [N=2, C=3, d=2]; the logits of position (n, k) are x[n, :, k].
    Tensor x = tensor(dtype, shape(2, 3, 2), 1, 0, 2, 0, 3, 0, 2, -1, 0, 1, 0, 0);
    Tensor t = Tensor.of(new int[] {2, 1, 0, 2}, 2, 2);
    double[] each = {
      L0, // (0, 0): [1, 2, 3], class 2
      Math.log(3), // (0, 1): [0, 0, 0], class 1
      Math.log(E * E + 2) - 2, // (1, 0): [2, 0, 0], class 0
      Math.log(1 / E + E + 1) - 0 // (1, 1): [-1, 1, 0], class 2
    };
    Tensor none = new CrossEntropyLoss(Reduction.NONE).apply(x, t);
    assertThat(none.shape()).containsExactly(2, 2);
    assertValues(none, each);
    assertValues(
        new CrossEntropyLoss(Reduction.SUM).apply(x, t), each[0] + each[1] + each[2] + each[3]);
    assertValues(new CrossEntropyLoss().apply(x, t), (each[0] + each[1] + each[2] + each[3]) / 4);
  }

  @Test
  void ignoredTargetsContributeNothingAndMeanDividesByTheOthers() {
    Tensor x = Tensor.of(LOGITS, 2, 3).requiresGrad(true);
    Tensor t = Tensor.of(new int[] {2, -100}, 2);
    assertValues(new CrossEntropyLoss(Reduction.NONE).apply(x, t), L0, 0);
    assertValues(new CrossEntropyLoss(Reduction.SUM).apply(x, t), L0);
    Tensor mean = new CrossEntropyLoss().apply(x, t);
    assertValues(mean, L0 / 1);
    mean.backward();
    double s = E + E * E + E * E * E;
    assertValues(x.grad(), E / s, E * E / s, E * E * E / s - 1, 0, 0, 0);
  }

  @Test
  void aCustomIgnoreIndexMayBeAValidClass() {
    Tensor x = Tensor.of(LOGITS, 2, 3);
    CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0);
    assertThat(loss.ignoreIndex()).isZero();
    assertValues(loss.apply(x, Tensor.of(new int[] {2, 0}, 2)), L0);
  }

  @Test
  void meanOverOnlyIgnoredTargetsIsNaNAsInPyTorch() {
    Tensor loss =
        new CrossEntropyLoss().apply(Tensor.of(LOGITS, 2, 3), Tensor.of(new int[] {-100, -100}, 2));
    assertThat(loss.item()).isNaN();
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void probabilityTargetValuesForEachReduction(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), LOGITS);
    Tensor p = tensor(dtype, shape(2, 3), 0.2, 0.3, 0.5, 1, 0, 0);
    // -sum_c p_c (x_c - lse) = lse - sum_c p_c x_c for probabilities summing to 1.
    double r0 = LSE0 - (0.2 * 1 + 0.3 * 2 + 0.5 * 3);
    double r1 = Math.log(3);
    assertValues(new CrossEntropyLoss(Reduction.NONE).apply(x, p), r0, r1);
    assertValues(new CrossEntropyLoss(Reduction.SUM).apply(x, p), r0 + r1);
    Tensor mean = new CrossEntropyLoss().apply(x, p);
    assertThat(mean.dtype()).isEqualTo(dtype);
    assertValues(mean, (r0 + r1) / 2);
  }

  @Test
  void probabilityTargetGradientsAreSoftmaxMinusTargetAndMinusLogSoftmax() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3).requiresGrad(true);
    Tensor p = Tensor.of(new double[] {0.2, 0.3, 0.5}, 1, 3).requiresGrad(true);
    new CrossEntropyLoss(Reduction.SUM).apply(x, p).backward();
    double s = E + E * E + E * E * E;
    assertValues(x.grad(), E / s - 0.2, E * E / s - 0.3, E * E * E / s - 0.5);
    assertValues(p.grad(), LSE0 - 1, LSE0 - 2, LSE0 - 3);
  }

  @Test
  void probabilityTargetMeanDividesByNTimesTheSpatialSize() {
    // [N=1, C=2, d=2]: position 0 has logits [0, 0] and target [0.5, 0.5], position 1 logits [1,
    // -1]
    // and target [1, 0].
    Tensor x = Tensor.of(new double[] {0, 1, 0, -1}, 1, 2, 2);
    Tensor p = Tensor.of(new double[] {0.5, 1, 0.5, 0}, 1, 2, 2);
    double first = Math.log(2); // -(0.5 log 0.5 + 0.5 log 0.5)
    double second = Math.log(E + 1 / E) - 1; // lse - x_0
    assertValues(new CrossEntropyLoss(Reduction.NONE).apply(x, p), first, second);
    assertValues(new CrossEntropyLoss().apply(x, p), (first + second) / 2);
  }

  @Test
  void oneHotProbabilitiesGiveTheSameLossAndGradientAsClassIndices() {
    for (int[] s : new int[][] {{4, 5}, {2, 3, 4}, {1, 3, 2, 2}}) {
      Tensor logits = randn64(11, s).mul(2);
      Tensor classes = randomClasses(12, s);
      Tensor oneHot = oneHot(classes, s);
      for (Reduction r : Reduction.values()) {
        Tensor a = logits.detach().requiresGrad(true);
        Tensor b = logits.detach().requiresGrad(true);
        Tensor la = new CrossEntropyLoss(r).apply(a, classes);
        Tensor lb = new CrossEntropyLoss(r).apply(b, oneHot);
        assertThat(la.allClose(lb, 1e-12, 1e-12))
            .as("%s %s: %s vs %s", r, Arrays.toString(s), la, lb)
            .isTrue();
        Tensor seed = Tensor.ones(DType.FLOAT64, la.shape());
        la.backward(seed);
        lb.backward(seed);
        assertThat(a.grad().allClose(b.grad(), 1e-12, 1e-12)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void classIndexGradientsMatchFiniteDifferences(Reduction reduction) {
    CrossEntropyLoss loss = new CrossEntropyLoss(reduction);
    for (int[] s : new int[][] {{1, 3}, {1, 1}, {4, 5}, {2, 3, 4}, {2, 3, 2, 2}, {1, 4, 1}}) {
      Tensor classes = randomClasses(13, s);
      assertGradients(in -> loss.apply(in[0], classes), randn64(14, s));
    }
    // with some targets ignored
    Tensor ignoring = Tensor.of(new int[] {1, -100, 0, 2, -100, 1}, 2, 3);
    assertGradients(in -> loss.apply(in[0], ignoring), randn64(15, 2, 3, 3));
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void probabilityTargetGradientsMatchFiniteDifferencesForLogitsAndTargets(Reduction reduction) {
    CrossEntropyLoss loss = new CrossEntropyLoss(reduction);
    for (int[] s : new int[][] {{1, 3}, {4, 5}, {2, 3, 4}}) {
      assertGradients(in -> loss.apply(in[0], in[1]), randn64(16, s), uniform64(17, 0, 1, s));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64"})
  void logitsOfPlusMinusTenThousandGiveAFiniteLossAndGradient(DType dtype) {
    Tensor x = tensor(dtype, shape(2, 3), 1e4, -1e4, 0, -1e4, 1e4, 0).requiresGrad(true);
    Tensor t = Tensor.of(new int[] {1, 1}, 2);
    Tensor none = new CrossEntropyLoss(Reduction.NONE).apply(x, t);
    // Row 0: lse = 1e4 + log(1 + e^-2e4 + e^-1e4) = 1e4 in floating point, loss 1e4 - (-1e4); row
    // 1: 0.
    assertValues(none, 2e4, 0);
    Tensor mean = new CrossEntropyLoss().apply(x, t);
    assertValues(mean, 1e4);
    mean.backward();
    // (softmax - onehot) / 2: softmax of row 0 is [1, 0, 0], of row 1 [0, 1, 0].
    assertValues(x.grad(), 0.5, -0.5, 0, 0, 0, 0);
    assertFinite(x.grad());

    Tensor xp = x.detach().requiresGrad(true);
    Tensor p = tensor(dtype, shape(2, 3), 0, 1, 0, 0, 1, 0);
    Tensor probabilityLoss = new CrossEntropyLoss().apply(xp, p);
    assertValues(probabilityLoss, 1e4);
    probabilityLoss.backward();
    assertValues(xp.grad(), 0.5, -0.5, 0, 0, 0, 0);
  }

  @Test
  void spatialLogitsOfPlusMinusTenThousandGiveAFiniteLossAndGradient() {
    // [N=1, C=2, d=2]: position 0 logits [1e4, -1e4] class 1, position 1 logits [-1e4, 1e4] class
    // 1.
    Tensor x = Tensor.of(new float[] {1e4f, -1e4f, -1e4f, 1e4f}, 1, 2, 2).requiresGrad(true);
    Tensor t = Tensor.of(new int[] {1, 1}, 1, 2);
    Tensor loss = new CrossEntropyLoss(Reduction.SUM).apply(x, t);
    assertValues(loss, 2e4);
    loss.backward();
    assertValues(x.grad(), 1, 0, -1, 0);
  }

  @Test
  void rejectsATargetThatFitsNeitherAsIndicesNorAsProbabilities() {
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(DType.FLOAT64, 32, 10), Tensor.zeros(32, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target [32, 10] FLOAT32 does not fit input [32, 10] FLOAT64: "
                + "expected INT32 or INT64 class indices of shape [32] or FLOAT64 probabilities of shape [32, 10]");
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(32, 10), Tensor.zeros(DType.INT32, 32, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target [32, 1] INT32 does not fit input [32, 10] FLOAT32: "
                + "expected INT32 or INT64 class indices of shape [32] or FLOAT32 probabilities of shape [32, 10]");
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(2, 3, 4), Tensor.zeros(DType.INT32, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target [2, 3] INT32 does not fit input [2, 3, 4] FLOAT32: "
                + "expected INT32 or INT64 class indices of shape [2, 4] or FLOAT32 probabilities of shape [2, 3, 4]");
  }

  @Test
  void classLabelsStoredAsFloatsGetAHint() {
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(Tensor.zeros(32, 10), Tensor.zeros(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target [32] FLOAT32 does not fit input [32, 10] FLOAT32: "
                + "expected INT32 or INT64 class indices of shape [32] or FLOAT32 probabilities of shape [32, 10] "
                + "(class labels stored as floats: convert them with target.to(DType.INT32))");
  }

  @Test
  void oneHotLabelsStoredAsIntegersGetAHint() {
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(DType.FLOAT64, 8, 3), Tensor.zeros(DType.INT32, 8, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target [8, 3] INT32 does not fit input [8, 3] FLOAT64: "
                + "expected INT32 or INT64 class indices of shape [8] or FLOAT64 probabilities of shape [8, 3] "
                + "(one-hot labels stored as INT32: pass target.to(DType.FLOAT64) as probabilities, or "
                + "target.argmax(1) as class indices)");
  }

  @Test
  void int64ClassIndicesGiveTheLossAndGradientOfInt32OnesAndAreRangeChecked() {
    Tensor x = Tensor.randn(3L, DType.FLOAT64, 4, 5);
    Tensor x32 = x.detach().requiresGrad(true), x64 = x.detach().requiresGrad(true);
    Tensor t32 = Tensor.of(new int[] {4, 0, 2, 2}, 4);
    Tensor t64 = Tensor.of(new long[] {4, 0, 2, 2}, 4);

    Tensor l32 = new CrossEntropyLoss().apply(x32, t32);
    Tensor l64 = new CrossEntropyLoss().apply(x64, t64);
    l32.backward();
    l64.backward();

    assertThat(l64.item()).isEqualTo(l32.item());
    assertThat(x64.grad().toDoubleArray()).containsExactly(x32.grad().toDoubleArray());
    assertThat(new NLLLoss().apply(x, t64).item()).isEqualTo(new NLLLoss().apply(x, t32).item());
    // 2^32 + 1 would wrap to class 1 as an int: it must be rejected as itself
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss().apply(x, Tensor.of(new long[] {0, 1, (1L << 32) + 1, 3}, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target class 4294967297 at position [2] is out of range for input "
                + "[4, 5] FLOAT64: expected a class index 0 to 4 or the ignore index -100");
    assertThatThrownBy(() -> new NLLLoss().apply(x, Tensor.of(new long[] {0, 1, -3, 3}, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("NLLLoss: target class -3 at position [2] is out of range");
  }

  @Test
  void rejectsAClassIndexOutOfRangeNamingItsValueAndPosition() {
    Tensor x = Tensor.zeros(4, 10);
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(x, Tensor.of(new int[] {1, 2, 10, 3}, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target class 10 at position [2] is out of range for input "
                + "[4, 10] FLOAT32: expected a class index 0 to 9 or the ignore index -100");
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss(Reduction.SUM, 255)
                    .apply(x, Tensor.of(new int[] {-1, 2, 1, 3}, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target class -1 at position [0] is out of range for input "
                + "[4, 10] FLOAT32: expected a class index 0 to 9 or the ignore index 255");
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(2, 3, 2), Tensor.of(new int[] {0, 1, 5, 0}, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: target class 5 at position [1, 0] is out of range for input "
                + "[2, 3, 2] FLOAT32: expected a class index 0 to 2 or the ignore index -100");
  }

  @Test
  void rejectsAnInputWithoutAClassAxis() {
    assertThatThrownBy(
            () -> new CrossEntropyLoss().apply(Tensor.zeros(10), Tensor.scalar(DType.INT32, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: input [10] FLOAT32 has rank 1: expected logits of shape [N, C] "
                + "or [N, C, d1, ...] with the classes on axis 1 (for a single sample, pass input.unsqueeze(0))");
    assertThatThrownBy(
            () -> new CrossEntropyLoss().apply(Tensor.scalar(1f), Tensor.scalar(DType.INT32, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: input [] FLOAT32 has rank 0: expected logits of shape [N, C] "
                + "or [N, C, d1, ...] with the classes on axis 1");
    assertThatThrownBy(
            () -> new CrossEntropyLoss().apply(Tensor.zeros(4, 0), Tensor.zeros(DType.INT32, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CrossEntropyLoss: input [4, 0] FLOAT32 has no classes: expected at least one "
                + "class on axis 1");
  }

  @Test
  void rejectsAnIntegerInputAndNullArguments() {
    assertThatThrownBy(
            () ->
                new CrossEntropyLoss()
                    .apply(Tensor.zeros(DType.INT32, 4, 3), Tensor.zeros(DType.INT32, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CrossEntropyLoss: input [4, 3] INT32 must be FLOAT32 or FLOAT64");
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(null, Tensor.zeros(DType.INT32, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CrossEntropyLoss: input must not be null");
    assertThatThrownBy(() -> new CrossEntropyLoss().apply(Tensor.zeros(4, 3), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CrossEntropyLoss: target must not be null");
    assertThatThrownBy(() -> new CrossEntropyLoss(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CrossEntropyLoss: reduction must not be null (expected MEAN, SUM or NONE)");
  }

  @Test
  void describesItselfWithPyTorchsDefaults() {
    CrossEntropyLoss loss = new CrossEntropyLoss();
    assertThat(loss.reduction()).isEqualTo(Reduction.MEAN);
    assertThat(loss.ignoreIndex()).isEqualTo(-100);
    assertThat(loss).hasToString("CrossEntropyLoss(reduction=MEAN, ignoreIndex=-100)");
  }

  /** Seeded class indices for an input of shape {@code s} (index shape [N, d1, ...]). */
  static Tensor randomClasses(long seed, int[] s) {
    int[] indexShape = new int[s.length - 1];
    indexShape[0] = s[0];
    System.arraycopy(s, 2, indexShape, 1, s.length - 2);
    int n = 1;
    for (int d : indexShape) {
      n *= d;
    }
    Random random = new Random(seed);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(s[1]);
    }
    return Tensor.of(v, indexShape);
  }

  /** The FLOAT64 one-hot probabilities of shape {@code s} (classes on axis 1) for class indices. */
  private static Tensor oneHot(Tensor classes, int[] s) {
    int inner = 1;
    for (int d = 2; d < s.length; d++) {
      inner *= s[d];
    }
    int[] c = classes.toIntArray();
    double[] v = new double[s[0] * s[1] * inner];
    for (int n = 0; n < s[0]; n++) {
      for (int k = 0; k < inner; k++) {
        v[(n * s[1] + c[n * inner + k]) * inner + k] = 1;
      }
    }
    return Tensor.of(v, s);
  }
}
