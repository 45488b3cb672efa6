package dev.nabla.core.internal.kernels.shape;

/**
 * The max, max-gradient and argmax plans behind {@link PlainShapeKernels}, dispatching on the array
 * type to {@link FloatMaxLoops} and its generated twins. Max runs pass by pass over a {@link
 * ReducePlan}; its gradient walks the input twice (count the ties of each maximum, then hand out
 * the shares), tracking the output position with an {@link Odometer}; argmax reduces a single axis.
 */
public final class MaxLoops {
  private MaxLoops() {}

  public static void max(Object src, int[] shape, int[] axes, Object dst) {
    int outN = java.lang.reflect.Array.getLength(dst);
    if (outN == 0) {
      return;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    int[] cur = p.dims().clone();
    int last = p.firstReduced();
    if (last < 0) {
      System.arraycopy(src, 0, dst, 0, outN);
      return;
    }
    Object acc = src;
    for (int g = cur.length - 1; g >= 0; g--) {
      if (p.reduced()[g]) {
        int outer = ReducePlan.prefix(cur, g), inner = ReducePlan.suffix(cur, g);
        Object next =
            g == last
                ? dst
                : java.lang.reflect.Array.newInstance(
                    src.getClass().getComponentType(), outer * inner);
        switch (acc) {
          case float[] s -> FloatMaxLoops.maxPass(s, (float[]) next, outer, cur[g], inner);
          case double[] s -> DoubleMaxLoops.maxPass(s, (double[]) next, outer, cur[g], inner);
          case int[] s -> IntMaxLoops.maxPass(s, (int[]) next, outer, cur[g], inner);
          case long[] s -> LongMaxLoops.maxPass(s, (long[]) next, outer, cur[g], inner);
          default -> throw ReducePlan.unsupported("max", src);
        }
        acc = next;
        cur[g] = 1;
      }
    }
  }

  public static void maxBackward(
      Object x, int[] shape, int[] axes, Object max, Object grad, Object dx) {
    int n = Odometer.count(shape);
    if (n == 0) {
      return;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    int rank = p.dims().length;
    int len = p.dims()[rank - 1];
    int[] os = p.outStrides();
    Rows w =
        new Rows(
            n / len,
            len,
            os[rank - 1],
            Odometer.head(p.dims(), rank - 1),
            Odometer.head(os, rank - 1));
    switch (x) {
      case float[] v ->
          FloatMaxLoops.maxBackward(v, (float[]) max, (float[]) grad, (float[]) dx, w);
      case double[] v ->
          DoubleMaxLoops.maxBackward(v, (double[]) max, (double[]) grad, (double[]) dx, w);
      default -> throw ReducePlan.unsupported("maxBackward", x);
    }
  }

  /**
   * The walk of a max backward: {@code rows} rows of {@code len} input elements, each stepping
   * {@code step} through the output, whose other dimensions an {@link Odometer} over {@code
   * outerDims} and {@code outerStrides} walks.
   */
  record Rows(int rows, int len, int step, int[] outerDims, int[] outerStrides) {
    /** A fresh walk of the rows' output offsets. */
    Odometer odometer() {
      return new Odometer(outerDims, outerStrides);
    }
  }

  public static void argmax(Object src, int outer, int n, int inner, int[] dst) {
    switch (src) {
      case float[] s -> FloatMaxLoops.argmax(s, outer, n, inner, dst);
      case double[] s -> DoubleMaxLoops.argmax(s, outer, n, inner, dst);
      case int[] s -> IntMaxLoops.argmax(s, outer, n, inner, dst);
      case long[] s -> LongMaxLoops.argmax(s, outer, n, inner, dst);
      default -> throw ReducePlan.unsupported("argmax", src);
    }
  }
}
