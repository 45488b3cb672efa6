package dev.nabla.core.internal.kernels;

/**
 * The max, max-gradient and argmax plans behind {@link PlainShapeKernels}, dispatching on the array
 * type to {@link FloatMaxLoops} and its generated twins. Max runs pass by pass over a {@link
 * ReducePlan}; its gradient walks the input twice (count the ties of each maximum, then hand out
 * the shares), tracking the output position with an {@link Odometer}; argmax reduces a single axis.
 */
final class MaxLoops {
  private MaxLoops() {}

  static void max(Object src, int[] shape, int[] axes, Object dst) {
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
          default -> throw ReducePlan.unsupported(src);
        }
        acc = next;
        cur[g] = 1;
      }
    }
  }

  static void maxBackward(Object x, int[] shape, int[] axes, Object max, Object grad, Object dx) {
    int n = Odometer.count(shape);
    if (n == 0) {
      return;
    }
    ReducePlan p = ReducePlan.of(shape, axes);
    int rank = p.dims().length;
    int len = p.dims()[rank - 1];
    int[] os = p.outStrides();
    int step = os[rank - 1];
    int[] outerDims = Odometer.head(p.dims(), rank - 1);
    int[] outerStrides = Odometer.head(os, rank - 1);
    int rows = n / len;
    int[] ties = new int[java.lang.reflect.Array.getLength(max)];
    switch (x) {
      case float[] xs ->
          FloatMaxLoops.maxBackward(
              xs,
              (float[]) max,
              (float[]) grad,
              (float[]) dx,
              ties,
              rows,
              len,
              step,
              outerDims,
              outerStrides);
      case double[] xs ->
          DoubleMaxLoops.maxBackward(
              xs,
              (double[]) max,
              (double[]) grad,
              (double[]) dx,
              ties,
              rows,
              len,
              step,
              outerDims,
              outerStrides);
      default -> throw ReducePlan.unsupported(x);
    }
  }

  static void argmax(Object src, int outer, int n, int inner, int[] dst) {
    switch (src) {
      case float[] s -> FloatMaxLoops.argmax(s, outer, n, inner, dst);
      case double[] s -> DoubleMaxLoops.argmax(s, outer, n, inner, dst);
      case int[] s -> IntMaxLoops.argmax(s, outer, n, inner, dst);
      default -> throw ReducePlan.unsupported(src);
    }
  }
}
