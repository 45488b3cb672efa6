package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * The product of each row of a 2-d FLOAT32, FLOAT64, INT32 or INT64 tensor {@code [rows, n]}, as a
 * tensor {@code [rows]} (an empty row's product is 1); nabla's core has no product reduction. The
 * gradient of element {@code j} is the product of the row's other elements, computed from prefix
 * and suffix products, so that zeros in the row give the right gradient (no division by the
 * product).
 */
public final class RowProd extends Op {

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    if (x.rank() != 2) {
      throw new IllegalArgumentException(
          "ReduceProd: expected rows of a 2-d tensor, got shape "
              + java.util.Arrays.toString(x.shape()));
    }
    int rows = x.dim(0), n = x.dim(1);
    if (x.dtype().isInteger()) {
      // integers wrap on overflow, as integer arithmetic does; they carry no gradient
      long[] v = x.toLongArray(), out = new long[rows];
      for (int r = 0; r < rows; r++) {
        long p = 1;
        for (int j = 0; j < n; j++) {
          p *= v[r * n + j];
        }
        out[r] = p;
      }
      return Direct.fromLongs(x.dtype(), out, new int[] {rows});
    }
    Direct.requireFloat("ReduceProd", x);
    double[] v = x.toDoubleArray(), out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double p = 1;
      for (int j = 0; j < n; j++) {
        p *= v[r * n + j];
      }
      out[r] = p;
    }
    ctx.save(x);
    return Direct.fromDoubles(x.dtype(), out, new int[] {rows});
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    int rows = x.dim(0), n = x.dim(1);
    double[] v = x.toDoubleArray(), g = grad.toDoubleArray(), dx = new double[rows * n];
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      // dx[j] = prefix(j) * suffix(j + 1): first the prefixes, then the suffix times them
      double p = 1;
      for (int j = 0; j < n; j++) {
        dx[o + j] = p;
        p *= v[o + j];
      }
      double s = g[r];
      for (int j = n - 1; j >= 0; j--) {
        dx[o + j] *= s;
        s *= v[o + j];
      }
    }
    return new Tensor[] {Direct.fromDoubles(grad.dtype(), dx, new int[] {rows, n})};
  }
}
