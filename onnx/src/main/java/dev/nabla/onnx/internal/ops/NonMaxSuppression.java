package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NonMaxSuppression (opsets 10, 11): per batch and class, greedy selection in descending score
 * (ties: the lower box index first) of boxes scoring above score_threshold whose IoU with every box
 * already selected is at most iou_threshold, up to max_output_boxes_per_class; the output lists
 * [batch, class, box] int64 triples in that order, as ONNX Runtime does. Not differentiable (its
 * output is indices).
 */
final class NonMaxSuppression {
  private NonMaxSuppression() {}

  static OpKernel compile(NodeSpec node) {
    node.requireInputs(2, 5);
    long format = node.attributes().getInt("center_point_box", 0);
    OpUtil.require(format == 0 || format == 1, "center_point_box must be 0 or 1, got " + format);
    boolean center = format == 1;
    return in -> {
      Tensor boxes = in[0], scores = in[1];
      if (boxes.rank() != 3
          || boxes.dim(2) != 4
          || scores.rank() != 3
          || scores.dim(0) != boxes.dim(0)
          || scores.dim(2) != boxes.dim(1)
          || !boxes.dtype().isFloatingPoint()
          || !scores.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            "NonMaxSuppression: boxes must be float [batches, boxes, 4] and scores float [batches,"
                + " classes, boxes], got "
                + boxes.dtype()
                + Arrays.toString(boxes.shape())
                + " and "
                + scores.dtype()
                + Arrays.toString(scores.shape()));
      }
      long max = in.length > 2 && in[2] != null ? scalar(in[2], "max_output_boxes_per_class") : 0;
      double iou =
          in.length > 3 && in[3] != null
              ? SignalOps.floatScalar(in[3], "NonMaxSuppression: iou_threshold")
              : 0;
      boolean hasScoreThreshold = in.length > 4 && in[4] != null;
      double minScore =
          hasScoreThreshold
              ? SignalOps.floatScalar(in[4], "NonMaxSuppression: score_threshold")
              : 0;
      int batches = boxes.dim(0), n = boxes.dim(1), classes = scores.dim(1);
      double[] b = boxes.toDoubleArray(), s = scores.toDoubleArray();
      List<long[]> selected = new ArrayList<>();
      for (int bi = 0; bi < batches; bi++) {
        double[][] corners = new double[n][];
        for (int i = 0; i < n; i++) {
          corners[i] = corners(b, (bi * n + i) * 4, center);
        }
        for (int c = 0; c < classes; c++) {
          int base = (bi * classes + c) * n;
          List<Integer> candidates = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if (!hasScoreThreshold || s[base + i] > minScore) {
              candidates.add(i);
            }
          }
          candidates.sort(
              (x, y) -> {
                int byScore = Double.compare(s[base + y], s[base + x]);
                return byScore != 0 ? byScore : Integer.compare(x, y);
              });
          List<Integer> kept = new ArrayList<>();
          for (int i : candidates) {
            if (kept.size() >= max) {
              break;
            }
            boolean suppressed = false;
            for (int k : kept) {
              if (iou(corners[i], corners[k]) > iou) {
                suppressed = true;
                break;
              }
            }
            if (!suppressed) {
              kept.add(i);
              selected.add(new long[] {bi, c, i});
            }
          }
        }
      }
      long[] out = new long[selected.size() * 3];
      for (int i = 0; i < selected.size(); i++) {
        System.arraycopy(selected.get(i), 0, out, 3 * i, 3);
      }
      return new Tensor[] {Tensor.of(out, selected.size(), 3)};
    };
  }

  /** {y1, x1, y2, x2} with y1 <= y2 and x1 <= x2. */
  private static double[] corners(double[] b, int o, boolean center) {
    if (center) { // [x_center, y_center, width, height]
      double xc = b[o], yc = b[o + 1], w = b[o + 2], h = b[o + 3];
      return new double[] {yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2};
    }
    return new double[] {
      Math.min(b[o], b[o + 2]), Math.min(b[o + 1], b[o + 3]),
      Math.max(b[o], b[o + 2]), Math.max(b[o + 1], b[o + 3])
    };
  }

  private static double iou(double[] a, double[] b) {
    double areaA = (a[2] - a[0]) * (a[3] - a[1]), areaB = (b[2] - b[0]) * (b[3] - b[1]);
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double h = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double w = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (h <= 0 || w <= 0) {
      return 0;
    }
    double inter = h * w;
    return inter / (areaA + areaB - inter);
  }

  private static long scalar(Tensor t, String what) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          "NonMaxSuppression: " + what + " must be a scalar, got " + Arrays.toString(t.shape()));
    }
    return OpUtil.longs(t, "NonMaxSuppression: " + what)[0];
  }
}
