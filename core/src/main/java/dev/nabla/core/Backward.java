package dev.nabla.core;

import dev.nabla.core.internal.ArrayPool;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.ops.SumTo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The reverse-mode engine: walks the graph backwards from a tensor, accumulating gradients. */
final class Backward {
  private Backward() {}

  static void run(Tensor root, Tensor seed, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: this tensor does not require grad; mark an input with requiresGrad(true) "
              + "before computing it (and not inside a Grad.disabled() scope)");
    }
    if (seed == null) {
      throw new IllegalArgumentException("backward: the seed gradient must not be null");
    }
    if (!Arrays.equals(seed.shapeRef(), root.shapeRef()) || seed.dtype() != root.dtype()) {
      throw new IllegalArgumentException(
          "backward: seed gradient has shape "
              + Arrays.toString(seed.shapeRef())
              + " "
              + seed.dtype()
              + ", expected the output's shape "
              + Arrays.toString(root.shapeRef())
              + " "
              + root.dtype());
    }
    Node rootNode = root.gradFn();
    if (rootNode == null) {
      root.accumulateGrad(seed);
      return;
    }
    // Read once per pass: the modes on this thread when backward() is called decide.
    Grad.State state = Grad.state();
    boolean recording = state.enabled;
    boolean anomaly = state.anomaly;
    List<Node> order = order(rootNode);
    rootNode.pendingGrad = seed;
    try {
      for (int k = order.size() - 1; k >= 0; k--) {
        Node node = order.get(k);
        Tensor g = node.pendingGrad;
        boolean gOwned = node.pendingOwned;
        node.pendingGrad = null;
        node.pendingOwned = false;
        if (g == null) {
          continue;
        }
        OpContext ctx = node.context();
        if (ctx.isReleased()) {
          throw new IllegalStateException(
              "backward: the graph through "
                  + node.opName()
                  + " was already freed by an earlier "
                  + "backward(); pass retainGraph=true to the first backward to run it twice");
        }
        Tensor[] inGrads;
        // Backward runs with recording off; the ops a backward is written with are not checked
        // one by one: the gradients it returns are, below, and blamed on this node's backward.
        state.enabled = false;
        state.anomaly = false;
        try {
          inGrads = node.op().runBackward(ctx, g);
        } finally {
          state.enabled = recording;
          state.anomaly = anomaly;
        }
        List<Tensor> inputs = node.inputs();
        if (inGrads == null || inGrads.length != inputs.size()) {
          throw new IllegalStateException(
              node.opName()
                  + ": backward returned "
                  + (inGrads == null ? "null" : inGrads.length + " gradients")
                  + ", expected one per input ("
                  + inputs.size()
                  + ")");
        }
        for (int i = 0; i < inGrads.length; i++) {
          Tensor in = inputs.get(i);
          if (!ctx.needsInputGrad(i)) {
            continue;
          }
          if (anomaly && inGrads[i] != null) {
            AnomalyException.checkBackward(node, i, inGrads[i], g);
          }
          Tensor gi = conform(node, i, inGrads[i], in);
          Node producer = in.gradFn();
          if (producer != null) {
            if (producer.pendingGrad == null) {
              producer.pendingGrad = gi;
              producer.pendingOwned = owned(node, ctx, i, gi, inGrads, g);
            } else {
              producer.pendingGrad = sum(producer.pendingGrad, gi);
              producer.pendingOwned = true;
            }
          } else if (owned(node, ctx, i, gi, inGrads, g)) {
            in.storeOwnedGrad(gi);
          } else {
            in.accumulateGrad(gi);
          }
        }
        if (gOwned) {
          recycle(node, g, inGrads);
        }
        if (!retainGraph) {
          ctx.release();
        }
      }
    } finally {
      for (Node n : order) {
        n.pendingGrad = null; // an exception must not leave gradients behind for the next pass
        n.pendingOwned = false;
      }
    }
  }

  /** The package of nabla's built-in ops, whose backward functions keep no gradient they return. */
  private static final String BUILT_IN_OPS = SumTo.class.getPackageName();

  /**
   * Whether the gradient {@code gi} that {@code node}'s backward returned for input {@code i} (a
   * leaf) is held by nothing else, so the leaf can keep it instead of a copy. A built-in op's
   * backward returns, besides tensors it allocated, only its incoming gradient, its inputs, its
   * saved tensors, or views of them (nabla's views share the array): a gradient over none of those
   * arrays, and over no other gradient this backward returned, is its own. A broadcast gradient
   * summed back to the input's shape is a new tensor whatever op returned it. A user's op may keep
   * what it returns (in a field, a cache), so its gradients are copied.
   */
  private static boolean owned(
      Node node, OpContext ctx, int i, Tensor gi, Tensor[] inGrads, Tensor g) {
    boolean conformed = gi != inGrads[i];
    if (!conformed && !BUILT_IN_OPS.equals(node.op().getClass().getPackageName())) {
      return false;
    }
    Object data = TensorAccess.data(gi);
    if (data == TensorAccess.data(g) || ctx.holdsArray(data)) {
      return false;
    }
    for (int j = 0; j < inGrads.length; j++) {
      if (inGrads[j] != null && (j != i || conformed) && TensorAccess.data(inGrads[j]) == data) {
        return false;
      }
    }
    List<Tensor> inputs = node.inputs();
    for (int j = 0; j < inputs.size(); j++) {
      if (TensorAccess.data(inputs.get(j)) == data) {
        return false;
      }
    }
    return true;
  }

  /**
   * Gives the storage of a node's incoming gradient {@code g} back for later allocations once the
   * node's backward is done, when nothing can reach it any more: {@code g} was owned (a gradient
   * only the engine held, never the seed, see {@link #owned}), a built-in op's backward keeps no
   * reference to its incoming gradient, and none of the gradients it returned is over {@code g}'s
   * array (a gradient passed through lives on in the next node or a leaf).
   */
  private static void recycle(Node node, Tensor g, Tensor[] inGrads) {
    if (!(TensorAccess.data(g) instanceof float[] data)
        || !BUILT_IN_OPS.equals(node.op().getClass().getPackageName())) {
      return;
    }
    for (Tensor t : inGrads) {
      if (t != null && TensorAccess.data(t) == data) {
        return;
      }
    }
    ArrayPool.give(data);
  }

  private static final AtomicInteger MARKS = new AtomicInteger();

  /**
   * The nodes behind {@code root}, inputs' producers first: a depth-first post-order without
   * recursion (deep graphs cannot overflow the stack) that marks nodes instead of hashing them, so
   * the per-sample graphs of small models cost little to walk.
   */
  private static List<Node> order(Node root) {
    int mark = MARKS.incrementAndGet();
    if (mark == 0) {
      mark = MARKS.incrementAndGet(); // 0 is what a new node holds
    }
    List<Node> order = new ArrayList<>();
    Node[] stack = new Node[16];
    int[] next = new int[16];
    int top = 0;
    stack[0] = root;
    root.mark = mark;
    while (top >= 0) {
      Node n = stack[top];
      List<Tensor> ins = n.inputs();
      if (next[top] < ins.size()) {
        Node child = ins.get(next[top]++).gradFn();
        if (child != null && child.mark != mark) {
          child.mark = mark;
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = child;
          next[top] = 0;
        }
      } else {
        order.add(n);
        stack[top--] = null;
      }
    }
    return order;
  }

  /** Checks a returned gradient and sums a broadcast one back to the input's shape. */
  private static Tensor conform(Node node, int i, Tensor gi, Tensor in) {
    if (gi == null) {
      throw new IllegalStateException(
          node.opName()
              + ": backward returned no gradient for input "
              + i
              + ", which requires one");
    }
    if (gi.dtype() != in.dtype()) {
      throw new IllegalStateException(
          node.opName()
              + ": backward returned a "
              + gi.dtype()
              + " gradient for input "
              + i
              + ", which is "
              + in.dtype());
    }
    int[] want = in.shapeRef();
    if (Arrays.equals(gi.shapeRef(), want)) {
      return gi;
    }
    if (!Shapes.broadcastsTo(want, gi.shapeRef())) {
      throw new IllegalStateException(
          node.opName()
              + ": backward returned a gradient of shape "
              + Arrays.toString(gi.shapeRef())
              + " for input "
              + i
              + " of shape "
              + Arrays.toString(want)
              + ", which does not broadcast to it");
    }
    try (var _ = Grad.disabled()) {
      return new SumTo(want).apply(gi);
    }
  }

  /** a + b for two gradients of one shape and dtype, into a new tensor. */
  static Tensor sum(Tensor a, Tensor b) {
    Tensor out = TensorAccess.empty(a.dtype(), a.shapeRef());
    switch (a.dtype()) {
      case FLOAT32 -> {
        float[] x = TensorAccess.floats(a),
            y = TensorAccess.floats(b),
            o = TensorAccess.floats(out);
        for (int j = 0; j < o.length; j++) {
          o[j] = x[j] + y[j];
        }
      }
      case FLOAT64 -> {
        double[] x = TensorAccess.doubles(a),
            y = TensorAccess.doubles(b),
            o = TensorAccess.doubles(out);
        for (int j = 0; j < o.length; j++) {
          o[j] = x[j] + y[j];
        }
      }
      case INT32 -> throw new IllegalStateException("INT32 tensors carry no gradient");
    }
    return out;
  }
}
