package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Rng;
import java.util.Arrays;

/**
 * {@code torch.multinomial}: category indices drawn from each row of a 1-d [n] or 2-d [rows, n]
 * tensor of non-negative weights (not necessarily normalised), INT32 [numSamples] or [rows,
 * numSamples]. The draws come from {@link Rng} seeded with {@code seed}, row after row, so the same
 * seed gives the same samples everywhere.
 *
 * <p>With replacement each draw inverts the cumulative weights at a uniform point (a binary search;
 * a zero weight is never drawn). Without, draws are made one after another, each from the weights
 * not drawn yet, so a row's indices are distinct; a row then needs at least numSamples non-zero
 * weights (PyTorch 1.13 instead goes on to draw zero-weight categories once the others are used up;
 * here that is an error). Sampling is scalar work with nothing to vectorise, so it loops here over
 * the weights in double. Not differentiable.
 */
public final class Multinomial extends Op {
  private final int numSamples;
  private final boolean replacement;
  private final long seed;

  public Multinomial(int numSamples, boolean replacement, long seed) {
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "multinomial";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor p = in[0];
    Elementwise.requireFloating("multinomial", p);
    int[] shape = p.shape();
    if (shape.length != 1 && shape.length != 2) {
      throw new IllegalArgumentException(
          "multinomial: expected a 1-d [categories] or 2-d [rows, categories] tensor of weights,"
              + " got shape "
              + Arrays.toString(shape));
    }
    int n = shape[shape.length - 1];
    int rows = shape.length == 1 ? 1 : shape[0];
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "multinomial: numSamples must be at least 1, got " + numSamples);
    }
    if (!replacement && numSamples > n) {
      throw new IllegalArgumentException(
          "multinomial: cannot draw "
              + numSamples
              + " samples without replacement from "
              + n
              + " categories (expected numSamples <= "
              + n
              + ", or replacement)");
    }
    if ((long) rows * numSamples > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "multinomial: "
              + rows
              + " rows x "
              + numSamples
              + " samples = "
              + (long) rows * numSamples
              + " indices, more than a tensor holds (at most "
              + Integer.MAX_VALUE
              + ")");
    }
    double[] w = p.toDoubleArray();
    int[] out = new int[rows * numSamples];
    Rng rng = new Rng(seed);
    for (int r = 0; r < rows; r++) {
      double[] row = Arrays.copyOfRange(w, r * n, (r + 1) * n);
      int[] picks = new int[numSamples];
      checkRow(row, r);
      if (replacement) {
        withReplacement(row, rng, picks);
      } else {
        withoutReplacement(row, rng, picks, r);
      }
      System.arraycopy(picks, 0, out, r * numSamples, numSamples);
    }
    int[] outShape = shape.length == 1 ? new int[] {numSamples} : new int[] {rows, numSamples};
    return Tensor.of(out, outShape);
  }

  private static void checkRow(double[] row, int r) {
    double total = 0;
    for (int j = 0; j < row.length; j++) {
      double v = row[j];
      if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "multinomial: row "
                + r
                + " has weight "
                + v
                + " at category "
                + j
                + " (expected finite, non-negative weights)");
      }
      total += v;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException(
          "multinomial: the weights of row "
              + r
              + " sum to 0 (expected at least one positive weight)");
    }
  }

  /** Each draw: the first category whose cumulative weight exceeds a uniform point of the total. */
  private static void withReplacement(double[] row, Rng rng, int[] picks) {
    double[] cdf = new double[row.length];
    double acc = 0;
    int lastPositive = 0;
    for (int j = 0; j < row.length; j++) {
      acc += row[j];
      cdf[j] = acc;
      if (row[j] > 0) {
        lastPositive = j;
      }
    }
    for (int s = 0; s < picks.length; s++) {
      double u = rng.nextDouble() * acc;
      int lo = 0, hi = row.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      // u rounded up to the total: the search ends past the last category that has weight
      picks[s] = cdf[lo] > u ? lo : lastPositive;
    }
  }

  /** Draws one at a time from the weights left, zeroing each drawn weight. */
  private static void withoutReplacement(double[] row, Rng rng, int[] picks, int r) {
    int positive = 0;
    for (double v : row) {
      positive += v > 0 ? 1 : 0;
    }
    if (positive < picks.length) {
      throw new IllegalArgumentException(
          "multinomial: cannot draw "
              + picks.length
              + " distinct samples from row "
              + r
              + ", which has only "
              + positive
              + " non-zero weights (expected numSamples <= "
              + positive
              + ", or replacement)");
    }
    for (int s = 0; s < picks.length; s++) {
      double total = 0;
      for (double v : row) {
        total += v;
      }
      double u = rng.nextDouble() * total, acc = 0;
      int pick = -1;
      for (int j = 0; j < row.length; j++) {
        if (row[j] > 0) {
          pick = j; // the last positive one, should rounding carry u to the total
          acc += row[j];
          if (acc > u) {
            break;
          }
        }
      }
      picks[s] = pick;
      row[pick] = 0;
    }
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    throw new IllegalStateException("multinomial: not differentiable (its output is INT32)");
  }
}
