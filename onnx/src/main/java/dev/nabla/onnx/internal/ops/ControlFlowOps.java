package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.Subgraph;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Control flow over tensors: If, Loop and Scan, whose bodies are subgraphs compiled at load (they
 * may read the enclosing graph's values by name). Sequence and optional values are not supported.
 */
public final class ControlFlowOps {
  private ControlFlowOps() {}

  public static void register(OpRegistry r) {
    r.register("If", ControlFlowOps::ifOp);
    r.register("Loop", ControlFlowOps::loop);
    r.register("Scan", ControlFlowOps::scan);
  }

  /** A condition: a bool (or number) tensor of one element. */
  static boolean condition(Tensor t, String op) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          op + ": the condition must have one element, got shape " + Arrays.toString(t.shape()));
    }
    return t.dtype() == DType.BOOL ? t.toBooleanArray()[0] : t.item() != 0;
  }

  private static OpKernel ifOp(NodeSpec node) {
    node.requireInputs(1, 1);
    Subgraph then = node.subgraph("then_branch"), otherwise = node.subgraph("else_branch");
    for (Subgraph g : List.of(then, otherwise)) {
      OpUtil.require(g.inputCount() == 0, "a branch takes no inputs, got " + g.inputCount());
      OpUtil.require(
          g.outputCount() == node.outputCount(),
          "the node has "
              + node.outputCount()
              + " outputs, its branches "
              + then.outputCount()
              + " and "
              + otherwise.outputCount());
    }
    return in -> (condition(in[0], "If") ? then : otherwise).run(new Tensor[0], in);
  }

  private static Tensor scalarLong(long v) {
    return Tensor.of(new long[] {v}, new int[0]);
  }

  private static Tensor scalarBool(boolean v) {
    return Tensor.of(new boolean[] {v}, new int[0]);
  }

  private static OpKernel loop(NodeSpec node) {
    Subgraph body = node.subgraph("body");
    int carried = node.inputCount() - 2;
    OpUtil.require(carried >= 0, "takes M, cond and the loop-carried values; got " + node.inputs());
    OpUtil.require(
        body.inputCount() == carried + 2,
        "the body takes iteration number, condition and "
            + carried
            + " carried values, but declares "
            + body.inputCount()
            + " inputs");
    int scans = body.outputCount() - 1 - carried;
    OpUtil.require(
        scans >= 0 && node.outputCount() <= carried + scans,
        "the body has " + body.outputCount() + " outputs for " + carried + " carried values");
    return in -> {
      if (in[0] != null && in[0].size() != 1) {
        throw new IllegalArgumentException(
            "Loop: M, the trip count, must have one element, got shape "
                + Arrays.toString(in[0].shape()));
      }
      long max = in[0] == null ? Long.MAX_VALUE : OpUtil.longs(in[0], "Loop: M")[0];
      boolean cond = in[1] == null || condition(in[1], "Loop");
      Tensor[] v = Arrays.copyOfRange(in, 2, 2 + carried);
      List<List<Tensor>> scanned = new ArrayList<>();
      for (int k = 0; k < scans; k++) {
        scanned.add(new ArrayList<>());
      }
      for (long i = 0; i < max && cond; i++) {
        Tensor[] formal = new Tensor[carried + 2];
        formal[0] = scalarLong(i);
        formal[1] = scalarBool(cond);
        System.arraycopy(v, 0, formal, 2, carried);
        Tensor[] out = body.run(formal, in);
        cond = condition(out[0], "Loop: the body's condition");
        v = Arrays.copyOfRange(out, 1, 1 + carried);
        for (int k = 0; k < scans; k++) {
          scanned.get(k).add(out[1 + carried + k]);
        }
      }
      Tensor[] result = Arrays.copyOf(v, carried + scans);
      for (int k = 0; k < scans; k++) {
        if (scanned.get(k).isEmpty()) {
          throw new IllegalArgumentException(
              "Loop: ran no iteration, so scan output "
                  + k
                  + " has no element to take a shape from");
        }
        result[carried + k] = Tensor.stack(0, scanned.get(k).toArray(new Tensor[0]));
      }
      return result;
    };
  }

  private static OpKernel scan(NodeSpec node) {
    if (node.opset() < 9) {
      throw new UnsupportedNodeException(
          "Scan before opset 9 (with sequence_lens and a batch axis) is not supported");
    }
    Attributes a = node.attributes();
    int m = (int) a.requireInt("num_scan_inputs");
    Subgraph body = node.subgraph("body");
    int n = node.inputCount() - m;
    OpUtil.require(
        m >= 1 && n >= 0, "num_scan_inputs=" + m + " with " + node.inputCount() + " inputs");
    OpUtil.require(
        body.inputCount() == n + m,
        "the body declares " + body.inputCount() + " inputs, expected " + (n + m));
    int k = body.outputCount() - n;
    OpUtil.require(k >= 0, "the body has " + body.outputCount() + " outputs for " + n + " states");
    long[] inAxes = a.getInts("scan_input_axes", new long[m]);
    long[] inDirs = a.getInts("scan_input_directions", new long[m]);
    long[] outAxes = a.getInts("scan_output_axes", new long[k]);
    long[] outDirs = a.getInts("scan_output_directions", new long[k]);
    OpUtil.require(
        inAxes.length == m && inDirs.length == m && outAxes.length == k && outDirs.length == k,
        "scan_input_axes/directions need " + m + " values and scan_output_axes/directions " + k);
    return in -> {
      Tensor[] state = Arrays.copyOf(in, n);
      int[] axes = new int[m];
      int length = -1;
      for (int j = 0; j < m; j++) {
        Tensor x = in[n + j];
        axes[j] = OpUtil.axis(inAxes[j], x.rank(), "Scan: scan_input_axes");
        int len = x.dim(axes[j]);
        if (length >= 0 && len != length) {
          throw new IllegalArgumentException(
              "Scan: scan inputs have different lengths " + length + " and " + len);
        }
        length = len;
      }
      List<List<Tensor>> outs = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        outs.add(new ArrayList<>());
      }
      for (int t = 0; t < length; t++) {
        Tensor[] formal = Arrays.copyOf(state, n + m);
        for (int j = 0; j < m; j++) {
          int step = inDirs[j] == 1 ? length - 1 - t : t;
          formal[n + j] = in[n + j].slice(axes[j], step, step + 1).squeeze(axes[j]);
        }
        Tensor[] out = body.run(formal, in);
        state = Arrays.copyOf(out, n);
        for (int j = 0; j < k; j++) {
          outs.get(j).add(out[n + j]);
        }
      }
      Tensor[] result = Arrays.copyOf(state, n + k);
      for (int j = 0; j < k; j++) {
        List<Tensor> list = outs.get(j);
        if (list.isEmpty()) {
          throw new IllegalArgumentException("Scan: the scan inputs are empty");
        }
        if (outDirs[j] == 1) {
          Collections.reverse(list);
        }
        int axis = OpUtil.axis(outAxes[j], list.get(0).rank() + 1, "Scan: scan_output_axes");
        result[n + j] = Tensor.stack(axis, list.toArray(new Tensor[0]));
      }
      return result;
    };
  }
}
