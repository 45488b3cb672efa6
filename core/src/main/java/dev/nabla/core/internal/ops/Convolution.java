package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.shared.OpArguments;
import java.util.Arrays;

/**
 * What {@link Conv2d} and {@link Conv1d} share: the checks of input, weight and bias, and the calls
 * to the 2-d convolution kernels. A 1-d convolution is the 2-d one over images of height 1 (kernel
 * height 1, no stride, padding or dilation along it), which needs no copy: [N, C, L] is laid out as
 * [N, C, 1, L].
 */
abstract class Convolution extends Op {
  private final String op;
  private final int dims;
  // Per axis: {height, width}; a 1-d convolution has height 1 with stride 1, no padding or
  // dilation.
  private final int sh, sw, ph, pw, dh, dw;
  private final int groups;
  private final boolean relu;
  private final boolean pool;

  Convolution(String op, int dims, int stride, int padding, int dilation, int groups) {
    this(
        op,
        dims,
        new int[] {stride, stride},
        new int[] {padding, padding},
        new int[] {dilation, dilation},
        groups);
  }

  /**
   * Per-axis stride, padding and dilation: {@code {height, width}} for a 2-d convolution, ignored
   * height entries for a 1-d one (which has one value per array, or two with the width's last).
   */
  Convolution(String op, int dims, int[] stride, int[] padding, int[] dilation, int groups) {
    this(op, dims, stride, padding, dilation, groups, false);
  }

  /**
   * As above, followed by a fused ReLU when {@code relu}: the output is {@code max(conv, 0)},
   * applied as the kernel writes it, and backward masks the gradient with the saved output.
   */
  Convolution(
      String op, int dims, int[] stride, int[] padding, int[] dilation, int groups, boolean relu) {
    this(op, dims, stride, padding, dilation, groups, relu, false);
  }

  /**
   * As above; with {@code pool} (2-d, with {@code relu}) the ReLU's output is max-pooled in 2×2
   * windows of stride 2 in the same op, and only the pooled output is written.
   */
  Convolution(
      String op,
      int dims,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups,
      boolean relu,
      boolean pool) {
    if (pool && (dims != 2 || !relu)) {
      throw new IllegalArgumentException(
          op + ": a fused max pool needs a 2-d convolution and ReLU");
    }
    for (int[] a : new int[][] {stride, padding, dilation}) {
      if ((a.length != dims && a.length != 2) || a.length != stride.length) {
        throw new IllegalArgumentException(
            op
                + ": expected "
                + dims
                + " value(s) each for stride, padding and dilation, got stride "
                + Arrays.toString(stride)
                + ", padding "
                + Arrays.toString(padding)
                + " and dilation "
                + Arrays.toString(dilation));
      }
    }
    for (int i = 0; i < stride.length; i++) {
      OpArguments.conv(op, stride[i], padding[i], dilation[i], groups);
    }
    this.op = op;
    this.dims = dims;
    int last = stride.length - 1;
    this.sw = stride[last];
    this.pw = padding[last];
    this.dw = dilation[last];
    this.sh = dims == 1 ? 1 : stride[0];
    this.ph = dims == 1 ? 0 : padding[0];
    this.dh = dims == 1 ? 1 : dilation[0];
    this.groups = groups;
    this.relu = relu;
    this.pool = pool;
  }

  @Override
  public String name() {
    String base = getClass().getSimpleName();
    return pool ? base + "ReluMaxPool" : relu ? base + "Relu" : base;
  }

