package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Writes rows of {@code updates} ([n, S]) into rows of {@code data} ([R, S]) at {@code rows} (n
 * values in [0, R)): what ScatterElements (S = 1, on the flattened data) and ScatterND (S = the
 * slice size) reduce to. With reduction {@code NONE} a row written twice keeps the last update (as
 * ONNX's reference does); {@code ADD} and {@code MUL} combine every update of a row with the data.
 *
 * <p>NONE is composed of {@code indexSelect} and {@code where}, so its gradient is theirs: the data
 * gets the output gradient where no update landed, each update the gradient of the row it won. ADD
 * and MUL are this op, with their own backward: for ADD the data gets the gradient and each update
 * the gradient of its row; for MUL the data gets it times the product of the row's updates, and an
 * update times the data and the row's other updates.
 */
final class ScatterRows extends Op {
  enum Reduction {
    NONE,
    ADD,
    MUL
  }

  private final int[] rows;
  private final boolean mul;

  private ScatterRows(int[] rows, boolean mul) {
    this.rows = rows;
    this.mul = mul;
  }

  @Override
  public String name() {
    return mul ? "ScatterMul" : "ScatterAdd";
  }

  /** The scatter of {@code updates} into {@code data} at {@code rows}, as the class describes. */
  static Tensor scatter(Tensor data, int[] rows, Tensor updates, Reduction reduction) {
    int[] ds = data.shape(), us = updates.shape();
    if (ds.length != 2 || us.length != 2 || us[0] != rows.length || us[1] != ds[1]) {
      throw new IllegalArgumentException(
          "scatter: data "
              + Arrays.toString(ds)
              + " and updates "
              + Arrays.toString(us)
              + " do not fit "
              + rows.length
              + " rows");
    }
    if (data.dtype() != updates.dtype()) {
      throw new IllegalArgumentException(
          "scatter: updates are " + updates.dtype() + ", the data is " + data.dtype());
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= ds[0]) {
        throw new IllegalArgumentException(
            "scatter: row " + rows[i] + " is out of range for " + ds[0] + " rows");
      }
    }
    if (rows.length == 0) {
      return data;
    }
    if (reduction == Reduction.NONE) {
      int[] src = new int[ds[0]];
      boolean[] hit = new boolean[ds[0]];
      for (int i = 0; i < rows.length; i++) {
        src[rows[i]] = i;
        hit[rows[i]] = true;
      }
      Tensor picked = updates.indexSelect(0, Tensor.of(src, src.length));
      return Tensor.where(Tensor.of(hit, ds[0], 1), picked, data);
    }
    if (data.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          "scatter: reduction " + reduction.name().toLowerCase() + " needs numbers, got BOOL");
    }
    return new ScatterRows(rows, reduction == Reduction.MUL).apply(data, updates);
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor data = in[0], upd = in[1];
    int s = data.dim(1);
    ctx.save(data, upd);
    DType dt = data.dtype();
    if (dt.isFloatingPoint()) {
      double[] d = data.toDoubleArray(), u = upd.toDoubleArray();
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0, o = rows[i] * s, p = i * s; j < s; j++) {
          d[o + j] = mul ? d[o + j] * u[p + j] : d[o + j] + u[p + j];
        }
      }
      return Tensor.of(d, data.shape()).to(dt);
    }
    long[] d = OpUtil.longs(data, "scatter data"), u = OpUtil.longs(upd, "scatter updates");
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0, o = rows[i] * s, p = i * s; j < s; j++) {
        d[o + j] = mul ? d[o + j] * u[p + j] : d[o + j] + u[p + j];
      }
    }
    Tensor out = Tensor.of(d, data.shape());
    return dt == DType.INT64 ? out : out.to(dt);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor rowIndex = Tensor.of(rows, rows.length);
    if (!mul) {
      return new Tensor[] {grad, grad.indexSelect(0, rowIndex)};
    }
    Tensor data = ctx.saved(0), upd = ctx.saved(1);
    int r = data.dim(0), s = data.dim(1), n = rows.length;
    double[] u = upd.toDoubleArray();
    // per element of data: the product of its updates; per update: that of the others
    double[] prod = new double[r * s];
    Arrays.fill(prod, 1);
    double[] others = new double[n * s];
    Arrays.fill(others, 1);
    // prefix products in order, then suffix products in reverse order, per element
    double[] run = new double[r * s];
    Arrays.fill(run, 1);
    for (int i = 0; i < n; i++) {
      for (int j = 0, o = rows[i] * s, p = i * s; j < s; j++) {
        others[p + j] = run[o + j];
        run[o + j] *= u[p + j];
      }
    }
    System.arraycopy(run, 0, prod, 0, prod.length);
    Arrays.fill(run, 1);
    for (int i = n - 1; i >= 0; i--) {
      for (int j = 0, o = rows[i] * s, p = i * s; j < s; j++) {
        others[p + j] *= run[o + j];
        run[o + j] *= u[p + j];
      }
    }
    DType dt = grad.dtype();
    Tensor dData = grad.mul(Tensor.of(prod, r, s).to(dt));
    Tensor dUpd =
        grad.indexSelect(0, rowIndex)
            .mul(data.indexSelect(0, rowIndex))
            .mul(Tensor.of(others, n, s).to(dt));
    return new Tensor[] {dData, dUpd};
  }
}
