package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Unique (opset 11), as numpy.unique: the distinct elements of the flattened input, or the distinct
 * slices along {@code axis} (compared element by element, sorted lexicographically), in ascending
 * order or in the order they first occur; with the index of each one's first occurrence, each input
 * slice's index in Y, and the counts (int64). Y is read with indexSelect, so it keeps the graph.
 */
final class Unique {
  private Unique() {}

  static OpKernel compile(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    boolean hasAxis = a.has("axis");
    long axisAttr = a.getInt("axis", 0);
    long sorted = a.getInt("sorted", 1);
    OpUtil.require(sorted == 0 || sorted == 1, "sorted must be 0 or 1, got " + sorted);
    return in -> {
      Tensor x = in[0];
      int axis = hasAxis ? OpUtil.axis(axisAttr, x.rank(), "Unique") : 0;
      Tensor v = hasAxis ? x : x.reshape(x.size());
      int n = v.dim(axis);
      int[] perm = new int[v.rank()];
      perm[0] = axis;
      for (int i = 0, j = 1; i < v.rank(); i++) {
        if (i != axis) {
          perm[j++] = i;
        }
      }
      Tensor rows = axis == 0 ? v : v.permute(perm);
      int width = n == 0 ? 0 : rows.size() / n;
      Comparator<Integer> byContent;
      if (x.dtype().isFloatingPoint()) {
        double[] d = rows.toDoubleArray();
        byContent =
            (p, q) -> Arrays.compare(d, p * width, (p + 1) * width, d, q * width, (q + 1) * width);
      } else {
        long[] l = OpUtil.longs(x.dtype() == DType.BOOL ? rows.to(DType.INT64) : rows, "Unique");
        byContent =
            (p, q) -> Arrays.compare(l, p * width, (p + 1) * width, l, q * width, (q + 1) * width);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      order.sort(byContent.thenComparing(Comparator.naturalOrder()));
      // groups of equal slices: first occurrence (the lowest index, first in a stable sort), count
      List<int[]> groups = new ArrayList<>(); // {first, count}
      int[] groupOf = new int[n];
      for (int k = 0; k < n; k++) {
        int i = order.get(k);
        if (k == 0 || byContent.compare(order.get(k - 1), i) != 0) {
          groups.add(new int[] {i, 0});
        }
        groups.getLast()[1]++;
        groupOf[i] = groups.size() - 1;
      }
      int u = groups.size();
      int[] rank = new int[u]; // group -> its position in Y
      Integer[] byFirst = new Integer[u];
      for (int g = 0; g < u; g++) {
        byFirst[g] = g;
      }
      if (sorted == 0) {
        Arrays.sort(byFirst, Comparator.comparingInt(g -> groups.get(g)[0]));
      }
      for (int p = 0; p < u; p++) {
        rank[byFirst[p]] = p;
      }
      int[] first = new int[u];
      long[] indices = new long[u], counts = new long[u], inverse = new long[n];
      for (int p = 0; p < u; p++) {
        int[] g = groups.get(byFirst[p]);
        first[p] = g[0];
        indices[p] = g[0];
        counts[p] = g[1];
      }
      for (int i = 0; i < n; i++) {
        inverse[i] = rank[groupOf[i]];
      }
      Tensor y = v.indexSelect(axis, Tensor.of(first, u));
      return new Tensor[] {y, Tensor.of(indices, u), Tensor.of(inverse, n), Tensor.of(counts, u)};
    };
  }
}