  @Override
  protected final Tensor forward(OpContext ctx, Tensor... in) {
    Conv2dGeometry g = geometry(in);
    Tensor x = in[0], w = in[1], b = in.length == 3 ? in[2] : null;
    Object bias = b == null ? null : TensorAccess.data(b);
    if (pool) {
      if (g.outH() < 2 || g.outW() < 2) {
        throw new IllegalArgumentException(
            op
                + ": a 2x2 max pool needs a convolution output of at least 2x2, got "
                + g.outH()
                + "x"
                + g.outW()
                + " (input "
                + Arrays.toString(x.shape())
                + ")");
      }
      int[] pooled = {g.batch(), g.outChannels(), g.outH() / 2, g.outW() / 2};
      Tensor y = TensorAccess.empty(x.dtype(), pooled);
      Tensor argmax = TensorAccess.empty(DType.INT32, pooled);
      Kernels.linalg()
          .conv2dReluPool(
              g,
              TensorAccess.data(x),
              TensorAccess.data(w),
              bias,
              TensorAccess.data(y),
              TensorAccess.ints(argmax));
      ctx.save(x, w, y, argmax);
      return y;
    }
    Tensor y =
        dims == 1
            ? TensorAccess.empty(x.dtype(), g.batch(), g.outChannels(), g.outW())
            : TensorAccess.empty(x.dtype(), g.batch(), g.outChannels(), g.outH(), g.outW());
    if (relu) {
      ctx.save(x, w, y);
      Kernels.linalg()
          .conv2dRelu(g, TensorAccess.data(x), TensorAccess.data(w), bias, TensorAccess.data(y));
    } else {
      ctx.save(x, w);
      Kernels.linalg()
          .conv2d(g, TensorAccess.data(x), TensorAccess.data(w), bias, TensorAccess.data(y));
    }
    return y;
  }

