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
 * 2-d cross-correlation (what every framework calls convolution) of NCHW input {@code x} with OIHW
 * {@code weight}, plus an optional bias [O], as {@code torch.nn.functional.conv2d} with a square
 * stride and zero padding: output [N, O, (H + 2p - kh) / s + 1, (W + 2p - kw) / s + 1]. Applied to
 * {@code (x, weight)} or {@code (x, weight, bias)}.
 */
public final class Conv2d extends Op {
  private final int stride;
  private final int padding;

  public Conv2d(int stride, int padding) {
    OpArguments.conv2d("conv2d", stride, padding);
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Conv2dGeometry g = geometry(in);
    Tensor x = in[0], w = in[1], b = in.length == 3 ? in[2] : null;
    ctx.save(x, w);
    Tensor y = TensorAccess.empty(x.dtype(), g.batch(), g.outChannels(), g.outH(), g.outW());
    Kernels.linalg()
        .conv2d(
            g,
            TensorAccess.data(x),
            TensorAccess.data(w),
            b == null ? null : TensorAccess.data(b),
            TensorAccess.data(y));
    return y;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0), w = ctx.saved(1);
    Conv2dGeometry g = geometry(x.shape(), w.shape());
    DType dt = x.dtype();
    Tensor gx = ctx.needsInputGrad(0) ? TensorAccess.empty(dt, x.shape()) : null;
    Tensor gw = ctx.needsInputGrad(1) ? TensorAccess.empty(dt, w.shape()) : null;
    Tensor gb =
        ctx.inputCount() == 3 && ctx.needsInputGrad(2)
            ? TensorAccess.empty(dt, g.outChannels())
            : null;
    Kernels.linalg()
        .conv2dBackward(
            g,
            TensorAccess.data(x),
            TensorAccess.data(w),
            TensorAccess.data(grad),
            gx == null ? null : TensorAccess.data(gx),
            gw == null ? null : TensorAccess.data(gw),
            gb == null ? null : TensorAccess.data(gb));
    return ctx.inputCount() == 3 ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx, gw};
  }

  private Conv2dGeometry geometry(Tensor[] in) {
    if (in.length != 2 && in.length != 3) {
      throw new IllegalArgumentException(
          "conv2d: expected inputs (x, weight) or (x, weight, bias), got " + in.length + " inputs");
    }
    Tensor x = in[0], w = in[1];
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "conv2d: expected a FLOAT32 or FLOAT64 input, got " + x.dtype());
    }
    if (w.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          "conv2d: dtype mismatch: input " + x.dtype() + ", weight " + w.dtype());
    }
    Conv2dGeometry g = geometry(x.shape(), w.shape());
    if (in.length == 3) {
      Tensor b = in[2];
      if (b.dtype() != x.dtype()) {
        throw new IllegalArgumentException(
            "conv2d: dtype mismatch: input " + x.dtype() + ", bias " + b.dtype());
      }
      if (b.rank() != 1 || b.dim(0) != g.outChannels()) {
        throw new IllegalArgumentException(
            "conv2d: bias has shape "
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

  private Conv2dGeometry geometry(int[] xs, int[] ws) {
    if (xs.length != 4) {
      throw new IllegalArgumentException(
          "conv2d: expected input of rank 4 [N, C, H, W], got shape " + Arrays.toString(xs));
    }
    if (ws.length != 4) {
      throw new IllegalArgumentException(
          "conv2d: expected weight of rank 4 [O, C, kh, kw], got shape " + Arrays.toString(ws));
    }
    if (xs[1] != ws[1]) {
      throw new IllegalArgumentException(
          "conv2d: input has "
              + xs[1]
              + " channels but weight "
              + Arrays.toString(ws)
              + " expects "
              + ws[1]);
    }
    if (ws[2] < 1 || ws[3] < 1) {
      throw new IllegalArgumentException(
          "conv2d: weight " + Arrays.toString(ws) + " has an empty kernel; expected kh, kw >= 1");
    }
    long ph = xs[2] + 2L * padding, pw = xs[3] + 2L * padding;
    if (ws[2] > ph || ws[3] > pw) {
      throw new IllegalArgumentException(
          "conv2d: kernel "
              + ws[2]
              + "x"
              + ws[3]
              + " is larger than the padded input "
              + ph
              + "x"
              + pw
              + " (input "
              + Arrays.toString(xs)
              + ", padding "
              + padding
              + ")");
    }
    long oh = (ph - ws[2]) / stride + 1, ow = (pw - ws[3]) / stride + 1;
    long col = (long) xs[1] * ws[2] * ws[3] * oh * ow;
    if (ph > Integer.MAX_VALUE || pw > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "conv2d: input "
              + Arrays.toString(xs)
              + " with padding "
              + padding
              + " would be "
              + ph
              + "x"
              + pw
              + " padded, more than 2^31-1 on a side");
    }
    Shapes.result("conv2d", new int[] {xs[0], ws[0], (int) oh, (int) ow}, xs, ws);
    if (col > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "conv2d: input "
              + Arrays.toString(xs)
              + " with weight "
              + Arrays.toString(ws)
              + ", stride "
              + stride
              + " and padding "
              + padding
              + " needs an im2col buffer of "
              + col
              + " elements per image (C*kh*kw*outH*outW), more than 2^31-1");
    }
    return new Conv2dGeometry(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], stride, padding);
  }
}
