package dev.nabla.core.internal.ops;

import dev.nabla.core.internal.Shapes;

/**
 * The shapes of a reduction over some axes, shared by {@link Sum} and {@link Max}.
 *
 * @param axes the reduced axes, normalised, sorted and distinct
 * @param outShape the output's shape (reduced axes removed, or kept as 1 with keepDims)
 * @param keptShape the input's shape with every reduced axis set to 1: the output's shape with
 *     keepDims, which broadcasts back to the input's shape
 * @param reducedCount how many input elements each output element reduces over
 */
record Reduction(int[] axes, int[] outShape, int[] keptShape, int reducedCount) {

  /**
   * Normalises {@code axes} (null: all axes) against {@code shape}, or throws naming {@code op}.
   */
  static Reduction of(String op, int[] shape, int[] axes, boolean keepDims) {
    int rank = shape.length;
    int[] ax;
    if (axes == null) {
      ax = new int[rank];
      for (int i = 0; i < rank; i++) {
        ax[i] = i;
      }
    } else {
      ax = Shapes.axes(op, axes, shape);
    }
    boolean[] reduced = new boolean[rank];
    for (int a : ax) {
      reduced[a] = true;
    }
    int[] kept = shape.clone();
    int[] out = new int[keepDims ? rank : rank - ax.length];
    int count = 1;
    for (int i = 0, k = 0; i < rank; i++) {
      if (reduced[i]) {
        count *= shape[i];
        kept[i] = 1;
        if (keepDims) {
          out[k++] = 1;
        }
      } else {
        out[k++] = shape[i];
      }
    }
    return new Reduction(ax, out, kept, count);
  }
}
