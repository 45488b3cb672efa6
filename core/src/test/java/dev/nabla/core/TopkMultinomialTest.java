package dev.nabla.core;

import static dev.nabla.core.GradAssert.assertGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** topk and multinomial. */
class TopkMultinomialTest {

  @Test
  void topkValuesAndIndicesLargestAndSmallest() {
    Tensor x = Tensor.of(new float[] {1, 3, 3, 2, 5, 0}, 6);
    TopK t = x.topk(3);
    assertThat(t.values().toFloatArray()).containsExactly(5, 3, 3);
    assertThat(t.indices().toIntArray()).containsExactly(4, 1, 2); // ties lowest index first
    assertThat(t.indices().dtype()).isEqualTo(DType.INT32);
    TopK s = x.topk(2, 0, false, true);
    assertThat(s.values().toFloatArray()).containsExactly(0, 1);
    assertThat(s.indices().toIntArray()).containsExactly(5, 0);
    // along axis 0 of a matrix; the axis keeps its place with size k
    Tensor m = Tensor.of(new double[] {1, 9, 4, 7, 2, 8}, 3, 2);
    TopK c = m.topk(2, 0, true, false);
    assertThat(c.values().shape()).containsExactly(2, 2);
    assertThat(c.values().toDoubleArray()).containsExactly(4, 9, 2, 8);
    assertThat(c.indices().toIntArray()).containsExactly(1, 0, 2, 2);
    assertThat(m.topk(0, -1, true, true).values().shape()).containsExactly(3, 0);
    // torch.topk(tensor(3.), 1) -> values tensor(3.), indices tensor(0)
    TopK z = Tensor.scalar(3.0).topk(1);
    assertThat(z.values().shape()).isEmpty();
    assertThat(z.values().item()).isEqualTo(3.0);
    assertThat(z.indices().intItem()).isEqualTo(0);
  }

  @Test
  void topkRanksNaNAboveEveryNumberAndZerosAsEqual() {
    // torch.topk(tensor([1., 3., 3., 2., nan]), 3).values -> [nan, 3., 3.]
    TopK t = Tensor.of(new double[] {1, 3, 3, 2, Double.NaN}, 5).topk(3);
    assertThat(t.values().toDoubleArray()[0]).isNaN();
    assertThat(t.indices().toIntArray()[0]).isEqualTo(4);
    // smallest: NaN comes last; torch.topk(..., largest=False) values [1., 1., 2.]
    TopK s = Tensor.of(new double[] {1, 3, 3, 2, Double.NaN, 1}, 6).topk(3, 0, false, true);
    assertThat(s.values().toDoubleArray()).containsExactly(1, 1, 2);
    assertThat(s.indices().toIntArray()).containsExactly(0, 5, 3);
    // -0.0 equals 0.0 (torch.topk(tensor([0., -0., 0.]), 2).indices -> [0, 1])
    assertThat(Tensor.of(new float[] {0f, -0f, 0f}, 3).topk(2).indices().toIntArray())
        .containsExactly(0, 1);
  }

  @Test
  void topkAgainstASortOfEachRowAndItsGradient() {
    Tensor x = Tensor.randn(11, DType.FLOAT64, 4, 37);
    double[] v = x.toDoubleArray();
    TopK t = x.topk(5);
    for (int r = 0; r < 4; r++) {
      double[] row = Arrays.copyOfRange(v, r * 37, (r + 1) * 37);
      double[] sorted = row.clone();
      Arrays.sort(sorted);
      for (int j = 0; j < 5; j++) {
        assertThat(t.values().toDoubleArray()[r * 5 + j]).isEqualTo(sorted[36 - j]);
        assertThat(row[t.indices().toIntArray()[r * 5 + j]]).isEqualTo(sorted[36 - j]);
      }
    }
    Tensor a = Tensor.of(new double[] {1, 5, 3, 4}, 4).requiresGrad(true);
    a.topk(2).values().mul(Tensor.of(new double[] {10, 1}, 2)).sum().backward();
    assertThat(a.grad().toDoubleArray()).containsExactly(0, 10, 0, 1);
    assertGradients(in -> in[0].topk(2, 1, false, true).values(), GradAssert.randn64(6, 3, 5, 2));
  }