  @Override
  protected final Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0), w = ctx.saved(1);
    Conv2dGeometry g = geometry(x.shape(), w.shape());
    DType dt = x.dtype();
    Tensor gx = ctx.needsInputGrad(0) ? TensorAccess.empty(dt, x.shape()) : null;
    Tensor gw = ctx.needsInputGrad(1) ? TensorAccess.empty(dt, w.shape()) : null;
    Tensor gb =
        ctx.inputCount() == 3 && ctx.needsInputGrad(2)
            ? TensorAccess.empty(dt, g.outChannels())
            : null;
    Object gxd = gx == null ? null : TensorAccess.data(gx);
    Object gwd = gw == null ? null : TensorAccess.data(gw);
    Object gbd = gb == null ? null : TensorAccess.data(gb);
    if (pool) {
      Kernels.linalg()
          .conv2dReluPoolBackward(
              g,
              TensorAccess.data(x),
              TensorAccess.data(w),
              TensorAccess.data(grad),
              TensorAccess.data(ctx.saved(2)),
              TensorAccess.ints(ctx.saved(3)),
              gxd,
              gwd,
              gbd);
    } else if (relu) {
      Kernels.linalg()
          .conv2dReluBackward(
              g,
              TensorAccess.data(x),
              TensorAccess.data(w),
              TensorAccess.data(grad),
              TensorAccess.data(ctx.saved(2)),
              gxd,
              gwd,
              gbd);
    } else {
      Kernels.linalg()
          .conv2dBackward(
              g,
              TensorAccess.data(x),
              TensorAccess.data(w),
              TensorAccess.data(grad),
              gxd,
              gwd,
              gbd);
    }
    return ctx.inputCount() == 3 ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx, gw};
  }

  private Conv2dGeometry geometry(Tensor[] in) {
    if (in.length != 2 && in.length != 3) {
      throw new IllegalArgumentException(
          op + ": expected inputs (x, weight) or (x, weight, bias), got " + in.length + " inputs");
    }
    Tensor x = in[0], w = in[1];
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a FLOAT32 or FLOAT64 input, got " + x.dtype());
    }
    if (w.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          op + ": dtype mismatch: input " + x.dtype() + ", weight " + w.dtype());
    }
    Conv2dGeometry g = geometry(x.shape(), w.shape());
    if (in.length == 3) {
      Tensor b = in[2];
      if (b.dtype() != x.dtype()) {
        throw new IllegalArgumentException(
            op + ": dtype mismatch: input " + x.dtype() + ", bias " + b.dtype());
      }
      if (b.rank() != 1 || b.dim(0) != g.outChannels()) {
        throw new IllegalArgumentException(
            op
                + ": bias has shape "
                + Arrays.toString(b.shape())
                + ", expected ["
                + g.outChannels()
                + "] (one value per output channel of weight "
                + Arrays.toString(w.shape())
                + ")");
      }
    }
    return g;
  }

  /** [N, C, H, W] and [O, C/groups, kh, kw], a 1-d convolution's shapes with height 1. */
  private static int[] asImage(int[] s) {
    return new int[] {s[0], s[1], 1, s[2]};
  }

  private Conv2dGeometry geometry(int[] xs0, int[] ws0) {
    String xLayout = dims == 1 ? "rank 3 [N, C, L]" : "rank 4 [N, C, H, W]";
    String wLayout = dims == 1 ? "rank 3 [O, C/groups, k]" : "rank 4 [O, C/groups, kh, kw]";
    if (xs0.length != dims + 2) {
      throw new IllegalArgumentException(
          op + ": expected input of " + xLayout + ", got shape " + Arrays.toString(xs0));
    }
    if (ws0.length != dims + 2) {
      throw new IllegalArgumentException(
          op + ": expected weight of " + wLayout + ", got shape " + Arrays.toString(ws0));
    }
    int[] xs = dims == 1 ? asImage(xs0) : xs0, ws = dims == 1 ? asImage(ws0) : ws0;
    String weight = Arrays.toString(ws0);
    if ((long) ws[1] * groups != xs[1]) {
      throw new IllegalArgumentException(
          op
              + ": input has "
              + xs[1]
              + " channels but weight "
              + weight
              + " expects "
              + (groups == 1
                  ? String.valueOf(ws[1])
                  : (long) ws[1] * groups + " (" + ws[1] + " per group, groups=" + groups + ")"));
    }
    if (ws[0] % groups != 0) {
      throw new IllegalArgumentException(
          op
              + ": weight "
              + weight
              + " has "
              + ws[0]
              + " output channels, not divisible by groups="
              + groups);
    }
    if (ws[2] < 1 || ws[3] < 1) {
      throw new IllegalArgumentException(
          op
              + ": weight "
              + weight
              + " has an empty kernel; expected "
              + (dims == 1 ? "k >= 1" : "kh, kw >= 1"));
    }
    long hp = xs[2] + 2L * ph, wp = xs[3] + 2L * pw;
    long ekh = (long) dh * (ws[2] - 1) + 1, ekw = (long) dw * (ws[3] - 1) + 1;
    boolean dilated = dh != 1 || dw != 1;
    if (ekh > hp || ekw > wp) {
      throw new IllegalArgumentException(
          op
              + ": kernel "
              + size(ws[2], ws[3])
              + (dilated ? " with dilation " + value(dh, dw) + " spans " + size(ekh, ekw) : "")
              + (dilated ? ", which is" : " is")
              + " larger than the padded input "
              + size(hp, wp)
              + " (input "
              + Arrays.toString(xs0)
              + ", padding "
              + value(ph, pw)
              + ")");
    }
    if (hp > Integer.MAX_VALUE || wp > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(xs0)
              + " with padding "
              + value(ph, pw)
              + " would be "
              + size(hp, wp)
              + " padded, more than 2^31-1 on a side");
    }
    long oh = (hp - ekh) / sh + 1, ow = (wp - ekw) / sw + 1;
    long col = (long) ws[1] * ws[2] * ws[3] * oh * ow;
    int[] out =
        dims == 1
            ? new int[] {xs[0], ws[0], (int) ow}
            : new int[] {xs[0], ws[0], (int) oh, (int) ow};
    Shapes.result(op, out, xs0, ws0);
    if (col > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(xs0)
              + " with weight "
              + weight
              + ", stride "
              + value(sh, sw)
              + " and padding "
              + value(ph, pw)
              + " needs an im2col buffer of "
              + col
              + " elements per image (C/groups*kh*kw*outH*outW), more than 2^31-1");
    }
    return new Conv2dGeometry(
        xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], sh, sw, ph, pw, dh, dw, groups);
  }

  /**
   * A per-axis argument in messages: {@code 2} when both axes (or the one) have it, else {@code [1,
   * 2]}.
   */
  private String value(int h, int w) {
    return dims == 1 || h == w ? String.valueOf(w) : "[" + h + ", " + w + "]";
  }

  /** A kernel or image size in messages: {@code 3x3}, or {@code 3} in one dimension. */
  private String size(long h, long w) {
    return dims == 1 ? String.valueOf(w) : h + "x" + w;
  }
}
