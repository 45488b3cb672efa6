package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Neural-network ops: products (MatMul, Gemm), convolutions ({@link ConvOps}), pooling ({@link
 * PoolOps}), normalisation, softmax and resizing ({@link ResizeOps}).
 */
public final class NnOps {
  private NnOps() {}

  public static void register(OpRegistry r) {
    r.register("MatMul", NnOps::matMul);
    r.register("Gemm", NnOps::gemm);
    r.register("Conv", ConvOps::conv);
    r.register("ConvTranspose", ConvOps::convTranspose);
    r.register("MaxPool", PoolOps::maxPool);
    r.register("AveragePool", PoolOps::averagePool);
    r.register("LpPool", PoolOps::lpPool);
    for (String g : new String[] {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"}) {
      r.register(g, node -> PoolOps.global(node, g));
    }
    r.register("BatchNormalization", NnOps::batchNorm);
    r.register("InstanceNormalization", NnOps::instanceNorm);
    r.register("LayerNormalization", NnOps::layerNorm);
    r.register("LRN", NnOps::lrn);
    r.register("MeanVarianceNormalization", NnOps::mvn);
    r.register("Softmax", node -> softmax(node, "Softmax", Tensor::softmax));
    r.register("LogSoftmax", node -> softmax(node, "LogSoftmax", Tensor::logSoftmax));
    r.register("Hardmax", node -> softmax(node, "Hardmax", NnOps::hardmax));
    r.register("Resize", ResizeOps::resize);
    r.register("Upsample", ResizeOps::upsample);
  }

  /** numpy.matmul: a 1-d operand is a row (first) or a column (second), removed after. */
  private static OpKernel matMul(NodeSpec node) {
    node.requireInputs(2, 2);
    return in -> {
      Tensor a = in[0], b = in[1];
      if (a.rank() == 0 || b.rank() == 0) {
        throw new IllegalArgumentException(
            "MatMul: expected operands of rank >= 1, got "
                + Arrays.toString(a.shape())
                + " and "
                + Arrays.toString(b.shape()));
      }
      boolean rowA = a.rank() == 1, colB = b.rank() == 1;
      Tensor y = (rowA ? a.unsqueeze(0) : a).matmul(colB ? b.unsqueeze(1) : b);
      if (colB) {
        y = y.squeeze(y.rank() - 1);
      }
      if (rowA) {
        y = y.squeeze(y.rank() - (colB ? 1 : 2));
      }
      return new Tensor[] {y};
    };
  }

  /**
   * Y = alpha · op(A) · op(B) + beta · C, op transposing when transA / transB is 1. C is required
   * before opset 11; before opset 7 it broadcasts only with {@code broadcast=1}, which this reads
   * (a C of the output's shape is the same either way; another shape with broadcast=0 fails).
   */
  private static OpKernel gemm(NodeSpec node) {
    int opset = node.opset();
    node.requireInputs(opset < 11 ? 3 : 2, 3);
    Attributes a = node.attributes();
    double alpha = a.getFloat("alpha", 1f), beta = a.getFloat("beta", 1f);
    long transA = a.getInt("transA", 0), transB = a.getInt("transB", 0);
    OpUtil.require(
        (transA == 0 || transA == 1) && (transB == 0 || transB == 1),
        "transA and transB must be 0 or 1, got " + transA + " and " + transB);
    boolean broadcast = opset >= 7 || a.getInt("broadcast", 0) != 0;
    boolean ta = transA == 1, tb = transB == 1, hasC = node.hasInput(2);
    return in -> {
      if (in[0].rank() != 2 || in[1].rank() != 2) {
        throw new IllegalArgumentException(
            "Gemm: expected 2-d A and B, got "
                + Arrays.toString(in[0].shape())
                + " and "
                + Arrays.toString(in[1].shape()));
      }
      if (broadcast
          && !ta
          && alpha == 1
          && beta == 1
          && hasC
          && in[2].size() == outColumns(in[1], tb)
          && (in[2].rank() == 1 || (in[2].rank() == 2 && in[2].dim(0) == 1))) {
        // nn.Linear's export (C a row of biases): one fused product that adds the bias and reads
        // a transposed B in place
        Tensor bias = in[2].rank() == 1 ? in[2] : in[2].reshape(in[2].size());
        return new Tensor[] {tb ? in[0].linear(in[1], bias) : in[0].matmul(in[1], bias)};
      }
      Tensor y = in[0].matmul(in[1], ta, tb);
      if (alpha != 1) {
        y = y.mul(alpha);
      }
      if (hasC) {
        Tensor c = in[2];
        if (!broadcast && !Arrays.equals(c.shape(), y.shape())) {
          throw new IllegalArgumentException(
              "Gemm: C "
                  + Arrays.toString(c.shape())
                  + " must have the output's shape "
                  + Arrays.toString(y.shape())
                  + " without broadcast=1");
        }
        y = y.add(beta == 1 ? c : c.mul(beta));
      }
      return new Tensor[] {y};
    };
  }

  /** The number of columns of op(B): B's rows when it is transposed, else its columns. */
  private static int outColumns(Tensor b, boolean transposed) {
    return transposed ? b.dim(0) : b.dim(1);
  }

  /**
   * Softmax, LogSoftmax, Hardmax: from opset 13 along {@code axis} (default -1); before, over the
   * input flattened to 2-d at {@code axis} (default 1), each row of {@code [prod(shape[:axis]),
   * prod(shape[axis:])]}.
   */
  private static OpKernel softmax(
      NodeSpec node, String op, BiFunction<Tensor, Integer, Tensor> along) {
    node.requireInputs(1, 1);
    boolean flatten = node.opset() < 13;
    long axis = node.attributes().getInt("axis", flatten ? 1 : -1);
    return in -> {
      Tensor x = in[0];
      if (x.rank() == 0) {
        throw new IllegalArgumentException(op + ": expected an input of rank >= 1, got a scalar");
      }
      int ax = OpUtil.axis(axis, x.rank(), op);
      if (!flatten) {
        return new Tensor[] {along.apply(x, ax)};
      }
      int[] s = x.shape();
      int rows = 1;
      for (int i = 0; i < ax; i++) {
        rows *= s[i];
      }
      int cols = x.size() / Math.max(rows, 1);
      if (rows == 0 || cols == 0) {
        return new Tensor[] {x};
      }
      return new Tensor[] {along.apply(x.reshape(rows, cols), 1).reshape(s)};
    };
  }

  /** 1 at the first maximum along {@code axis}, 0 elsewhere; not differentiable. */
  private static Tensor hardmax(Tensor x, int axis) {
    int[] shape = new int[x.rank()];
    Arrays.fill(shape, 1);
    shape[axis] = x.dim(axis);
    Tensor positions = Tensor.arange(x.dim(axis)).reshape(shape);
    return x.argmax(axis).unsqueeze(axis).eq(positions).to(x.dtype());
  }

  /** A per-channel vector [C] as [C, 1, ...] against an input of {@code rank}. */
  private static Tensor perChannel(Tensor v, int rank, String op, String what, int channels) {
    if (v.rank() != 1 || v.dim(0) != channels) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " has shape "
              + Arrays.toString(v.shape())
              + ", expected ["
              + channels
              + "] (one per channel)");
    }
    int[] s = new int[rank - 1];
    Arrays.fill(s, 1);
    s[0] = channels;
    return v.reshape(s);
  }

  /** The axes of [N, C, D...] but C. */
  private static int[] allButChannel(int rank) {
    int[] r = new int[rank - 1];
    r[0] = 0;
    for (int i = 2; i < rank; i++) {
      r[i - 1] = i;
    }
    return r;
  }

  private static void requireChannels(String op, Tensor x) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          op + ": expected input [N, C, ...] of rank >= 2, got " + Arrays.toString(x.shape()));
    }
  }

  /**
   * BatchNormalization: in inference, {@code (x - mean) / sqrt(var + epsilon) · scale + B} with the
   * given statistics; with training_mode=1 (opset 14), the batch's own mean and population
   * variance, and the running statistics {@code input · momentum + batch · (1 - momentum)} as the
   * optional outputs. Before opset 9 only {@code spatial=1} is supported; before 7, {@code
   * is_test=0} (the default) normalises with the batch's statistics too, and the training outputs
   * of opsets before 14 (mean, var, saved_mean, saved_var) are not supported.
   */
  private static OpKernel batchNorm(NodeSpec node) {
    node.requireInputs(5, 5);
    int opset = node.opset();
    Attributes a = node.attributes();
    double eps = a.getFloat("epsilon", 1e-5f);
    double momentum = a.getFloat("momentum", 0.9f);
    if (opset < 6) {
      a.getInts("consumed_inputs", null);
    }
    // before opset 7, is_test=0 (the default) is training: the batch's statistics normalise
    boolean oldTraining = opset < 7 && a.getInt("is_test", 0) == 0;
    if (opset < 9) {
      long spatial = a.getInt("spatial", 1);
      OpUtil.require(spatial == 1, "spatial=" + spatial + " is not supported (only spatial=1)");
    }
    boolean training = opset >= 14 && a.getInt("training_mode", 0) == 1;
    if (opset >= 14) {
      long tm = a.getInt("training_mode", 0);
      OpUtil.require(tm == 0 || tm == 1, "training_mode must be 0 or 1, got " + tm);
      OpUtil.require(
          training || !anyOutputAfterFirst(node),
          "running_mean and running_var are outputs only with training_mode=1");
    } else {
      OpUtil.require(
          !anyOutputAfterFirst(node),
          "the training outputs (mean, var, saved_mean, saved_var) of opset "
              + opset
              + " are not supported (only Y)");
    }
    boolean batchStats = training || oldTraining;
    return in -> {
      Tensor x = in[0];
      requireChannels("BatchNormalization", x);
      int c = x.dim(1), rank = x.rank();
      Tensor scale = perChannel(in[1], rank, "BatchNormalization", "scale", c);
      Tensor bias = perChannel(in[2], rank, "BatchNormalization", "B", c);
      Tensor mean = perChannel(in[3], rank, "BatchNormalization", "mean", c);
      Tensor var = perChannel(in[4], rank, "BatchNormalization", "var", c);
      if (!batchStats) {
        Tensor k = scale.div(var.add(eps).sqrt());
        return new Tensor[] {x.sub(mean).mul(k).add(bias)};
      }
      int[] axes = allButChannel(rank);
      Tensor bm = x.mean(axes, true);
      Tensor centred = x.sub(bm);
      Tensor bv = centred.mul(centred).mean(axes, true);
      Tensor y = centred.div(bv.add(eps).sqrt()).mul(scale).add(bias);
      Tensor runMean = in[3].mul(momentum).add(bm.reshape(c).mul(1 - momentum));
      Tensor runVar = in[4].mul(momentum).add(bv.reshape(c).mul(1 - momentum));
      return new Tensor[] {y, runMean, runVar};
    };
  }

  private static boolean anyOutputAfterFirst(NodeSpec node) {
    for (int i = 1; i < node.outputCount(); i++) {
      if (node.hasOutput(i)) {
        return true;
      }
    }
    return false;
  }

  /** InstanceNormalization: each (n, c) plane normalised by its own mean and variance. */
  private static OpKernel instanceNorm(NodeSpec node) {
    node.requireInputs(3, 3);
    Attributes a = node.attributes();
    double eps = a.getFloat("epsilon", 1e-5f);
    if (node.opset() < 6) {
      a.getInts("consumed_inputs", null);
    }
    return in -> {
      Tensor x = in[0];
      if (x.rank() < 3) {
        throw new IllegalArgumentException(
            "InstanceNormalization: expected input [N, C, D...] of rank >= 3, got "
                + Arrays.toString(x.shape()));
      }
      int c = x.dim(1), rank = x.rank();
      Tensor scale = perChannel(in[1], rank, "InstanceNormalization", "scale", c);
      Tensor bias = perChannel(in[2], rank, "InstanceNormalization", "B", c);
      int[] axes = new int[rank - 2];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i + 2;
      }
      Tensor centred = x.sub(x.mean(axes, true));
      Tensor var = centred.mul(centred).mean(axes, true);
      return new Tensor[] {centred.div(var.add(eps).sqrt()).mul(scale).add(bias)};
    };
  }

  /**
   * LayerNormalization (opset 17): over the axes from {@code axis} to the last, Scale and B
   * broadcast against them; the optional Mean and InvStdDev keep the normalised axes as size 1.
   * With only Y wanted and Scale (and B) of the normalised shape, it is nabla's fused layerNorm.
   */
  private static OpKernel layerNorm(NodeSpec node) {
    node.requireInputs(2, 3);
    Attributes a = node.attributes();
    long axis = a.getInt("axis", -1);
    double eps = a.getFloat("epsilon", 1e-5f);
    long stash = a.getInt("stash_type", 1);
    OpUtil.require(
        stash == 1, "stash_type=" + stash + " is not supported (only 1, float32 statistics)");
    boolean stats = node.hasOutput(1) || node.hasOutput(2);
    boolean hasBias = node.hasInput(2);
    return in -> {
      Tensor x = in[0], scale = in[1], bias = hasBias ? in[2] : null;
      int ax = OpUtil.axis(axis, x.rank(), "LayerNormalization");
      int[] normalized = Arrays.copyOfRange(x.shape(), ax, x.rank());
      boolean fused =
          !stats
              && Arrays.equals(scale.shape(), normalized)
              && (bias == null || Arrays.equals(bias.shape(), normalized));
      if (fused) {
        return new Tensor[] {x.layerNorm(normalized, scale, bias, eps)};
      }
      int[] axes = new int[normalized.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = ax + i;
      }
      Tensor mean = x.mean(axes, true);
      Tensor centred = x.sub(mean);
      Tensor inv = centred.mul(centred).mean(axes, true).add(eps).sqrt().pow(-1);
      Tensor y = centred.mul(inv).mul(scale);
      if (bias != null) {
        y = y.add(bias);
      }
      return new Tensor[] {y, mean, inv};
    };
  }

  /**
   * LRN across channels: {@code x / (bias + alpha / size · Σ x²)^beta}, the sum over channels
   * {@code [c - floor((size-1)/2), c + ceil((size-1)/2)]} within range.
   */
  private static OpKernel lrn(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    double alpha = a.getFloat("alpha", 1e-4f), beta = a.getFloat("beta", 0.75f);
    double bias = a.getFloat("bias", 1f);
    long size = a.requireInt("size");
    OpUtil.require(size >= 1 && size <= Integer.MAX_VALUE, "size must be >= 1, got " + size);
    int n = (int) size, before = (n - 1) / 2, after = n - 1 - before;
    return in -> {
      Tensor x = in[0];
      requireChannels("LRN", x);
      int c = x.dim(1);
      Tensor sq = Spatial.pad(x.mul(x), 1, before, after, 0);
      Tensor sum = null;
      for (int i = 0; i < n; i++) {
        Tensor t = sq.slice(1, i, i + c);
        sum = sum == null ? t : sum.add(t);
      }
      return new Tensor[] {x.div(sum.mul(alpha / n).add(bias).pow(beta))};
    };
  }

  /**
   * MeanVarianceNormalization: {@code (x - E x) / (sqrt(E (x - E x)²) + 1e-9)} over {@code axes}.
   */
  private static OpKernel mvn(NodeSpec node) {
    node.requireInputs(1, 1);
    long[] axes = node.attributes().getInts("axes", new long[] {0, 2, 3});
    return in -> {
      Tensor x = in[0];
      int[] ax = OpUtil.axes(axes, x.rank(), "MeanVarianceNormalization");
      Tensor centred = x.sub(x.mean(ax, true));
      Tensor std = centred.mul(centred).mean(ax, true).sqrt();
      return new Tensor[] {centred.div(std.add(1e-9))};
    };
  }
}
