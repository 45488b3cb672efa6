package dev.nabla.core.internal.kernels.elementwise;

import dev.nabla.core.internal.Shapes;
import java.util.Arrays;

/**
 * How a broadcast binary loop walks its output: row by row along the last dimension, each operand
 * advancing by a fixed step of 0 (broadcast) or 1 within a row, and an odometer over the other
 * dimensions moving the operands' row offsets by their broadcast strides.
 *
 * <p>Size-1 dimensions of the output are dropped and neighbouring dimensions that are laid out
 * alike in both operands are merged first, so that rows are as long as possible: {@code [256, 256,
 * 3] + [3]} runs 65536 rows of 3, and {@code [1000, 1, 1] + [1000]} runs 1000 rows of 1000. After
 * that at least one operand advances within a row (where both would be broadcast, the output
 * dimension has size 1 and was dropped).
 */
public final class BroadcastRows {
  /** Which operands advance within a row. */
  public enum Steps {
    /** Both: {@code a[ao + i] op b[bo + i]}. */
    BOTH,
    /** Only {@code a}: {@code a[ao + i] op b[bo]}. */
    A_ONLY,
    /** Only {@code b}: {@code a[ao] op b[bo + i]}. */
    B_ONLY
  }

  /** One row of the loop, given the offsets of its first element in each array. */
  @FunctionalInterface
  public interface Row {
    void run(int aOff, int bOff, int outOff);
  }

  /**
   * A run of {@code len} elements of a broadcast binary loop from the given offsets; for a loop
   * with a scalar side, that side's element is the one at its offset.
   */
  @FunctionalInterface
  interface Run {
    void run(int aOff, int bOff, int outOff, int len);
  }

  /**
   * The plain broadcasting dispatch every dtype shares: for an output of {@code n} elements and
   * operands of {@code aLength} and {@code bLength}, runs {@code vv} (both advance), {@code vs}
   * ({@code b} a scalar) or {@code sv} ({@code a} a scalar) over the whole output when an operand
   * has the output's size or one element, else row by row as planned here. An operand with as many
   * elements as the output is laid out exactly as the output.
   */
  static void dispatch(
      int n,
      int aLength,
      int[] aShape,
      int bLength,
      int[] bShape,
      int[] outShape,
      Run vv,
      Run vs,
      Run sv) {
    if (n == 0) {
      return;
    }
    if (aLength == n && bLength == n) {
      vv.run(0, 0, 0, n);
    } else if (aLength == n && bLength == 1) {
      vs.run(0, 0, 0, n);
    } else if (aLength == 1 && bLength == n) {
      sv.run(0, 0, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      Run run =
          switch (rows.steps) {
            case BOTH -> vv;
            case A_ONLY -> vs;
            case B_ONLY -> sv;
          };
      rows.forEach((ao, bo, oo) -> run.run(ao, bo, oo, len));
    }
  }

  /** Elements per row. */
  public final int length;

  /** Which operands advance within a row. */
  public final Steps steps;

  private final int[] outer;
  private final int[] aStrides;
  private final int[] bStrides;

  /** Plans the loop over {@code outShape} for operands of shape {@code aShape}, {@code bShape}. */
  public BroadcastRows(int[] aShape, int[] bShape, int[] outShape) {
    int[] sa = Shapes.broadcastStrides(aShape, outShape);
    int[] sb = Shapes.broadcastStrides(bShape, outShape);
    int rank = outShape.length;
    int[] dims = new int[rank];
    int[] ta = new int[rank];
    int[] tb = new int[rank];
    int k = 0;
    for (int d = 0; d < rank; d++) {
      int size = outShape[d];
      if (size == 1) {
        continue;
      }
      // The previous (outer) dimension continues this one in both operands: one longer dimension.
      if (k > 0 && ta[k - 1] == sa[d] * size && tb[k - 1] == sb[d] * size) {
        dims[k - 1] *= size;
        ta[k - 1] = sa[d];
        tb[k - 1] = sb[d];
      } else {
        dims[k] = size;
        ta[k] = sa[d];
        tb[k] = sb[d];
        k++;
      }
    }
    if (k == 0) {
      // A single element: one row of length 1.
      length = 1;
      steps = Steps.BOTH;
      outer = new int[0];
      aStrides = outer;
      bStrides = outer;
      return;
    }
    length = dims[k - 1];
    steps = ta[k - 1] == 0 ? Steps.B_ONLY : tb[k - 1] == 0 ? Steps.A_ONLY : Steps.BOTH;
    outer = Arrays.copyOf(dims, k - 1);
    aStrides = Arrays.copyOf(ta, k - 1);
    bStrides = Arrays.copyOf(tb, k - 1);
  }

  /** Number of rows of a non-empty output. */
  public int rows() {
    return Shapes.size(outer);
  }

  /** Runs {@code row} for every row of a non-empty output, in row-major order. */
  public void forEach(Row row) {
    forEach(0, rows(), row);
  }

  /**
   * Runs {@code row} for rows {@code from} (inclusive) to {@code to} (exclusive) of a non-empty
   * output, in row-major order, so that disjoint ranges may run on different threads.
   */
  public void forEach(int from, int to, Row row) {
    int rank = outer.length;
    int[] idx = new int[rank];
    int ao = 0;
    int bo = 0;
    // Start the odometer at row `from`: its digits, last dimension fastest.
    for (int d = rank - 1, r = from; d >= 0; d--) {
      idx[d] = r % outer[d];
      r /= outer[d];
      ao += idx[d] * aStrides[d];
      bo += idx[d] * bStrides[d];
    }
    for (int r = from, oo = from * length; r < to; r++, oo += length) {
      row.run(ao, bo, oo);
      for (int d = rank - 1; d >= 0; d--) {
        ao += aStrides[d];
        bo += bStrides[d];
        if (++idx[d] < outer[d]) {
          break;
        }
        ao -= aStrides[d] * outer[d];
        bo -= bStrides[d] * outer[d];
        idx[d] = 0;
      }
    }
  }
}
