package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import java.util.Arrays;

/**
 * Reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
 * ReduceLogSum, ReduceLogSumExp, ReduceSumSquare, ArgMax, ArgMin. The axes are an attribute (an
 * input for ReduceSum from opset 13); absent or empty axes reduce every axis, unless ReduceSum's
 * {@code noop_with_empty_axes} is 1, which makes the op the identity.
 */
public final class ReduceOps {
  private ReduceOps() {}

  /** A reduction over normalised {@code axes} (null: all), keeping them as size 1 when keep. */
  @FunctionalInterface
  interface Reducer {
    Tensor apply(Tensor x, int[] axes, boolean keep);
  }

  public static void register(OpRegistry r) {
    reduce(r, "ReduceSum", Tensor::sum);
    reduce(r, "ReduceMean", inDouble(Tensor::mean));
    reduce(r, "ReduceMax", Tensor::max);
    reduce(r, "ReduceMin", Tensor::min);
    reduce(r, "ReduceProd", ReduceOps::prod);
    reduce(r, "ReduceL1", (x, axes, keep) -> x.abs().sum(axes, keep));
    reduce(r, "ReduceL2", inDouble((x, axes, keep) -> x.mul(x).sum(axes, keep).sqrt()));
    reduce(r, "ReduceLogSum", inDouble((x, axes, keep) -> x.sum(axes, keep).log()));
    reduce(r, "ReduceLogSumExp", inDouble(ReduceOps::logSumExp));
    reduce(r, "ReduceSumSquare", (x, axes, keep) -> x.mul(x).sum(axes, keep));
    r.register("ArgMax", node -> arg(node, false));
    r.register("ArgMin", node -> arg(node, true));
  }

  /** For integer inputs, {@code f} computed in double and truncated back to the input's dtype. */
  private static Reducer inDouble(Reducer f) {
    return (x, axes, keep) ->
        x.dtype().isInteger()
            ? f.apply(x.to(DType.FLOAT64), axes, keep).to(x.dtype())
            : f.apply(x, axes, keep);
  }

  private static void reduce(OpRegistry r, String op, Reducer f) {
    r.register(op, node -> reduction(node, op, f));
  }

  private static OpKernel reduction(NodeSpec node, String op, Reducer f) {
    Attributes a = node.attributes();
    boolean keep = keepdims(a);
    boolean axesInput = op.equals("ReduceSum") && node.opset() >= 13;
    if (!axesInput) {
      node.requireInputs(1, 1);
      long[] axes = a.getInts("axes", null);
      return in -> new Tensor[] {run(op, f, in[0], axes, keep, false)};
    }
    node.requireInputs(1, 2);
    boolean noop = flag(a, "noop_with_empty_axes", 0);
    Tensor known = node.hasInput(1) ? node.constant(1) : null;
    long[] constantAxes = known == null ? null : OpUtil.longs(known, op + " axes");
    boolean runtimeAxes = node.hasInput(1) && known == null;
    return in -> {
      long[] axes = runtimeAxes ? OpUtil.longs(in[1], op + " axes") : constantAxes;
      return new Tensor[] {run(op, f, in[0], axes, keep, noop)};
    };
  }

  private static Tensor run(
      String op, Reducer f, Tensor x, long[] axes, boolean keep, boolean noopWhenEmpty) {
    if (axes == null || axes.length == 0) {
      return noopWhenEmpty ? x : f.apply(x, null, keep);
    }
    return f.apply(x, OpUtil.axes(axes, x.rank(), op), keep);
  }

  private static boolean keepdims(Attributes a) {
    return flag(a, "keepdims", 1);
  }

  /** A 0/1 attribute; another value is unsupported at load. */
  private static boolean flag(Attributes a, String name, long defaultValue) {
    long v = a.getInt(name, defaultValue);
    OpUtil.require(v == 0 || v == 1, name + " must be 0 or 1, got " + v);
    return v == 1;
  }

  private static Tensor logSumExp(Tensor x, int[] axes, boolean keep) {
    return x.logsumexp(axes, keep);
  }

  /**
   * The product over {@code axes}: the reduced axes are moved last and flattened into rows, whose
   * products {@link RowProd} computes (differentiably, for float inputs).
   */
  static Tensor prod(Tensor x, int[] axes, boolean keep) {
    int rank = x.rank();
    boolean[] reduced = new boolean[rank];
    if (axes == null) {
      Arrays.fill(reduced, true);
    } else {
      for (int ax : axes) {
        reduced[ax] = true;
      }
    }
    int[] perm = new int[rank];
    int k = 0, rows = 1, n = 1;
    int keptRank = 0;
    for (int i = 0; i < rank; i++) {
      if (!reduced[i]) {
        perm[k++] = i;
        rows *= x.dim(i);
        keptRank++;
      }
    }
    for (int i = 0; i < rank; i++) {
      if (reduced[i]) {
        perm[k++] = i;
        n *= x.dim(i);
      }
    }
    int[] outShape = new int[keep ? rank : keptRank];
    for (int i = 0, j = 0; i < rank; i++) {
      if (keep) {
        outShape[i] = reduced[i] ? 1 : x.dim(i);
      } else if (!reduced[i]) {
        outShape[j++] = x.dim(i);
      }
    }
    Tensor m = (rank == 0 ? x : x.permute(perm)).reshape(rows, n);
    return new RowProd().apply(m).reshape(outShape);
  }

  /**
   * ArgMax / ArgMin along {@code axis} (default 0), kept as size 1 unless keepdims is 0, as int64;
   * the first extreme index, or the last with select_last_index=1 (from opset 12).
   */
  private static OpKernel arg(NodeSpec node, boolean min) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    long axis = a.getInt("axis", 0);
    boolean keep = keepdims(a);
    boolean last = node.opset() >= 12 && flag(a, "select_last_index", 0);
    String op = min ? "ArgMin" : "ArgMax";
    return in -> {
      Tensor x = in[0];
      int ax = OpUtil.axis(axis, x.rank(), op);
      int n = x.dim(ax);
      Tensor src = x.detach();
      if (last && n > 1) {
        src = src.indexSelect(ax, Tensor.arange(DType.INT32, n - 1, -1, -1));
      }
      Tensor idx = (min ? src.argmin(ax) : src.argmax(ax)).to(DType.INT64);
      if (last && n > 1) {
        idx = Tensor.scalar(DType.INT64, n - 1).sub(idx);
      }
      return new Tensor[] {keep ? idx.unsqueeze(ax) : idx};
    };
  }
}
