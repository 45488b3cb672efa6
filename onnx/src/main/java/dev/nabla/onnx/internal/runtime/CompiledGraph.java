package dev.nabla.onnx.internal.runtime;

import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph compiled for running: every value has a slot; initializers and values computable from
 * them alone are constants, computed once at load; each remaining node is a {@link Step} with its
 * kernel and the slots it reads and writes. {@link #execute} runs the steps over a fresh slot
 * array, so one compiled graph serves concurrent callers.
 */
public final class CompiledGraph {
  /** One node to run: its kernel, input slots (-1: omitted), output slots (-1: unwanted). */
  record Step(OpKernel kernel, int[] in, int[] out, int[] release, String label) {}

  private final List<Step> steps;
  private final Tensor[] constants;
  private final int[] inputSlots;
  private final int[] paramSlots;
  private final int[] outputSlots;
  private final List<String> inputNames;
  private final List<String> outputNames;
  private final List<String> paramNames;
  private final int buffers;
  private final Map<String, Tensor> initializers;

  /** The storage arrays of the constants, by identity: outputs sharing one are copied. */
  private final Set<Object> constantStorage;

  CompiledGraph(
      List<Step> steps,
      Tensor[] constants,
      int[] inputSlots,
      int[] paramSlots,
      int[] outputSlots,
      List<String> inputNames,
      List<String> outputNames,
      List<String> paramNames,
      int buffers,
      Map<String, Tensor> initializers) {
    this.steps = steps;
    this.constants = constants;
    this.inputSlots = inputSlots;
    this.paramSlots = paramSlots;
    this.outputSlots = outputSlots;
    this.inputNames = inputNames;
    this.outputNames = outputNames;
    this.paramNames = paramNames;
    this.buffers = buffers;
    this.initializers = initializers;
    Set<Object> storage = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Tensor c : constants) {
      if (c != null) {
        storage.add(storage(c));
      }
    }
    this.constantStorage = storage;
  }

  private static Object storage(Tensor t) {
    return switch (t.dtype()) {
      case FLOAT32 -> t.floatStorage();
      case FLOAT64 -> t.doubleStorage();
      case INT32 -> t.intStorage();
      case INT64 -> t.longStorage();
      case BOOL -> t.boolStorage();
    };
  }

  /** The graph's inputs without initializers, in the model's order. */
  public List<String> inputNames() {
    return inputNames;
  }

  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * The initializers passed to {@link #execute} rather than held as constants (empty unless
   * compiled trainable): the trainable ones in the model's order, then the {@link #bufferCount()}
   * buffers (BatchNormalization's running statistics).
   */
  public List<String> parameterNames() {
    return paramNames;
  }

  /** How many of {@link #parameterNames()}, at its end, are buffers rather than trained. */
  public int bufferCount() {
    return buffers;
  }

  /** Every initializer as read from the file, by name. */
  public Map<String, Tensor> initializers() {
    return initializers;
  }

  /**
   * Runs the graph: {@code inputs} in {@link #inputNames()} order, {@code params} in {@link
   * #parameterNames()} order; returns the outputs in {@link #outputNames()} order. A node that
   * fails throws an {@link IllegalArgumentException} naming it and its inputs' shapes.
   */
  public Tensor[] execute(Tensor[] inputs, Tensor[] params) {
    Tensor[] v = constants.clone();
    for (int i = 0; i < inputSlots.length; i++) {
      v[inputSlots[i]] = inputs[i];
    }
    for (int i = 0; i < paramSlots.length; i++) {
      v[paramSlots[i]] = params[i];
    }
    for (Step s : steps) {
      Tensor[] args = new Tensor[s.in().length];
      for (int i = 0; i < args.length; i++) {
        args[i] = s.in()[i] < 0 ? null : v[s.in()[i]];
      }
      Tensor[] r;
      try {
        r = s.kernel().run(args);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            s.label() + " failed on " + describe(args) + ": " + e.getMessage(), e);
      }
      int[] out = s.out();
      if (r == null || r.length < lastWanted(out)) {
        throw new IllegalStateException(
            s.label()
                + " returned "
                + (r == null ? "null" : r.length + " outputs")
                + ", expected "
                + out.length);
      }
      for (int i = 0; i < out.length; i++) {
        if (out[i] >= 0) {
          if (r[i] == null) {
            throw new IllegalStateException(s.label() + " did not compute its output " + i);
          }
          v[out[i]] = r[i];
        }
      }
      for (int slot : s.release()) {
        v[slot] = null;
      }
    }
    Tensor[] result = new Tensor[outputSlots.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = v[outputSlots[i]];
      if (constantStorage.contains(storage(result[i]))) {
        // an output that is (a view of) one of the model's constants: the caller gets its own copy,
        // so writing into it cannot change the model
        result[i] = result[i].copy();
      }
    }
    return result;
  }

  private static int lastWanted(int[] out) {
    int n = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 0) {
        n = i + 1;
      }
    }
    return n;
  }

  private static String describe(Tensor[] args) {
    StringBuilder b = new StringBuilder("inputs (");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      Tensor t = args[i];
      b.append(
          t == null
              ? "none"
              : t.dtype().toString().toLowerCase(java.util.Locale.ROOT)
                  + Arrays.toString(t.shape()));
    }
    return b.append(')').toString();
  }
}
