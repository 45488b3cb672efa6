package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * Indexing: Gather, GatherElements, GatherND, ScatterElements (and the older Scatter), ScatterND,
 * TopK, NonZero, Compress, OneHot, EyeLike, Trilu, CumSum and ReverseSequence. Indices are read as
 * Java arrays (negative ones count from the end) and the data moves through nabla's differentiable
 * ops (indexSelect, gather, where) or {@link ScatterRows}.
 */
final class IndexOps {
  private IndexOps() {}

  static void register(OpRegistry r) {
    r.register("Gather", IndexOps::gather);
    r.register("GatherElements", IndexOps::gatherElements);
    r.register("GatherND", IndexOps::gatherNd);
    r.register("ScatterElements", IndexOps::scatterElements);
    r.register("Scatter", IndexOps::scatterElements);
    r.register("ScatterND", IndexOps::scatterNd);
    r.register("TopK", IndexOps::topk);
    r.register("NonZero", IndexOps::nonZero);
    r.register("Compress", IndexOps::compress);
    r.register("OneHot", IndexOps::oneHot);
    r.register("EyeLike", IndexOps::eyeLike);
    r.register("Trilu", IndexOps::trilu);
    r.register("CumSum", IndexOps::cumsum);
    r.register("ReverseSequence", IndexOps::reverseSequence);
  }

