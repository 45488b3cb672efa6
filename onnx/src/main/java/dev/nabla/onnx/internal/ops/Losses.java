package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opsets 12 and 13): inputs [N, C, d1, ...]
 * and class indices [N, d1, ...], an optional per-class weight, ignore_index and the reductions
 * none, sum and mean (weighted mean: divided by the weights of the samples counted). Built from
 * gather, indexSelect and elementwise ops, so the loss is differentiable in the input and the
 * weight.
 */
final class Losses {
  private Losses() {}

  static OpKernel nll(NodeSpec node) {
    return compile(node, false);
  }

  static OpKernel softmaxCrossEntropy(NodeSpec node) {
    return compile(node, true);
  }

  private enum Reduction {
    NONE,
    SUM,
    MEAN
  }

  private static OpKernel compile(NodeSpec node, boolean softmax) {
    String op = node.opType();
    node.requireInputs(2, 3);
    Attributes a = node.attributes();
    String r = a.getString("reduction", "mean");
    Reduction reduction =
        switch (r) {
          case "none" -> Reduction.NONE;
          case "sum" -> Reduction.SUM;
          case "mean" -> Reduction.MEAN;
          default ->
              throw new UnsupportedNodeException(
                  "reduction '" + r + "' is not one of none, sum, mean");
        };
    boolean hasIgnore = a.has("ignore_index");
    long ignore = a.getInt("ignore_index", 0);
    return in -> {
      Tensor x = in[0], target = in[1], weight = in.length > 2 ? in[2] : null;
      if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(
            op + ": the input must be float32 or float64, got " + x.dtype());
      }
      if (x.rank() < 2) {
        throw new IllegalArgumentException(
            op
                + ": the input must be [N, C, d1, ...] (rank >= 2), got shape "
                + Arrays.toString(x.shape()));
      }
      int[] shape = x.shape();
      int c = shape[1];
      int[] targetShape = new int[shape.length - 1];
      targetShape[0] = shape[0];
      System.arraycopy(shape, 2, targetShape, 1, shape.length - 2);
      if (!Arrays.equals(target.shape(), targetShape)) {
        throw new IllegalArgumentException(
            op
                + ": the target must have shape "
                + Arrays.toString(targetShape)
                + " for input shape "
                + Arrays.toString(shape)
                + ", got "
                + Arrays.toString(target.shape()));
      }
      if (weight != null
          && (weight.rank() != 1 || weight.dim(0) != c || weight.dtype() != x.dtype())) {
        throw new IllegalArgumentException(
            op
                + ": the weight must be "
                + x.dtype()
                + "["
                + c
                + "], got "
                + weight.dtype()
                + Arrays.toString(weight.shape()));
      }
      long[] t = OpUtil.longs(target, op + ": the target");
      long[] safe = new long[t.length];
      boolean[] counted = new boolean[t.length];
      boolean anyIgnored = false;
      for (int i = 0; i < t.length; i++) {
        if (hasIgnore && t[i] == ignore) {
          anyIgnored = true;
          continue;
        }
        if (t[i] < 0 || t[i] >= c) {
          throw new IllegalArgumentException(
              op
                  + ": target value "
                  + t[i]
                  + " at flat index "
                  + i
                  + " is outside [0, "
                  + c
                  + ")"
                  + (hasIgnore ? " and is not ignore_index " + ignore : ""));
        }
        safe[i] = t[i];
        counted[i] = true;
      }
      Tensor logp = softmax ? x.logSoftmax(1) : x;
      int[] indexShape = shape.clone();
      indexShape[1] = 1;
      Tensor loss = logp.gather(1, Tensor.of(safe, indexShape)).reshape(targetShape).neg();
      Tensor w = weight == null ? null : weight.indexSelect(0, Tensor.of(safe, safe.length));
      if (anyIgnored) {
        Tensor m = Tensor.of(counted, safe.length).to(x.dtype());
        w = w == null ? m : w.mul(m);
      }
      if (w != null) {
        w = w.reshape(targetShape);
        loss = loss.mul(w);
      }
      Tensor out =
          switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> w == null ? loss.mean() : loss.sum().div(w.sum());
          };
      return new Tensor[] {out, logp};
    };
  }
}
