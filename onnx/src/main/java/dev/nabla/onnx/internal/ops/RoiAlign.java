package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * RoiAlign (opsets 10, 16), as ONNX Runtime computes it: each region's bins average (or, mode max,
 * take the largest of) bilinear samples on a regular grid, sampling_ratio per bin or ceil(size /
 * bins); samples more than a pixel outside the image count as 0. The taps and weights come from the
 * regions' values; the features are read with indexSelect and weighted by constants, so the result
 * is differentiable in X.
 */
final class RoiAlign {
  private RoiAlign() {}

  static OpKernel compile(NodeSpec node) {
    node.requireInputs(3, 3);
    Attributes a = node.attributes();
    String mode = a.getString("mode", "avg");
    OpUtil.require(
        mode.equals("avg") || mode.equals("max"), "mode '" + mode + "' is not one of avg, max");
    boolean max = mode.equals("max");
    long oh = a.getInt("output_height", 1), ow = a.getInt("output_width", 1);
    long ratio = a.getInt("sampling_ratio", 0);
    double scale = a.getFloat("spatial_scale", 1f);
    OpUtil.require(
        oh >= 1 && ow >= 1 && oh * ow <= Integer.MAX_VALUE && ratio >= 0,
        "output_height and output_width must be >= 1 and sampling_ratio >= 0, got "
            + oh
            + ", "
            + ow
            + ", "
            + ratio);
    boolean halfPixel = false;
    if (node.opset() >= 16) {
      String m = a.getString("coordinate_transformation_mode", "half_pixel");
      if (!m.equals("half_pixel") && !m.equals("output_half_pixel")) {
        throw new UnsupportedNodeException(
            "coordinate_transformation_mode '"
                + m
                + "' is not one of half_pixel, output_half_pixel");
      }
      halfPixel = m.equals("half_pixel");
    }
    boolean aligned = halfPixel;
    int bh = (int) oh, bw = (int) ow;
    return in -> {
      Tensor x = in[0], rois = in[1];
      if (x.rank() != 4 || !x.dtype().isFloatingPoint() || rois.rank() != 2 || rois.dim(1) != 4) {
        throw new IllegalArgumentException(
            "RoiAlign: X must be float [N, C, H, W] and rois [num_rois, 4], got "
                + x.dtype()
                + Arrays.toString(x.shape())
                + " and "
                + Arrays.toString(rois.shape()));
      }
      int rcount = rois.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
      long[] batch = OpUtil.longs(in[2], "RoiAlign: batch_indices");
      if (batch.length != rcount) {
        throw new IllegalArgumentException(
            "RoiAlign: batch_indices must have one index per roi ("
                + rcount
                + "), got "
                + Arrays.toString(in[2].shape()));
      }
      double[] r = rois.toDoubleArray();
      Tensor[] out = new Tensor[rcount];
      for (int k = 0; k < rcount; k++) {
        if (batch[k] < 0 || batch[k] >= x.dim(0)) {
          throw new IllegalArgumentException(
              "RoiAlign: batch index "
                  + batch[k]
                  + " of roi "
                  + k
                  + " is outside [0, "
                  + x.dim(0)
                  + ")");
        }
        double off = aligned ? 0.5 : 0;
        double x1 = r[4 * k] * scale - off, y1 = r[4 * k + 1] * scale - off;
        double rw = r[4 * k + 2] * scale - off - x1, rh = r[4 * k + 3] * scale - off - y1;
        if (!aligned) {
          rw = Math.max(rw, 1);
          rh = Math.max(rh, 1);
        }
        double binH = rh / bh, binW = rw / bw;
        int gh = ratio > 0 ? (int) ratio : (int) Math.ceil(rh / bh);
        int gw = ratio > 0 ? (int) ratio : (int) Math.ceil(rw / bw);
        int samples = Math.max(gh * gw, 1), taps = 4 * Math.max(gh * gw, 0);
        int bins = bh * bw;
        long[] index = new long[bins * Math.max(taps, 1)];
        double[] weight = new double[index.length];
        int t = Math.max(taps, 1);
        for (int ph = 0; ph < bh; ph++) {
          for (int pw = 0; pw < bw; pw++) {
            int o = (ph * bw + pw) * t;
            for (int iy = 0; iy < gh; iy++) {
              double y = y1 + ph * binH + (iy + 0.5) * binH / gh;
              for (int ix = 0; ix < gw; ix++) {
                double xx = x1 + pw * binW + (ix + 0.5) * binW / gw;
                bilinear(y, xx, h, w, index, weight, o + 4 * (iy * gw + ix));
              }
            }
          }
        }
        Tensor plane = x.get((int) batch[k]).reshape(c, h * w);
        Tensor v =
            plane
                .indexSelect(1, Tensor.of(index, index.length))
                .mul(Tensor.of(weight, weight.length).to(x.dtype()))
                .reshape(c, bins, t);
        out[k] = (max ? v.max(2, false) : v.sum(2, false).div(samples)).reshape(c, bh, bw);
      }
      return new Tensor[] {
        rcount == 0 ? Tensor.zeros(x.dtype(), 0, c, bh, bw) : Tensor.stack(0, out)
      };
    };
  }

  /** The four taps of a bilinear sample at (y, x), ONNX Runtime's way, into index / weight at o. */
  private static void bilinear(
      double y, double x, int h, int w, long[] index, double[] weight, int o) {
    if (y < -1 || y > h || x < -1 || x > w) {
      return; // zero weights at pixel 0
    }
    y = Math.max(y, 0);
    x = Math.max(x, 0);
    int yl = (int) y, xl = (int) x, yh, xh;
    if (yl >= h - 1) {
      yh = yl = h - 1;
      y = yl;
    } else {
      yh = yl + 1;
    }
    if (xl >= w - 1) {
      xh = xl = w - 1;
      x = xl;
    } else {
      xh = xl + 1;
    }
    double ly = y - yl, lx = x - xl, hy = 1 - ly, hx = 1 - lx;
    index[o] = (long) yl * w + xl;
    index[o + 1] = (long) yl * w + xh;
    index[o + 2] = (long) yh * w + xl;
    index[o + 3] = (long) yh * w + xh;
    weight[o] = hy * hx;
    weight[o + 1] = hy * lx;
    weight[o + 2] = ly * hx;
    weight[o + 3] = ly * lx;
  }
}