  @Test
  void topkErrors() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3).topk(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "topk: k = 4 is out of range for axis -1 of size 3 in shape [2, 3] (expected 0 <= k"
                + " <= 3)");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).topk(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topk: k = -1 is out of range");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).topk(1, 2, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topk: axis 2 is out of range");
    assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}, 2).topk(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topk: expected FLOAT32 or FLOAT64, got INT32");
  }

  // ---------------------------------------------------------------- multinomial

  /**
   * Pearson's chi-square statistic with 3 degrees of freedom: its 0.999 quantile is 16.27, so a
   * correct sampler exceeds it with probability 1e-3 for a random seed (the seed is fixed, so the
   * test is deterministic). A sampler that moved 1.5 percentage points of probability from one
   * category to another would give at least 600² / 16000 = 22.5 from one category alone at 40,000
   * draws.
   */
  @Test
  void multinomialWithReplacementFollowsTheWeights() {
    double[] w = {1, 2, 3, 4}; // unnormalised
    int n = 40_000;
    Tensor s = Tensor.of(w, 4).multinomial(n, true, 42);
    assertThat(s.shape()).containsExactly(n);
    assertThat(s.dtype()).isEqualTo(DType.INT32);
    int[] counts = new int[4];
    for (int i : s.toIntArray()) {
      counts[i]++;
    }
    double chi2 = 0;
    for (int j = 0; j < 4; j++) {
      double expected = n * w[j] / 10;
      chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
    }
    assertThat(chi2).isLessThan(16.27);
    // a zero weight is never drawn; FLOAT32 rows of a 2-d input
    Tensor p = Tensor.of(new float[] {0, 1, 0, 3, 2, 0, 0, 5}, 2, 4);
    Tensor r = p.multinomial(1000, true, 7);
    assertThat(r.shape()).containsExactly(2, 1000);
    int[] got = r.toIntArray();
    for (int i = 0; i < 1000; i++) {
      assertThat(got[i]).isIn(1, 3);
      assertThat(got[1000 + i]).isIn(0, 3);
    }
  }

  @Test
  void multinomialIsReproducibleFromTheSeed() {
    Tensor p = Tensor.of(new double[] {0.2, 0.5, 0.3}, 3);
    assertThat(p.multinomial(50, true, 3).toIntArray())
        .containsExactly(p.multinomial(50, true, 3).toIntArray());
    assertThat(p.multinomial(50, true, 3).toIntArray())
        .isNotEqualTo(p.multinomial(50, true, 4).toIntArray());
  }

  @Test
  void multinomialWithoutReplacementDrawsDistinctIndices() {
    Tensor p = Tensor.uniform(5, 0.1f, 1f, 3, 10);
    int[] s = p.multinomial(10, false, 9).toIntArray();
    for (int r = 0; r < 3; r++) {
      Set<Integer> seen = new HashSet<>();
      for (int j = 0; j < 10; j++) {
        seen.add(s[r * 10 + j]);
      }
      assertThat(seen).hasSize(10);
    }
    // the first draw without replacement follows the weights too: P(first = 3) = 0.7
    Tensor q = Tensor.of(new double[] {0.1, 0.1, 0.1, 0.7}, 4);
    int hits = 0;
    for (int seed = 0; seed < 2000; seed++) {
      hits += q.multinomial(2, false, seed).toIntArray()[0] == 3 ? 1 : 0;
    }
    // binomial(2000, 0.7): mean 1400, sd 20.5; +-4 sd
    assertThat(hits).isBetween(1318, 1482);
    // only the non-zero weights are drawn
    assertThat(Tensor.of(new double[] {0, 1, 0, 2}, 4).multinomial(2, false, 1).toIntArray())
        .containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void multinomialErrors() {
    assertThatThrownBy(() -> Tensor.of(new double[] {1, -0.5}, 2).multinomial(1, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "multinomial: row 0 has weight -0.5 at category 1 (expected finite, non-negative"
                + " weights)");
    assertThatThrownBy(() -> Tensor.of(new double[] {1, Double.NaN}, 2).multinomial(1, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has weight NaN at category 1");
    assertThatThrownBy(() -> Tensor.of(new float[] {1, 1, 0, 0}, 2, 2).multinomial(1, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "multinomial: the weights of row 1 sum to 0 (expected at least one positive weight)");
    assertThatThrownBy(() -> Tensor.ones(3).multinomial(4, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "multinomial: cannot draw 4 samples without replacement from 3 categories (expected"
                + " numSamples <= 3, or replacement)");
    assertThatThrownBy(() -> Tensor.of(new float[] {1, 0, 0}, 3).multinomial(2, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which has only 1 non-zero weights");
    assertThatThrownBy(() -> Tensor.ones(3).multinomial(0, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multinomial: numSamples must be at least 1, got 0");
    assertThatThrownBy(() -> Tensor.ones(2, 2, 2).multinomial(1, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multinomial: expected a 1-d [categories] or 2-d");
    assertThatThrownBy(() -> Tensor.of(new int[] {1}, 1).multinomial(1, true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multinomial: expected a FLOAT32 or FLOAT64 tensor, got INT32");
    // with replacement, more samples than categories is fine
    assertThat(Tensor.ones(2).multinomial(5, true, 0).shape()).containsExactly(5);
  }
}
