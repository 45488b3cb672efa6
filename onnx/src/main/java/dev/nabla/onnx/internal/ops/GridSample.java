package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * GridSample (opset 16) of 4-d inputs, as {@code torch.nn.functional.grid_sample}: modes bilinear,
 * nearest and bicubic, padding zeros, border and reflection, align_corners 0 or 1. The taps'
 * positions are read from the grid's values; the bilinear and bicubic weights are tensor ops of the
 * grid, so the result is differentiable in the input and (but for nearest) in the grid.
 */
final class GridSample {
  private GridSample() {}

  private enum Padding {
    ZEROS,
    BORDER,
    REFLECTION
  }

  static OpKernel compile(NodeSpec node) {
    node.requireInputs(2, 2);
    Attributes a = node.attributes();
    String mode = a.getString("mode", "bilinear");
    if (!mode.equals("bilinear") && !mode.equals("nearest") && !mode.equals("bicubic")) {
      throw new UnsupportedNodeException(
          "mode '" + mode + "' is not one of bilinear, nearest, bicubic");
    }
    String p = a.getString("padding_mode", "zeros");
    Padding padding =
        switch (p) {
          case "zeros" -> Padding.ZEROS;
          case "border" -> Padding.BORDER;
          case "reflection" -> Padding.REFLECTION;
          default ->
              throw new UnsupportedNodeException(
                  "padding_mode '" + p + "' is not one of zeros, border, reflection");
        };
    long ac = a.getInt("align_corners", 0);
    OpUtil.require(ac == 0 || ac == 1, "align_corners must be 0 or 1, got " + ac);
    boolean alignCorners = ac == 1, nearest = mode.equals("nearest");
    boolean bicubic = mode.equals("bicubic");
    return in -> {
      Tensor x = in[0], grid = in[1];
      if (x.rank() != 4
          || grid.rank() != 4
          || grid.dim(3) != 2
          || grid.dim(0) != x.dim(0)
          || !x.dtype().isFloatingPoint()
          || grid.dtype() != x.dtype()) {
        throw new IllegalArgumentException(
            "GridSample: X must be float [N, C, H, W] and the grid [N, H_out, W_out, 2] of its"
                + " dtype, got "
                + x.dtype()
                + Arrays.toString(x.shape())
                + " and "
                + grid.dtype()
                + Arrays.toString(grid.shape()));
      }
      int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
      int ho = grid.dim(1), wo = grid.dim(2), pts = ho * wo;
      // bicubic pads each tap's position, the other modes the sampled position
      Padding at = bicubic ? Padding.ZEROS : padding;
      Tensor ix = coordinate(grid.slice(3, 0, 1).reshape(n, pts), w, alignCorners, at);
      Tensor iy = coordinate(grid.slice(3, 1, 2).reshape(n, pts), h, alignCorners, at);
      double[] vx = ix.toDoubleArray(), vy = iy.toDoubleArray();
      Tensor flat = x.reshape(n, c, h * w);
      Tensor out;
      if (bicubic) {
        out = bicubic(flat, ix, iy, vx, vy, c, h, w, pts, padding, alignCorners);
      } else if (nearest) {
        int[] px = new int[n * pts], py = new int[n * pts];
        for (int i = 0; i < px.length; i++) {
          px[i] = (int) Math.rint(vx[i]);
          py[i] = (int) Math.rint(vy[i]);
        }
        out = tap(flat, px, py, null, c, h, w, pts);
      } else {
        int[] x0 = new int[n * pts], y0 = new int[n * pts];
        double[] fx = new double[n * pts], fy = new double[n * pts];
        for (int i = 0; i < x0.length; i++) {
          x0[i] = (int) Math.floor(vx[i]);
          y0[i] = (int) Math.floor(vy[i]);
          fx[i] = x0[i];
          fy[i] = y0[i];
        }
        Tensor wx1 = ix.sub(Tensor.of(fx, n, pts).to(x.dtype())), wx0 = wx1.neg().add(1);
        Tensor wy1 = iy.sub(Tensor.of(fy, n, pts).to(x.dtype())), wy0 = wy1.neg().add(1);
        int[] x1 = Arrays.stream(x0).map(v -> v + 1).toArray();
        int[] y1 = Arrays.stream(y0).map(v -> v + 1).toArray();
        out =
            tap(flat, x0, y0, wx0.mul(wy0), c, h, w, pts)
                .add(tap(flat, x1, y0, wx1.mul(wy0), c, h, w, pts))
                .add(tap(flat, x0, y1, wx0.mul(wy1), c, h, w, pts))
                .add(tap(flat, x1, y1, wx1.mul(wy1), c, h, w, pts));
      }
      return new Tensor[] {out.reshape(n, c, ho, wo)};
    };
  }

