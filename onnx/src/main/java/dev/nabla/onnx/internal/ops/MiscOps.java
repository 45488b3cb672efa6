package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import java.util.Arrays;

/**
 * What fits no other family: Einsum, the loss functions, signal processing (windows, DFT, STFT,
 * MelWeightMatrix), Det, MaxUnpool, NonMaxSuppression, Unique, GridSample and RoiAlign.
 */
public final class MiscOps {
  private MiscOps() {}

  public static void register(OpRegistry r) {
    r.register("Einsum", MiscOps::einsum);
    r.register("NegativeLogLikelihoodLoss", Losses::nll);
    r.register("SoftmaxCrossEntropyLoss", Losses::softmaxCrossEntropy);
    r.register("HannWindow", node -> SignalOps.window(node, 0.5, 0.5, 0));
    r.register("HammingWindow", node -> SignalOps.window(node, 25.0 / 46, 21.0 / 46, 0));
    r.register("BlackmanWindow", node -> SignalOps.window(node, 0.42, 0.5, 0.08));
    r.register("MelWeightMatrix", SignalOps::melWeightMatrix);
    r.register("DFT", SignalOps::dft);
    r.register("STFT", SignalOps::stft);
    r.register("Det", MiscOps::det);
    r.register("MaxUnpool", MiscOps::maxUnpool);
    r.register("NonMaxSuppression", NonMaxSuppression::compile);
    r.register("Unique", Unique::compile);
    r.register("GridSample", GridSample::compile);
    r.register("RoiAlign", RoiAlign::compile);
  }

  private static OpKernel einsum(NodeSpec node) {
    node.requireInputs(1, Integer.MAX_VALUE);
    for (int i = 0; i < node.inputCount(); i++) {
      OpUtil.require(node.hasInput(i), "input " + i + " is omitted (every operand is required)");
    }
    String equation = node.attributes().getString("equation", null);
    OpUtil.require(equation != null, "required attribute 'equation' is missing");
    Einsum e = Einsum.parse(equation, node.inputCount());
    return in -> new Tensor[] {e.apply(in)};
  }

  /**
   * Det of [*, M, M]: Gaussian elimination with partial pivoting, one matrix at a time, from
   * differentiable slices and products (the pivots are chosen from the values).
   */
  private static OpKernel det(NodeSpec node) {
    node.requireInputs(1, 1);
    return in -> {
      Tensor x = in[0];
      int r = x.rank();
      if (r < 2 || x.dim(r - 1) != x.dim(r - 2) || !x.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            "Det: the input must be float [*, M, M], got "
                + x.dtype()
                + Arrays.toString(x.shape()));
      }
      int m = x.dim(r - 1);
      int[] batchShape = Arrays.copyOf(x.shape(), r - 2);
      int batch = 1;
      for (int d : batchShape) {
        batch *= d;
      }
      Tensor flat = x.reshape(batch, m, m);
      Tensor[] dets = new Tensor[batch];
      for (int b = 0; b < batch; b++) {
        dets[b] = determinant(flat.get(b));
      }
      Tensor y = batch == 0 ? Tensor.zeros(x.dtype(), 0) : Tensor.stack(0, dets);
      return new Tensor[] {y.reshape(batchShape)};
    };
  }

  /** The determinant of one [m, m] matrix, as a 0-d tensor. */
  private static Tensor determinant(Tensor a) {
    int m = a.dim(0);
    Tensor det = Tensor.scalar(a.dtype(), 1);
    double sign = 1;
    for (int k = 0; k < m; k++) {
      int n = m - k; // a is [n, n]
      double[] col = a.slice(1, 0, 1).toDoubleArray();
      int p = 0;
      for (int i = 1; i < n; i++) {
        if (Math.abs(col[i]) > Math.abs(col[p])) {
          p = i;
        }
      }
      if (col[p] == 0) {
        return Tensor.scalar(a.dtype(), 0).add(det.mul(0)); // keeps the graph for the gradient
      }
      if (p != 0) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i == 0 ? p : i == p ? 0 : i;
        }
        a = a.indexSelect(0, Tensor.of(order, n));
        sign = -sign;
      }
      Tensor pivot = a.get(0, 0);
      det = det.mul(pivot);
      if (n > 1) {
        Tensor below = a.slice(0, 1, n).slice(1, 0, 1); // [n-1, 1]
        Tensor right = a.slice(0, 0, 1).slice(1, 1, n); // [1, n-1]
        a = a.slice(0, 1, n).slice(1, 1, n).sub(below.div(pivot).mul(right));
      }
    }
    return sign < 0 ? det.neg() : det;
  }

  /**
   * MaxUnpool: each value of X goes to the flat position its index in I names (row-major over the
   * whole output, as MaxPool's Indices count), zeros elsewhere; differentiable in X.
   */
  private static OpKernel maxUnpool(NodeSpec node) {
    node.requireInputs(2, 3);
    // ONNX 1.12's test of output_shape places the indices in the shape without it, ONNX Runtime
    // and ONNX's later reference in the given shape (onnx/onnx#2398): nabla does neither silently
    OpUtil.require(
        !node.hasInput(2),
        "input output_shape is not supported (what the indices mean with it is disputed:"
            + " onnx/onnx#2398)");
    Attributes a = node.attributes();
    int[] kernel = a.getIntArray("kernel_shape", null);
    OpUtil.require(kernel != null, "required attribute 'kernel_shape' is missing");
    int s = kernel.length;
    int[] strides = a.getIntArray("strides", null);
    int[] pads = a.getIntArray("pads", new int[2 * s]);
    OpUtil.require(
        strides == null || strides.length == s,
        "strides " + Arrays.toString(strides) + " must have one value per kernel axis (" + s + ")");
    OpUtil.require(
        pads.length == 2 * s,
        "pads " + Arrays.toString(pads) + " must have two values per kernel axis (" + 2 * s + ")");
    int[] stride = strides == null ? filled(s, 1) : strides;
    return in -> {
      Tensor x = in[0], idx = in[1];
      if (x.rank() != s + 2 || !Arrays.equals(x.shape(), idx.shape())) {
        throw new IllegalArgumentException(
            "MaxUnpool: X must be [N, C, "
                + s
                + " spatial dims] and I of its shape, got "
                + Arrays.toString(x.shape())
                + " and "
                + Arrays.toString(idx.shape()));
      }
      int[] out = x.shape();
      for (int i = 0; i < s; i++) {
        out[i + 2] = (x.dim(i + 2) - 1) * stride[i] + kernel[i] - pads[i] - pads[i + s];
      }
      long total = 1;
      for (int d : out) {
        total *= d;
      }
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "MaxUnpool: output shape " + Arrays.toString(out) + " is too large");
      }
      long[] where = OpUtil.longs(idx, "MaxUnpool: I");
      int[] source = new int[(int) total];
      boolean[] filled = new boolean[(int) total];
      for (int i = 0; i < where.length; i++) {
        if (where[i] < 0 || where[i] >= total) {
          throw new IllegalArgumentException(
              "MaxUnpool: index "
                  + where[i]
                  + " at "
                  + i
                  + " is outside the output of "
                  + total
                  + " elements "
                  + Arrays.toString(out));
        }
        source[(int) where[i]] = i;
        filled[(int) where[i]] = true;
      }
      Tensor picked = x.reshape(where.length).indexSelect(0, Tensor.of(source, source.length));
      Tensor y = Tensor.where(Tensor.of(filled, filled.length), picked, Tensor.zeros(x.dtype(), 1));
      return new Tensor[] {y.reshape(out)};
    };
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }
}