  /** Index values normalised into {@code [0, dim)}: negative ones count from the end. */
  static int[] normalised(Tensor index, int dim, String what) {
    long[] v = OpUtil.longs(index, what);
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      long x = v[i] < 0 ? v[i] + dim : v[i];
      if (x < 0 || x >= dim) {
        throw new IllegalArgumentException(
            what
                + ": index "
                + v[i]
                + " at position "
                + i
                + " is out of range for an axis of size "
                + dim
                + " (expected ["
                + -dim
                + ", "
                + (dim - 1)
                + "])");
      }
      r[i] = (int) x;
    }
    return r;
  }

  private static Tensor ints(int[] v) {
    return Tensor.of(v, v.length);
  }

  // ---------------------------------------------------------------- Gather family

  private static OpKernel gather(NodeSpec node) {
    node.requireInputs(2, 2);
    long axis = node.attributes().getInt("axis", 0);
    return in -> {
      Tensor x = in[0];
      int a = OpUtil.axis(axis, x.rank(), "Gather");
      int[] idx = normalised(in[1], x.dim(a), "Gather indices");
      int[] xs = x.shape(), is = in[1].shape();
      int[] out = new int[xs.length - 1 + is.length];
      System.arraycopy(xs, 0, out, 0, a);
      System.arraycopy(is, 0, out, a, is.length);
      System.arraycopy(xs, a + 1, out, a + is.length, xs.length - a - 1);
      return new Tensor[] {x.indexSelect(a, ints(idx)).reshape(out)};
    };
  }

  private static OpKernel gatherElements(NodeSpec node) {
    node.requireInputs(2, 2);
    long axis = node.attributes().getInt("axis", 0);
    return in -> {
      Tensor x = in[0];
      int a = OpUtil.axis(axis, x.rank(), "GatherElements");
      int[] idx = normalised(in[1], x.dim(a), "GatherElements indices");
      return new Tensor[] {x.gather(a, Tensor.of(idx, in[1].shape()))};
    };
  }

  /**
   * The rows of {@code data} viewed as [prod(shape[0..b+k)), rest] that index tuples of GatherND
   * and ScatterND address: tuple t (the last axis of {@code indices}) in batch {@code t /
   * perBatch}.
   */
  private static int[] ndRows(int[] ds, Tensor indices, int b, String op) {
    int[] is = indices.shape();
    if (is.length < 1) {
      throw new IllegalArgumentException(op + ": indices must have rank >= 1, got a scalar");
    }
    int k = is[is.length - 1];
    if (b < 0 || b >= Math.min(ds.length, is.length) || k < 1 || b + k > ds.length) {
      throw new IllegalArgumentException(
          op
              + ": indices of shape "
              + Arrays.toString(is)
              + " (batch_dims "
              + b
              + ") do not fit data of shape "
              + Arrays.toString(ds));
    }
    for (int i = 0; i < b; i++) {
      if (is[i] != ds[i]) {
        throw new IllegalArgumentException(
            op
                + ": batch dimension "
                + i
                + " of indices "
                + Arrays.toString(is)
                + " differs from data "
                + Arrays.toString(ds));
      }
    }
    long[] v = OpUtil.longs(indices, op + " indices");
    int tuples = v.length / k;
    long perBatch = ShapeOps.product(is, b, is.length - 1);
    long block = ShapeOps.product(ds, b, b + k);
    int[] rows = new int[tuples];
    for (int t = 0; t < tuples; t++) {
      long row = 0;
      for (int j = 0; j < k; j++) {
        int dim = ds[b + j];
        long x = v[t * k + j];
        if (x < 0) {
          x += dim;
        }
        if (x < 0 || x >= dim) {
          throw new IllegalArgumentException(
              op
                  + ": index "
                  + v[t * k + j]
                  + " is out of range for axis "
                  + (b + j)
                  + " of data shape "
                  + Arrays.toString(ds));
        }
        row = row * dim + x;
      }
      rows[t] = Math.toIntExact((perBatch == 0 ? 0 : t / perBatch) * block + row);
    }
    return rows;
  }

  private static OpKernel gatherNd(NodeSpec node) {
    node.requireInputs(2, 2);
    long bd = node.opset() >= 12 ? node.attributes().getInt("batch_dims", 0) : 0;
    return in -> {
      Tensor x = in[0];
      int[] ds = x.shape(), is = in[1].shape();
      int b = (int) bd;
      int[] rows = ndRows(ds, in[1], b, "GatherND");
      int k = is[is.length - 1];
      int[] rest = Arrays.copyOfRange(ds, b + k, ds.length);
      long rowSize = ShapeOps.product(rest, 0, rest.length);
      long nRows = ShapeOps.product(ds, 0, b + k);
      int[] out = new int[is.length - 1 + rest.length];
      System.arraycopy(is, 0, out, 0, is.length - 1);
      System.arraycopy(rest, 0, out, is.length - 1, rest.length);
      Tensor flat = ShapeOps.reshapeTo(x, nRows, rowSize);
      return new Tensor[] {flat.indexSelect(0, ints(rows)).reshape(out)};
    };
  }

  // ---------------------------------------------------------------- Scatter family

  private static ScatterRows.Reduction reduction(NodeSpec node) {
    if (node.opset() < 16) {
      return ScatterRows.Reduction.NONE;
    }
    String r = node.attributes().getString("reduction", "none");
    return switch (r) {
      case "none" -> ScatterRows.Reduction.NONE;
      case "add" -> ScatterRows.Reduction.ADD;
      case "mul" -> ScatterRows.Reduction.MUL;
      default ->
          throw new UnsupportedNodeException(
              "reduction '" + r + "' is not supported (expected none, add or mul)");
    };
  }

  private static OpKernel scatterElements(NodeSpec node) {
    node.requireInputs(3, 3);
    String op = node.opType();
    long axis = node.attributes().getInt("axis", 0);
    ScatterRows.Reduction red = op.equals("Scatter") ? ScatterRows.Reduction.NONE : reduction(node);
    return in -> {
      Tensor data = in[0], upd = in[2];
      int[] ds = data.shape(), is = in[1].shape();
      int a = OpUtil.axis(axis, ds.length, op);
      if (!Arrays.equals(is, upd.shape()) || is.length != ds.length) {
        throw new IllegalArgumentException(
            op
                + ": indices "
                + Arrays.toString(is)
                + " and updates "
                + Arrays.toString(upd.shape())
                + " must have one shape of the data's rank "
                + ds.length);
      }
      for (int d = 0; d < ds.length; d++) {
        if (d != a && is[d] > ds[d]) {
          throw new IllegalArgumentException(
              op
                  + ": indices shape "
                  + Arrays.toString(is)
                  + " exceeds data shape "
                  + Arrays.toString(ds)
                  + " on axis "
                  + d);
        }
      }
      int[] idx = normalised(in[1], ds[a], op + " indices");
      int[] rows = new int[idx.length];
      int[] pos = new int[is.length];
      for (int i = 0; i < idx.length; i++) {
        long off = 0;
        for (int d = 0; d < ds.length; d++) {
          off = off * ds[d] + (d == a ? idx[i] : pos[d]);
        }
        rows[i] = (int) off;
        for (int d = is.length - 1; d >= 0; d--) {
          if (++pos[d] < is[d]) {
            break;
          }
          pos[d] = 0;
        }
      }
      Tensor out =
          ScatterRows.scatter(data.reshape(data.size(), 1), rows, upd.reshape(idx.length, 1), red);
      return new Tensor[] {out.reshape(ds)};
    };
  }

  private static OpKernel scatterNd(NodeSpec node) {
    node.requireInputs(3, 3);
    ScatterRows.Reduction red = reduction(node);
    return in -> {
      Tensor data = in[0], upd = in[2];
      int[] ds = data.shape(), is = in[1].shape();
      int[] rows = ndRows(ds, in[1], 0, "ScatterND");
      int k = is[is.length - 1];
      int[] want = new int[is.length - 1 + ds.length - k];
      System.arraycopy(is, 0, want, 0, is.length - 1);
      System.arraycopy(ds, k, want, is.length - 1, ds.length - k);
      if (!Arrays.equals(want, upd.shape())) {
        throw new IllegalArgumentException(
            "ScatterND: updates have shape "
                + Arrays.toString(upd.shape())
                + ", expected "
                + Arrays.toString(want)
                + " for indices "
                + Arrays.toString(is)
                + " and data "
                + Arrays.toString(ds));
      }
      long rowSize = ShapeOps.product(ds, k, ds.length);
      Tensor flat = ShapeOps.reshapeTo(data, ShapeOps.product(ds, 0, k), rowSize);
      Tensor u = ShapeOps.reshapeTo(upd, rows.length, rowSize);
      return new Tensor[] {ScatterRows.scatter(flat, rows, u, red).reshape(ds)};
    };
  }

  // ---------------------------------------------------------------- TopK, NonZero, Compress

  private static OpKernel topk(NodeSpec node) {
    Attributes a = node.attributes();
    long axis = a.getInt("axis", -1);
    Long fixedK = null;
    boolean largest = true, sorted = true;
    if (node.opset() < 10) {
      node.requireInputs(1, 1);
      fixedK = a.requireInt("k");
    } else {
      node.requireInputs(2, 2);
    }
    if (node.opset() >= 11) {
      long l = a.getInt("largest", 1), s = a.getInt("sorted", 1);
      OpUtil.require(l == 0 || l == 1, "largest must be 0 or 1, got " + l);
      OpUtil.require(s == 0 || s == 1, "sorted must be 0 or 1, got " + s);
      largest = l == 1;
      sorted = s == 1;
    }
    Long fk = fixedK;
    boolean lg = largest, so = sorted;
    return in -> {
      Tensor x = in[0];
      int ax = OpUtil.axis(axis, x.rank(), "TopK");
      long k = fk != null ? fk : ShapeOps.scalarLong(in[1], "TopK K");
      if (k < 0 || k > x.dim(ax)) {
        throw new IllegalArgumentException(
            "TopK: k "
                + k
                + " is out of range for axis "
                + ax
                + " of shape "
                + Arrays.toString(x.shape()));
      }
      if (k == 0) {
        int[] s = x.shape();
        s[ax] = 0;
        return new Tensor[] {Tensor.zeros(x.dtype(), s), Tensor.zeros(DType.INT64, s)};
      }
      if (!x.dtype().isFloatingPoint()) {
        // nabla's topk ranks floats: integers are ranked here exactly, as 64-bit values
        if (x.dtype() == DType.BOOL) {
          throw new IllegalArgumentException("TopK: expected numbers, got BOOL");
        }
        return integerTopK(x, ax, (int) k, lg);
      }
      dev.nabla.core.TopK t = x.topk((int) k, ax, lg, so);
      return new Tensor[] {t.values(), t.indices().to(DType.INT64)};
    };
  }

  /**
   * TopK of an INT32 or INT64 tensor along {@code ax}, exact: each row's indices sorted by value
   * (largest or smallest first), equal values lowest index first, as ONNX specifies.
   */
  static Tensor[] integerTopK(Tensor x, int ax, int k, boolean largest) {
    long[] v = OpUtil.longs(x, "TopK");
    int[] shape = x.shape();
    int n = shape[ax], outer = 1, inner = 1;
    for (int d = 0; d < ax; d++) {
      outer *= shape[d];
    }
    for (int d = ax + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    long[] values = new long[outer * k * inner], indices = new long[outer * k * inner];
    Integer[] order = new Integer[n];
    int stride = inner;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int j = 0; j < n; j++) {
          order[j] = j;
        }
        // a stable sort keeps equal values in index order
        java.util.Arrays.sort(
            order,
            (p, q) -> {
              int c = Long.compare(v[base + p * stride], v[base + q * stride]);
              return largest ? -c : c;
            });
        for (int j = 0; j < k; j++) {
          int at = (o * k + j) * inner + i;
          values[at] = v[base + order[j] * inner];
          indices[at] = order[j];
        }
      }
    }
    int[] out = shape.clone();
    out[ax] = k;
    Tensor vals = Tensor.of(values, out);
    return new Tensor[] {
      x.dtype() == DType.INT64 ? vals : vals.to(x.dtype()), Tensor.of(indices, out)
    };
  }

  /** Whether each element is non-zero (true for BOOL true). */
  private static boolean[] nonZeroMask(Tensor x) {
    return x.dtype() == DType.BOOL ? x.toBooleanArray() : x.ne(0).toBooleanArray();
  }

  private static OpKernel nonZero(NodeSpec node) {
    node.requireInputs(1, 1);
    return in -> {
      Tensor x = in[0];
      boolean[] m = nonZeroMask(x);
      int[] s = x.rank() == 0 ? new int[] {1} : x.shape();
      int nnz = 0;
      for (boolean b : m) {
        nnz += b ? 1 : 0;
      }
      long[] out = new long[s.length * nnz];
      int[] pos = new int[s.length];
      for (int i = 0, k = 0; i < m.length; i++) {
        if (m[i]) {
          for (int d = 0; d < s.length; d++) {
            out[d * nnz + k] = pos[d];
          }
          k++;
        }
        for (int d = s.length - 1; d >= 0; d--) {
          if (++pos[d] < s[d]) {
            break;
          }
          pos[d] = 0;
        }
      }
      return new Tensor[] {Tensor.of(out, s.length, nnz)};
    };
  }

  private static OpKernel compress(NodeSpec node) {
    node.requireInputs(2, 2);
    Attributes a = node.attributes();
    Long axis = a.has("axis") ? a.getInt("axis", 0) : null;
    return in -> {
      Tensor x = axis == null ? in[0].reshape(-1) : in[0];
      int ax = axis == null ? 0 : OpUtil.axis(axis, x.rank(), "Compress");
      if (in[1].rank() != 1) {
        throw new IllegalArgumentException(
            "Compress: condition must be 1-d, got shape " + Arrays.toString(in[1].shape()));
      }
      boolean[] c = nonZeroMask(in[1]);
      int dim = x.dim(ax);
      int[] idx = new int[c.length];
      int n = 0;
      for (int i = 0; i < c.length; i++) {
        if (c[i]) {
          if (i >= dim) {
            throw new IllegalArgumentException(
                "Compress: condition selects index " + i + " of an axis of size " + dim);
          }
          idx[n++] = i;
        }
      }
      return new Tensor[] {
        n == 0 ? x.slice(ax, 0, 0) : x.indexSelect(ax, ints(Arrays.copyOf(idx, n)))
      };
    };
  }

  // ---------------------------------------------------------------- OneHot, EyeLike

  /** Integer values of a tensor of any numeric dtype (floats truncate toward zero). */
  private static long[] integral(Tensor t, String what) {
    if (t.dtype().isFloatingPoint()) {
      double[] d = t.toDoubleArray();
      long[] r = new long[d.length];
      for (int i = 0; i < d.length; i++) {
        r[i] = (long) d[i];
      }
      return r;
    }
    if (t.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(what + " must be numeric, got BOOL");
    }
    return OpUtil.longs(t, what);
  }

  private static OpKernel oneHot(NodeSpec node) {
    node.requireInputs(3, 3);
    long axis = node.attributes().getInt("axis", -1);
    return in -> {
      Tensor ind = in[0], values = in[2];
      if (in[1].size() != 1) {
        throw new IllegalArgumentException(
            "OneHot: depth must hold one value, got shape " + Arrays.toString(in[1].shape()));
      }
      long depth = integral(in[1], "OneHot depth")[0];
      if (depth < 1 || depth > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("OneHot: depth " + depth + " must be positive");
      }
      if (values.size() != 2) {
        throw new IllegalArgumentException(
            "OneHot: values must hold [off, on], got shape " + Arrays.toString(values.shape()));
      }
      int r = ind.rank() + 1;
      int a = OpUtil.axis(axis, r, "OneHot");
      int[] is = ind.shape();
      int[] out = new int[r];
      for (int i = 0, k = 0; i < r; i++) {
        out[i] = i == a ? (int) depth : is[k++];
      }
      long[] idx = integral(ind, "OneHot indices");
      long inner = ShapeOps.product(is, a, is.length);
      boolean[] mask = new boolean[Math.toIntExact(idx.length * depth)];
      for (int i = 0; i < idx.length; i++) {
        long v = idx[i] < 0 ? idx[i] + depth : idx[i];
        if (v >= 0 && v < depth) {
          long outer = i / inner, rest = i % inner;
          mask[(int) ((outer * depth + v) * inner + rest)] = true;
        }
      }
      Tensor flat = values.reshape(2);
      Tensor off = flat.slice(0, 0, 1).reshape(), on = flat.slice(0, 1, 2).reshape();
      return new Tensor[] {Tensor.where(Tensor.of(mask, out), on, off)};
    };
  }

  private static OpKernel eyeLike(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    DType dtype = null;
    if (a.has("dtype")) {
      long code = a.getInt("dtype", 0);
      dtype = TensorCodec.dtype((int) code);
      OpUtil.require(
          dtype != null && code == (int) code,
          "dtype " + code + " is not supported (nabla has float, double, int32, int64, bool)");
    }
    long k = a.getInt("k", 0);
    DType fixed = dtype;
    return in -> {
      Tensor x = in[0];
      if (x.rank() != 2) {
        throw new IllegalArgumentException(
            "EyeLike: expected a 2-d input, got shape " + Arrays.toString(x.shape()));
      }
      int rows = x.dim(0), cols = x.dim(1);
      boolean[] mask = new boolean[rows * cols];
      for (int i = 0; i < rows; i++) {
        long j = i + k;
        if (j >= 0 && j < cols) {
          mask[i * cols + (int) j] = true;
        }
      }
      DType dt = fixed != null ? fixed : x.dtype();
      Tensor m = Tensor.of(mask, rows, cols);
      return new Tensor[] {dt == DType.BOOL ? m : m.to(dt)};
    };
  }

  // ---------------------------------------------------------------- Trilu, CumSum, ReverseSequence

  private static OpKernel trilu(NodeSpec node) {
    node.requireInputs(1, 2);
    long upper = node.attributes().getInt("upper", 1);
    OpUtil.require(upper == 0 || upper == 1, "upper must be 0 or 1, got " + upper);
    boolean up = upper == 1;
    return in -> {
      Tensor x = in[0];
      if (x.rank() < 2) {
        throw new IllegalArgumentException(
            "Trilu: expected rank >= 2, got shape " + Arrays.toString(x.shape()));
      }
      long k = in.length > 1 && in[1] != null ? ShapeOps.scalarLong(in[1], "Trilu k") : 0;
      // beyond the matrix every diagonal keeps all or nothing
      int bound = Math.max(x.dim(x.rank() - 1), x.dim(x.rank() - 2)) + 1;
      int kk = Math.clamp(k, -bound, bound);
      return new Tensor[] {up ? x.triu(kk) : x.tril(kk)};
    };
  }

  private static OpKernel cumsum(NodeSpec node) {
    node.requireInputs(2, 2);
    Attributes a = node.attributes();
    long ex = a.getInt("exclusive", 0), rev = a.getInt("reverse", 0);
    OpUtil.require(ex == 0 || ex == 1, "exclusive must be 0 or 1, got " + ex);
    OpUtil.require(rev == 0 || rev == 1, "reverse must be 0 or 1, got " + rev);
    boolean exclusive = ex == 1, reverse = rev == 1;
    return in -> {
      Tensor x = in[0];
      int ax = OpUtil.axis(ShapeOps.scalarLong(in[1], "CumSum axis"), x.rank(), "CumSum");
      int n = x.dim(ax);
      if (n == 0) {
        return new Tensor[] {x};
      }
      Tensor flip = null;
      if (reverse) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> n - 1 - i);
        flip = ints(idx);
        x = x.indexSelect(ax, flip);
      }
      Tensor y = x.dtype().isFloatingPoint() ? x.cumsum(ax) : integerCumsum(x, ax);
      if (exclusive) {
        int[] zs = y.shape();
        zs[ax] = 1;
        y = Tensor.concat(ax, Tensor.zeros(y.dtype(), zs), y.slice(ax, 0, n - 1));
      }
      return new Tensor[] {reverse ? y.indexSelect(ax, flip) : y};
    };
  }

  /**
   * Cumulative sum of an INT32 or INT64 tensor along {@code axis}, in 64-bit (not differentiable).
   */
  private static Tensor integerCumsum(Tensor x, int axis) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("CumSum: expected numbers, got BOOL");
    }
    int[] s = x.shape();
    long[] v = OpUtil.longs(x, "CumSum x");
    int n = s[axis], inner = (int) ShapeOps.product(s, axis + 1, s.length);
    for (int o = 0; o < v.length; o += n * inner) {
      for (int i = 1; i < n; i++) {
        for (int j = 0; j < inner; j++) {
          v[o + i * inner + j] += v[o + (i - 1) * inner + j];
        }
      }
    }
    Tensor out = Tensor.of(v, s);
    return x.dtype() == DType.INT64 ? out : out.to(x.dtype());
  }

  private static OpKernel reverseSequence(NodeSpec node) {
    node.requireInputs(2, 2);
    Attributes a = node.attributes();
    long batchAxis = a.getInt("batch_axis", 1), timeAxis = a.getInt("time_axis", 0);
    OpUtil.require(
        (batchAxis == 0 && timeAxis == 1) || (batchAxis == 1 && timeAxis == 0),
        "batch_axis and time_axis must be 0 and 1 in some order, got "
            + batchAxis
            + " and "
            + timeAxis);
    int ba = (int) batchAxis, ta = (int) timeAxis;
    return in -> {
      Tensor x = in[0];
      int[] s = x.shape();
      if (s.length < 2) {
        throw new IllegalArgumentException(
            "ReverseSequence: expected rank >= 2, got shape " + Arrays.toString(s));
      }
      long[] lens = OpUtil.longs(in[1], "ReverseSequence sequence_lens");
      int batch = s[ba], time = s[ta];
      if (lens.length != batch) {
        throw new IllegalArgumentException(
            "ReverseSequence: " + lens.length + " sequence_lens for a batch of " + batch);
      }
      for (long l : lens) {
        if (l < 0 || l > time) {
          throw new IllegalArgumentException(
              "ReverseSequence: sequence length " + l + " is out of range [0, " + time + "]");
        }
      }
      int inner = (int) ShapeOps.product(s, 2, s.length);
      int[] idx = new int[x.size()];
      for (int i = 0; i < idx.length; i++) {
        int d0 = i / (s[1] * inner), d1 = (i / inner) % s[1];
        int t = ta == 0 ? d0 : d1, b = ta == 0 ? d1 : d0;
        idx[i] = t < lens[b] ? (int) (lens[b] - 1 - t) : t;
      }
      return new Tensor[] {x.gather(ta, Tensor.of(idx, s))};
    };
  }
}