  /** PyTorch's bicubic: 4 x 4 taps around the point, cubic convolution with A = -0.75. */
  private static Tensor bicubic(
      Tensor flat,
      Tensor ix,
      Tensor iy,
      double[] vx,
      double[] vy,
      int c,
      int h,
      int w,
      int pts,
      Padding padding,
      boolean alignCorners) {
    int total = vx.length, n = total / pts;
    int[] x0 = new int[total], y0 = new int[total];
    double[] fx = new double[total], fy = new double[total];
    for (int i = 0; i < total; i++) {
      x0[i] = (int) Math.floor(vx[i]);
      y0[i] = (int) Math.floor(vy[i]);
      fx[i] = x0[i];
      fy[i] = y0[i];
    }
    Tensor tx = ix.sub(Tensor.of(fx, n, pts).to(ix.dtype()));
    Tensor ty = iy.sub(Tensor.of(fy, n, pts).to(iy.dtype()));
    Tensor[] wx = cubicWeights(tx), wy = cubicWeights(ty);
    Tensor out = null;
    for (int i = 0; i < 4; i++) {
      int[] py = new int[total];
      for (int k = 0; k < total; k++) {
        py[k] = padTap(y0[k] - 1 + i, h, padding, alignCorners);
      }
      for (int j = 0; j < 4; j++) {
        int[] px = new int[total];
        for (int k = 0; k < total; k++) {
          px[k] = padTap(x0[k] - 1 + j, w, padding, alignCorners);
        }
        Tensor t = tap(flat, px, py, wy[i].mul(wx[j]), c, h, w, pts);
        out = out == null ? t : out.add(t);
      }
    }
    return out;
  }

  /** The weights of the taps at offsets -1, 0, 1, 2 from the floor, for fraction t. */
  private static Tensor[] cubicWeights(Tensor t) {
    double a = -0.75;
    Tensor u = t.neg().add(1); // 1 - t
    return new Tensor[] {far(t.add(1), a), near(t, a), near(u, a), far(u.add(1), a)};
  }

  /** ((A + 2) x - (A + 3)) x² + 1, for |x| <= 1. */
  private static Tensor near(Tensor x, double a) {
    return x.mul(a + 2).sub(a + 3).mul(x).mul(x).add(1);
  }

  /** ((A x - 5A) x + 8A) x - 4A, for 1 < |x| < 2. */
  private static Tensor far(Tensor x, double a) {
    return x.mul(a).sub(5 * a).mul(x).add(8 * a).mul(x).sub(4 * a);
  }

  /** A tap's pixel after the padding mode (zeros: unchanged, read as 0 outside the image). */
  private static int padTap(int p, int size, Padding padding, boolean alignCorners) {
    if (padding == Padding.ZEROS) {
      return p;
    }
    double v = p;
    if (padding == Padding.REFLECTION) {
      double lo = alignCorners ? 0 : -0.5, span = alignCorners ? size - 1 : size;
      if (span <= 0) {
        return 0;
      }
      double a = Math.abs(v - lo), flips = Math.floor(a / span), extra = a - flips * span;
      v = flips % 2 == 0 ? extra + lo : span - extra + lo;
    }
    return (int) Math.rint(Math.min(Math.max(v, 0), size - 1));
  }

  /**
   * The input at pixel (px, py) of each point, times {@code weight} ([N, P], null: 1); zero where
   * the pixel lies outside the image.
   */
  private static Tensor tap(
      Tensor flat, int[] px, int[] py, Tensor weight, int c, int h, int w, int pts) {
    int n = px.length / pts;
    long[] index = new long[n * c * pts];
    boolean[] inside = new boolean[n * pts];
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < pts; p++) {
        int i = b * pts + p;
        inside[i] = px[i] >= 0 && px[i] < w && py[i] >= 0 && py[i] < h;
        long at = inside[i] ? (long) py[i] * w + px[i] : 0;
        for (int ch = 0; ch < c; ch++) {
          index[(b * c + ch) * pts + p] = at;
        }
      }
    }
    Tensor mask = Tensor.of(inside, n, 1, pts).to(flat.dtype());
    Tensor m = weight == null ? mask : weight.reshape(n, 1, pts).mul(mask);
    return flat.gather(2, Tensor.of(index, n, c, pts)).mul(m);
  }

  /** A normalised grid coordinate in pixels, with the padding mode's reflection or clamping. */
  private static Tensor coordinate(Tensor g, int size, boolean alignCorners, Padding padding) {
    Tensor v =
        alignCorners
            ? g.add(1).mul((size - 1) / 2.0)
            : g.add(1).mul(size / 2.0).sub(0.5); // ((g + 1) * size - 1) / 2
    if (padding == Padding.REFLECTION) {
      // reflect = slope * v + offset piecewise, slope and offset read from the values
      double lo = alignCorners ? 0 : -0.5, span = alignCorners ? size - 1 : size;
      double[] val = v.toDoubleArray(),
          slope = new double[val.length],
          off = new double[val.length];
      for (int i = 0; i < val.length; i++) {
        if (span <= 0) {
          slope[i] = 0;
          off[i] = 0;
          continue;
        }
        double d = val[i] - lo, s = d < 0 ? -1 : 1, a = Math.abs(d);
        double flips = Math.floor(a / span), extra = a - flips * span;
        double r;
        if (flips % 2 == 0) {
          r = extra + lo;
        } else {
          r = span - extra + lo;
          s = -s;
        }
        slope[i] = s;
        off[i] = r - s * val[i];
      }
      int[] shape = v.shape();
      v = v.mul(Tensor.of(slope, shape).to(v.dtype())).add(Tensor.of(off, shape).to(v.dtype()));
    }
    if (padding != Padding.ZEROS) {
      v = v.clamp(0, size - 1);
    }
    return v;
  }
}
